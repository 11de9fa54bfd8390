package admin

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
)

// The editor page's "Desk" panel (decision 0046): the article's editorial
// notes, private to the newsroom, and its workflow events (decision 0045),
// in the order they happened, with a form of its own posted to
// /admin/articles/{id}/desk-notes.

// deskPanel is what the panel shows.
type deskPanel struct {
	Action  string
	article content.Article
	Items   []deskItem
	Handles []content.Handle // whom a note may mention, for the hint
	Text    string           // as typed, when the form comes back with an error
	// Added is set on the page shown after adding a note: what became
	// of its mentions.
	Added    bool
	Mentions []content.Mention
}

// deskItem is one entry of the panel's history: a note, or a change of
// the article's status or assignee (decision 0045) with its note.
type deskItem struct {
	At       time.Time
	Full     string // At to the second, in the publication's zone, for the title
	Who      string // who wrote a note; "" when their account is gone
	Note     *content.DeskNote
	Notified []string // the names a note emailed
	Delete   string   // where its writer deletes a note (desknotes_delete.go); "" for others
	What     string   // what an event did: "Wes Writer submitted it for review"
	Said     string   // an event's note (a send-back's reason)
}

// Lines is an event's note split at its line breaks.
func (it deskItem) Lines() []string { return strings.Split(it.Said, "\n") }

// Notified lists the names of the mentions that emailed someone.
func (p *deskPanel) Notified() []string {
	var out []string
	for _, m := range p.Mentions {
		if m.Notified {
			out = append(out, m.Name)
		}
	}
	return out
}

// Missed lists the mentions that notified nobody, each with why.
func (p *deskPanel) Missed() []content.Mention {
	var out []content.Mention
	for _, m := range p.Mentions {
		if !m.Notified {
			out = append(out, m)
		}
	}
	return out
}

// deskPanel loads the panel for art; nil for an article not yet saved or
// one the signed-in user may not see the notes of.
func (a *Admin) deskPanel(ctx context.Context, sess *auth.Session, art content.Article) (*deskPanel, error) {
	if art.ID == 0 || !content.CanSeeDesk(actor(sess), art) {
		return nil, nil
	}
	notes, err := a.content.DeskNotes(ctx, actor(sess), art)
	if err != nil {
		return nil, err
	}
	names, err := a.userNames(ctx)
	if err != nil {
		return nil, err
	}
	st, err := a.store.GetSettings(ctx)
	if err != nil {
		return nil, err
	}
	p := &deskPanel{Action: "/admin/articles/" + strconv.FormatInt(art.ID, 10) + "/desk-notes", article: art}
	for i := range notes {
		n := &notes[i]
		it := deskItem{At: n.At, Who: n.UserName, Note: n, Delete: deleteNoteAction(sess, *n)}
		for _, id := range n.Mentions {
			if name := names[id]; name != "" {
				it.Notified = append(it.Notified, name)
			}
		}
		p.Items = append(p.Items, it)
	}
	events, err := a.content.DeskEvents(ctx, actor(sess), art)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		p.Items = append(p.Items, deskItem{At: e.At, What: eventText(e), Said: e.Note})
	}
	sort.SliceStable(p.Items, func(i, j int) bool { return p.Items[i].At.Before(p.Items[j].At) })
	for i := range p.Items {
		p.Items[i].Full = p.Items[i].At.In(st.Location()).Format("Monday 2 January 2006, 15:04:05 MST")
	}
	if p.Handles, err = a.content.MentionableHandles(ctx, actor(sess), art); err != nil {
		return nil, err
	}
	return p, nil
}

// addDeskNote adds an editorial note: POST /admin/articles/{id}/desk-notes.
// A refused note shows the editor page again with the text as typed;
// nothing is stored and nobody is emailed.
func (a *Admin) addDeskNote(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	sess := sessionFrom(ctx)
	text := r.PostFormValue("desk_note")
	res, err := a.content.AddDeskNote(ctx, actor(sess), id, text)
	if err != nil {
		art, gerr := a.store.GetArticle(ctx, id)
		if gerr != nil || !content.CanSeeDesk(actor(sess), art) {
			return err
		}
		name, p, perr := a.articleStatePage(ctx, art) // the editor, or the held page
		if perr != nil {
			return perr
		}
		if d := deskOf(p); d != nil {
			d.Text = text
		}
		return again(name, p, err)
	}
	return seeOther(w, r, "/admin/articles/"+strconv.FormatInt(id, 10)+"?done=desk-note&note="+strconv.FormatInt(res.Note.ID, 10)+"#desk")
}

// deskNoteAdded fills in, on the page shown after a note was added
// (?done=desk-note&note=ID), whom it emailed and which mentions notified
// nobody, and why.
func (a *Admin) deskNoteAdded(ctx context.Context, r *http.Request, p *page) error {
	d := deskOf(p)
	if d != nil && r.URL.Query().Get("done") == doneNoteDeleted {
		p.Notice = "Your note is deleted from the desk."
		return nil
	}
	if d == nil || r.URL.Query().Get("done") != "desk-note" {
		return nil
	}
	id, err := strconv.ParseInt(r.URL.Query().Get("note"), 10, 64)
	if err != nil {
		return nil
	}
	ms, err := a.content.DeskNoteMentions(ctx, actor(sessionFrom(ctx)), d.article, id)
	if err != nil {
		return nil // not this person's note: say nothing about it
	}
	d.Added, d.Mentions = true, ms
	p.Notice = "Note added to the desk."
	if names := d.Notified(); len(names) > 0 {
		p.Notice += " Emailed: " + strings.Join(names, ", ") + "."
	}
	return nil
}

// deskOf is the Desk panel of an article's page (the editor or the held
// page), nil when it has none.
func deskOf(p *page) *deskPanel {
	switch v := p.Data.(type) {
	case *editorView:
		return v.Desk
	case *heldView:
		return v.Desk
	}
	return nil
}
