package admin

import (
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/newsletter"
)

// Job sectors live under Settings: the publication's list, offered on
// sign-up forms. A deactivated sector is no longer offered but stays on
// the readers who chose it.

type sectorsView struct {
	Sectors []newsletter.Sector
	// The add form, as typed.
	Name, Position string
}

func (a *Admin) sectorList(w http.ResponseWriter, r *http.Request) error {
	v, err := a.sectorsView(r)
	if err != nil {
		return err
	}
	p := &page{Title: "Job sectors", Nav: "settings", Data: v, Notice: savedNotice(r)}
	return a.ok(w, r, "sectors", p)
}

func (a *Admin) sectorsView(r *http.Request) (*sectorsView, error) {
	list, err := a.newsletters.Sectors(r.Context())
	if err != nil {
		return nil, err
	}
	next := 0
	for _, s := range list {
		next = max(next, s.Position+1)
	}
	return &sectorsView{Sectors: list, Position: strconv.Itoa(next)}, nil
}

// addSector adds a sector from the form at the foot of the list.
func (a *Admin) addSector(w http.ResponseWriter, r *http.Request) error {
	v, err := a.sectorsView(r)
	if err != nil {
		return err
	}
	v.Name, v.Position = r.PostFormValue("name"), strings.TrimSpace(r.PostFormValue("position"))
	p := &page{Title: "Job sectors", Nav: "settings", Data: v}
	sec := newsletter.Sector{Name: v.Name, Active: true}
	var ok bool
	if sec.Position, ok = listPosition(v.Position); !ok {
		return again("sectors", p, apperr.Fields{"position": badPosition})
	}
	if _, err := a.newsletters.SaveSector(r.Context(), sec); err != nil {
		return again("sectors", p, err)
	}
	return seeOther(w, r, "/admin/settings/sectors?done=saved")
}

type sectorFormView struct {
	Sector   newsletter.Sector
	Position string
}

func (a *Admin) sector(r *http.Request) (newsletter.Sector, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return newsletter.Sector{}, err
	}
	list, err := a.newsletters.Sectors(r.Context())
	if err != nil {
		return newsletter.Sector{}, err
	}
	for _, s := range list {
		if s.ID == id {
			return s, nil
		}
	}
	return newsletter.Sector{}, errNotFound
}

func (a *Admin) sectorForm(w http.ResponseWriter, r *http.Request) error {
	sec, err := a.sector(r)
	if err != nil {
		return err
	}
	v := sectorFormView{Sector: sec, Position: strconv.Itoa(sec.Position)}
	return a.ok(w, r, "sector_form", &page{Title: "Edit sector: " + sec.Name, Nav: "settings", Data: v})
}

// saveSector renames, moves and (de)activates a sector.
func (a *Admin) saveSector(w http.ResponseWriter, r *http.Request) error {
	sec, err := a.sector(r)
	if err != nil {
		return err
	}
	title := "Edit sector: " + sec.Name
	sec.Name, sec.Active = r.PostFormValue("name"), r.PostFormValue("active") != ""
	v := sectorFormView{Sector: sec, Position: strings.TrimSpace(r.PostFormValue("position"))}
	p := &page{Title: title, Nav: "settings", Data: v}
	var ok bool
	if sec.Position, ok = listPosition(v.Position); !ok {
		return again("sector_form", p, apperr.Fields{"position": badPosition})
	}
	if _, err := a.newsletters.SaveSector(r.Context(), sec); err != nil {
		return again("sector_form", p, err)
	}
	return seeOther(w, r, "/admin/settings/sectors?done=saved")
}

// toggleSector deactivates or activates a sector from the list.
func (a *Admin) toggleSector(w http.ResponseWriter, r *http.Request) error {
	sec, err := a.sector(r)
	if err != nil {
		return err
	}
	switch r.PostFormValue("active") {
	case "1":
		sec.Active = true
	case "0":
		sec.Active = false
	default:
		return apperr.New(apperr.Invalid, "Choose to activate or deactivate the sector.")
	}
	if _, err := a.newsletters.SaveSector(r.Context(), sec); err != nil {
		return err
	}
	return seeOther(w, r, "/admin/settings/sectors?done=saved")
}

// badPosition is the message on a position listPosition refuses.
const badPosition = "Use a whole number from 0 to 10000; lower numbers come first."

// listPosition reads the position of a sector or newsletter as typed
// (empty is 0); ok is false when it is not a whole number from 0 to 10000.
func listPosition(s string) (n int, ok bool) {
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 10000 {
		return 0, false
	}
	return n, true
}
