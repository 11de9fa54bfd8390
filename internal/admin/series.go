package admin

import (
	"net/http"
	"strconv"

	"masthead/internal/content"
)

type seriesFormView struct {
	Action string
	Series content.Series
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
	v := seriesFormView{Action: "/admin/series/new"}
	if id != 0 {
		if v.Series, err = a.store.GetSeries(r.Context(), id); err != nil {
			return err
		}
		v.Action = "/admin/series/" + strconv.FormatInt(id, 10)
	}
	return a.ok(w, r, "series_form", &page{Title: titleFor("series", v.Series.Name), Nav: "series", Data: v})
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
	v := seriesFormView{Action: r.URL.Path,
		Series: content.Series{ID: id, Name: r.PostFormValue("name"), Slug: r.PostFormValue("slug"), Description: r.PostFormValue("description")}}
	p := &page{Title: titleFor("series", v.Series.Name), Nav: "series", Data: v}
	if _, err := a.content.SaveSeries(r.Context(), actor(sessionFrom(r.Context())), v.Series); err != nil {
		return again("series_form", p, err)
	}
	return seeOther(w, r, "/admin/series?done=saved")
}
