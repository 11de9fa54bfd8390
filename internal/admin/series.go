package admin

import (
	"net/http"
	"strconv"

	"masthead/internal/content"
)

func seriesForm(action string, s content.Series) groupFormView {
	return groupFormView{Kind: "series", ListPath: "/admin/series", ListName: "Series", Action: action,
		Name: s.Name, Slug: s.Slug, Description: s.Description}
}

func (a *Admin) seriesList(w http.ResponseWriter, r *http.Request) error {
	list, err := a.store.ListSeries(r.Context())
	if err != nil {
		return err
	}
	return a.ok(w, r, "series_list", &page{Title: "Series", Nav: "series", Data: list, Notice: savedNotice(r)})
}

func (a *Admin) seriesForm(w http.ResponseWriter, r *http.Request) error {
	id, err := optionalID(r)
	if err != nil {
		return err
	}
	v := seriesForm("/admin/series/new", content.Series{})
	if id != 0 {
		ser, err := a.store.GetSeries(r.Context(), id)
		if err != nil {
			return err
		}
		v = seriesForm("/admin/series/"+strconv.FormatInt(id, 10), ser)
	}
	return a.ok(w, r, "group_form", &page{Title: titleFor("series", id, v.Name), Nav: "series", Data: v})
}

func (a *Admin) saveSeries(w http.ResponseWriter, r *http.Request) error {
	id, err := optionalID(r)
	if err != nil {
		return err
	}
	if id != 0 {
		if _, err := a.store.GetSeries(r.Context(), id); err != nil {
			return err
		}
	}
	ser := content.Series{ID: id, Name: r.PostFormValue("name"), Slug: r.PostFormValue("slug"), Description: r.PostFormValue("description")}
	p := &page{Title: titleFor("series", id, ser.Name), Nav: "series", Data: seriesForm(r.URL.Path, ser)}
	if _, err := a.content.SaveSeries(r.Context(), actor(sessionFrom(r.Context())), ser); err != nil {
		if list, lerr := a.store.ListSeries(r.Context()); lerr == nil {
			taken := map[string]string{}
			for _, s := range list {
				if s.ID != id {
					taken[s.Slug] = s.Name
				}
			}
			err = nameClash(err, "series", ser.Slug, ser.Name, taken)
		}
		return again("group_form", p, err)
	}
	return seeOther(w, r, "/admin/series?done=saved")
}
