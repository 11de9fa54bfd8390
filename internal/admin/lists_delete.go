package admin

import (
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/apperr"
)

// Deleting a section or a series. An empty one goes at once; one with
// articles says how many and asks where to move them (a series: or out of
// any series), and the move and the delete are one transaction. Its
// address then leads to where the articles went.

type listKindInfo struct {
	Kind, ListName, ListPath string // "section", "Sections", "/admin/sections"
}

var (
	sectionKind = listKindInfo{Kind: "section", ListName: "Sections", ListPath: "/admin/sections"}
	seriesKind  = listKindInfo{Kind: "series", ListName: "Series", ListPath: "/admin/series"}
)

type listChoice struct {
	ID   int64
	Name string
}

type deleteListView struct {
	listKindInfo
	ID       int64
	Name     string
	Slug     string
	Articles int
	Targets  []listChoice // where the articles can go
	MoveTo   string       // as chosen: an id, "0" for no series, "" for not chosen
	Only     bool         // the only section: it cannot go
}

// Action is the form's address.
func (v deleteListView) Action() string {
	return v.ListPath + "/" + strconv.FormatInt(v.ID, 10) + "/delete"
}

func (a *Admin) deleteListView(r *http.Request, k listKindInfo) (*deleteListView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	v := &deleteListView{listKindInfo: k, ID: id}
	if k == sectionKind {
		sec, err := a.store.GetSection(ctx, id)
		if err != nil {
			return nil, err
		}
		v.Name, v.Slug = sec.Name, sec.Slug
		secs, err := a.store.ListSections(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range secs {
			if s.ID != id {
				v.Targets = append(v.Targets, listChoice{ID: s.ID, Name: s.Name})
			}
		}
		v.Only = len(secs) <= 1
	} else {
		ser, err := a.store.GetSeries(ctx, id)
		if err != nil {
			return nil, err
		}
		v.Name, v.Slug = ser.Name, ser.Slug
		list, err := a.store.ListSeries(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range list {
			if s.ID != id {
				v.Targets = append(v.Targets, listChoice{ID: s.ID, Name: s.Name})
			}
		}
	}
	if v.Articles, err = a.store.CountListArticles(ctx, k.Kind, id); err != nil {
		return nil, err
	}
	return v, nil
}

func (a *Admin) deleteListPage(k listKindInfo) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := a.deleteListView(r, k)
		if err != nil {
			return err
		}
		return a.ok(w, r, "delete_list", &page{Title: "Delete " + k.Kind + ": " + v.Name, Nav: navOf(k), Data: v})
	}
}

func navOf(k listKindInfo) string {
	if k == sectionKind {
		return "sections"
	}
	return "series"
}

func (a *Admin) deleteList(k listKindInfo) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := a.deleteListView(r, k)
		if err != nil {
			return err
		}
		v.MoveTo = strings.TrimSpace(r.PostFormValue("move_to"))
		p := &page{Title: "Delete " + k.Kind + ": " + v.Name, Nav: navOf(k), Data: v}
		var moveTo int64
		if v.Only {
			return again("delete_list", p, apperr.New(apperr.Invalid, "This is the only section, and every article needs one: add another section first."))
		}
		if v.MoveTo != "" {
			n, err := strconv.ParseInt(v.MoveTo, 10, 64)
			if err != nil || n < 0 || n == 0 && k == sectionKind {
				return again("delete_list", p, apperr.Fields{"move_to": "Choose a " + k.Kind + " from the list."})
			}
			moveTo = n
		} else if v.Articles > 0 {
			return again("delete_list", p, apperr.Fields{"move_to": "Choose where to move the " + strconv.Itoa(v.Articles) + " articles."})
		}
		act := actor(sessionFrom(r.Context()))
		if k == sectionKind {
			err = a.content.DeleteSection(r.Context(), act, v.ID, moveTo)
		} else {
			err = a.content.DeleteSeries(r.Context(), act, v.ID, moveTo)
		}
		if apperr.KindOf(err) == apperr.Conflict {
			// Something changed since the page was shown: show it as it is now.
			if nv, verr := a.deleteListView(r, k); verr == nil {
				nv.MoveTo = v.MoveTo
				p.Data = nv
			}
			err = apperr.New(apperr.Invalid, apperr.Message(err))
		}
		if err != nil {
			return again("delete_list", p, err)
		}
		return seeOther(w, r, k.ListPath+"?done=deleted")
	}
}
