package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// groupFormView is the form of a section or a series, which differ only
// in a section's place in the menus.
type groupFormView struct {
	Kind, ListPath, ListName string // "section", "/admin/sections", "Sections"
	Action                   string
	Name, Slug, Description  string
	Position                 *string // sections only: the order as typed
}

func sectionForm(action string, s content.Section, position string) groupFormView {
	return groupFormView{Kind: "section", ListPath: "/admin/sections", ListName: "Sections", Action: action,
		Name: s.Name, Slug: s.Slug, Description: s.Description, Position: &position}
}

func (a *Admin) sectionList(w http.ResponseWriter, r *http.Request) error {
	secs, err := a.store.ListSections(r.Context())
	if err != nil {
		return err
	}
	return a.ok(w, r, "sections", &page{Title: "Sections", Nav: "sections", Data: secs, Notice: savedNotice(r)})
}

func (a *Admin) sectionForm(w http.ResponseWriter, r *http.Request) error {
	id, err := optionalID(r)
	if err != nil {
		return err
	}
	v := sectionForm("/admin/sections/new", content.Section{}, "0")
	if id != 0 {
		sec, err := a.store.GetSection(r.Context(), id)
		if err != nil {
			return err
		}
		v = sectionForm("/admin/sections/"+strconv.FormatInt(id, 10), sec, strconv.Itoa(sec.Position))
	}
	return a.ok(w, r, "group_form", &page{Title: titleFor("section", id, v.Name), Nav: "sections", Data: v})
}

func (a *Admin) saveSection(w http.ResponseWriter, r *http.Request) error {
	id, err := optionalID(r)
	if err != nil {
		return err
	}
	if id != 0 {
		if _, err := a.store.GetSection(r.Context(), id); err != nil {
			return err
		}
	}
	sec := content.Section{ID: id, Name: r.PostFormValue("name"), Slug: r.PostFormValue("slug"), Description: r.PostFormValue("description")}
	position := strings.TrimSpace(r.PostFormValue("position"))
	p := &page{Title: titleFor("section", id, sec.Name), Nav: "sections", Data: sectionForm(r.URL.Path, sec, position)}
	if position != "" {
		n, err := strconv.Atoi(position)
		if err != nil || n < 0 || n > 10000 {
			return again("group_form", p, apperr.Fields{"position": "Use a whole number from 0 to 10000; lower numbers come first."})
		}
		sec.Position = n
	}
	if _, err := a.content.SaveSection(r.Context(), actor(sessionFrom(r.Context())), sec); err != nil {
		if secs, lerr := a.store.ListSections(r.Context()); lerr == nil {
			taken := map[string]string{}
			for _, s := range secs {
				if s.ID != id {
					taken[s.Slug] = s.Name
				}
			}
			err = nameClash(err, "section", sec.Slug, sec.Name, taken)
		}
		return again("group_form", p, err)
	}
	return seeOther(w, r, "/admin/sections?done=saved")
}

// optionalID is the id of the path, 0 on a /new address.
func optionalID(r *http.Request) (int64, error) {
	if r.PathValue("id") == "" {
		return 0, nil
	}
	return pathID(r, "id")
}

// titleFor is the title of the form for a new entry (id 0) or an existing
// one. It follows the id, not the name: a new entry whose save was refused
// has a name typed, and is still new.
func titleFor(kind string, id int64, name string) string {
	switch {
	case id == 0:
		return "New " + kind
	case name == "":
		return "Edit " + kind
	}
	return "Edit " + kind + ": " + name
}

// nameClash words a slug clash as what the person did when they left the
// slug empty: the slug was made from the name, so it is the name that
// another entry already has. Any other error comes back as it was.
func nameClash(err error, kind, typedSlug, name string, taken map[string]string) error {
	var bad apperr.Fields
	if strings.TrimSpace(typedSlug) != "" || !errors.As(err, &bad) || bad["slug"] == "" {
		return err
	}
	other, ok := taken[content.Slugify(strings.TrimSpace(name))]
	if !ok {
		return err
	}
	return apperr.Fields{"name": "A " + kind + " called “" + other + "” already exists. Choose another name, or fill in a different slug."}
}

func savedNotice(r *http.Request) string {
	switch r.URL.Query().Get("done") {
	case "saved":
		return "Saved."
	case "deleted":
		return "Deleted."
	}
	return ""
}
