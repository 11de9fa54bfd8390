package admin

import (
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
	return a.ok(w, r, "group_form", &page{Title: titleFor("section", v.Name), Nav: "sections", Data: v})
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
	p := &page{Title: titleFor("section", sec.Name), Nav: "sections", Data: sectionForm(r.URL.Path, sec, position)}
	if position != "" {
		n, err := strconv.Atoi(position)
		if err != nil || n < 0 || n > 10000 {
			return again("group_form", p, apperr.Fields{"position": "Use a whole number from 0 to 10000; lower numbers come first."})
		}
		sec.Position = n
	}
	if _, err := a.content.SaveSection(r.Context(), actor(sessionFrom(r.Context())), sec); err != nil {
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

func titleFor(kind, name string) string {
	if name == "" {
		return "New " + kind
	}
	return "Edit " + kind + ": " + name
}

func savedNotice(r *http.Request) string {
	if r.URL.Query().Get("done") == "saved" {
		return "Saved."
	}
	return ""
}
