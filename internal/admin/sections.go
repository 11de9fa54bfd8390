package admin

import (
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

type sectionFormView struct {
	Action   string
	Section  content.Section
	Position string // as typed
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
	v := sectionFormView{Action: "/admin/sections/new", Position: "0"}
	if id != 0 {
		if v.Section, err = a.store.GetSection(r.Context(), id); err != nil {
			return err
		}
		v.Action, v.Position = "/admin/sections/"+strconv.FormatInt(id, 10), strconv.Itoa(v.Section.Position)
	}
	return a.ok(w, r, "section_form", &page{Title: titleFor("section", v.Section.Name), Nav: "sections", Data: v})
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
	v := sectionFormView{Action: r.URL.Path, Position: strings.TrimSpace(r.PostFormValue("position")),
		Section: content.Section{ID: id, Name: r.PostFormValue("name"), Slug: r.PostFormValue("slug"), Description: r.PostFormValue("description")}}
	p := &page{Title: titleFor("section", v.Section.Name), Nav: "sections", Data: v}
	if v.Position != "" {
		n, err := strconv.Atoi(v.Position)
		if err != nil || n < 0 || n > 10000 {
			return again("section_form", p, apperr.Fields{"position": "Use a whole number from 0 to 10000; lower numbers come first."})
		}
		v.Section.Position = n
	}
	if _, err := a.content.SaveSection(r.Context(), actor(sessionFrom(r.Context())), v.Section); err != nil {
		return again("section_form", p, err)
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
