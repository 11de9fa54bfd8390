package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/content"
	"masthead/internal/newsletter"
)

// Newsletters are defined by admins: the sender address and List-Id decide
// where replies and complaints go, so they are not an editor's choice
// (README, "Roles").

type newsletterRow struct {
	newsletter.Newsletter
	Count newsletter.SubscriberCount
}

func (a *Admin) newsletterList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	list, err := a.newsletters.Newsletters(ctx)
	if err != nil {
		return err
	}
	counts, err := a.subscribers.CountSubscribers(ctx)
	if err != nil {
		return err
	}
	rows := newsletterRows(list, counts)
	return a.ok(w, r, "newsletters", &page{Title: "Newsletters", Nav: "newsletters", Data: rows, Notice: savedNotice(r)})
}

// newsletterRows puts each newsletter beside its subscriber counts.
func newsletterRows(list []newsletter.Newsletter, counts []newsletter.SubscriberCount) []newsletterRow {
	rows := make([]newsletterRow, 0, len(list))
	for _, n := range list {
		row := newsletterRow{Newsletter: n}
		for _, c := range counts {
			if c.NewsletterID == n.ID {
				row.Count = c
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// newsletterFormView is a newsletter as its form shows it: the position as
// typed, so a refused one comes back unchanged.
type newsletterFormView struct {
	Action   string
	N        newsletter.Newsletter
	Position string
}

func (a *Admin) newsletterForm(w http.ResponseWriter, r *http.Request) error {
	id, err := optionalID(r)
	if err != nil {
		return err
	}
	v := newsletterFormView{Action: "/admin/newsletters/new", N: newsletter.Newsletter{Public: true}, Position: "0"}
	if id != 0 {
		n, err := a.newsletters.Newsletter(r.Context(), id)
		if err != nil {
			return err
		}
		v = newsletterFormView{Action: r.URL.Path, N: n, Position: strconv.Itoa(n.Position)}
	}
	return a.ok(w, r, "newsletter_form", &page{Title: titleFor("newsletter", id, v.N.Name), Nav: "newsletters", Data: v})
}

func (a *Admin) saveNewsletter(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := optionalID(r)
	if err != nil {
		return err
	}
	if id != 0 {
		if _, err := a.newsletters.Newsletter(ctx, id); err != nil {
			return err
		}
	}
	f := r.PostFormValue
	n := newsletter.Newsletter{ID: id, Name: f("name"), Slug: f("slug"), Description: f("description"), Cadence: f("cadence"),
		SenderName: f("sender_name"), SenderEmail: f("sender_email"), ReplyTo: f("reply_to"), ListID: f("list_id"),
		Public: f("public") != "", OnArticles: f("on_articles") != "", Track: f("track") != ""}
	v := newsletterFormView{Action: r.URL.Path, N: n, Position: strings.TrimSpace(f("position"))}
	p := &page{Title: titleFor("newsletter", id, n.Name), Nav: "newsletters", Data: v}
	bad := apperr.Fields{}
	var ok bool
	if n.Position, ok = listPosition(v.Position); !ok {
		bad.Add("position", badPosition)
	}
	others, err := a.newsletters.Newsletters(ctx)
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.ID != id && strings.EqualFold(o.Name, strings.TrimSpace(n.Name)) {
			bad.Add("name", "A newsletter called “"+o.Name+"” already exists. Choose another name.")
		}
	}
	if err := bad.Err(); err != nil {
		return again("newsletter_form", p, err)
	}
	if _, err := a.newsletters.SaveNewsletter(ctx, n); err != nil {
		return again("newsletter_form", p, newsletterClash(err, n, others))
	}
	return seeOther(w, r, "/admin/newsletters?done=saved")
}

// newsletterClash says which of slug and List-Id another newsletter has,
// and words a clash of a slug made from the name as a clash of the name.
func newsletterClash(err error, n newsletter.Newsletter, others []newsletter.Newsletter) error {
	var bad apperr.Fields
	if !errors.As(err, &bad) || !strings.Contains(bad["slug"], "Another newsletter") {
		return err
	}
	typed := strings.TrimSpace(n.Slug)
	slug := typed
	if slug == "" {
		slug = content.Slugify(strings.TrimSpace(n.Name))
	}
	listID := strings.Trim(strings.TrimSpace(n.ListID), "<>")
	for _, o := range others {
		if o.ID == n.ID {
			continue
		}
		switch {
		case o.Slug == slug && typed == "":
			return apperr.Fields{"name": "A newsletter called “" + o.Name + "” already has this name's address. Choose another name, or fill in a different slug."}
		case o.Slug == slug:
			return apperr.Fields{"slug": "The newsletter “" + o.Name + "” already has this slug. Choose another."}
		case listID != "" && strings.EqualFold(o.ListID, listID):
			return apperr.Fields{"list_id": "The newsletter “" + o.Name + "” already has this List-Id. Choose another."}
		}
	}
	return err
}
