package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
)

// maxAuthors is how many byline slots the editor offers.
const maxAuthors = 4

// editorForm is what the writer typed, kept as typed so a refused save
// shows it again unchanged.
type editorForm struct {
	Headline, Standfirst, Slug, Topics, Body string
	// BodyHTML is the rich editor's body (canonical HTML, form field
	// body_html); when sent it wins over Body, the Markdown form.
	BodyHTML                         string
	richSent                         bool // the form carried body_html (a refused save shows it again)
	SectionID, SeriesID              int64
	AuthorIDs                        []int64 // one per slot, 0 for an empty one
	LeadImageID                      int64
	LeadAlt, LeadCaption, LeadCredit string
	LeadCrop, LeadFocusX, LeadFocusY string // leadcrop.go
	Correction                       string
	SEOTitle, SocialTitle            string
	SocialDescription                string
	AllowRepeats                     bool
	ShowRelated                      bool   // the "Related" list at the end of the page
	ScheduleAt                       string // datetime-local, publication time
	EmbargoUntil                     string // datetime-local, the hard embargo ("" for none)
	// Version is the stored article's UpdatedAt (Unix µs) the form was
	// opened at, so a save over someone else's later save is refused.
	Version int64
}

type editorView struct {
	Action        string          // where the form posts
	Article       content.Article // as stored; zero for a new article
	Form          editorForm
	LeadImage     *content.Image
	Sections      []content.Section
	Series        []content.Series
	Authors       []content.Author
	CanPublish    bool // may publish, schedule and unpublish this article
	CanSubmit     bool // the form offers Submit for review (editor_workflow.go)
	CanApprove    bool // the form offers Save and approve
	IsEditor      bool
	PublicURL     string
	AskPublishNow bool // a schedule time in the past was refused
	CanPreview    bool
	Suggestions   []suggestion // see-also suggestions for a saved article (related.go)
	// Stats are the stored article's length and headline length; nil for
	// a new article. The live checks give them as the writer types.
	Stats *content.Stats
	// Markdown keeps the Markdown textarea even with JavaScript
	// (?editor=markdown); otherwise the rich editor takes over the body.
	Markdown bool
	// AutosaveURL is where the script posts the form (editor_autosave.go).
	AutosaveURL string
	// Pending is a published article's staged edit, shown in the form.
	Pending *pendingView
	// Recovery is the writer's autosave newer than what is stored,
	// offered to restore; Restored says the form shows it.
	Recovery *content.Revision
	Restored bool
	// Presence says who else has the article open, at load.
	Presence *presenceView
	Notes    *notesPanel    // corrections and updates (notes.go); nil for a new article
	Workflow *workflowPanel // the review workflow (workflow.go); nil for a new article
	Desk     *deskPanel     // editorial notes (desknotes.go); nil for a new article
	// Embargo is "Embargoed until ..." while the embargo holds (embargo.go).
	Embargo string
}

// MaxHeadline is the longest headline the checks accept.
func (v *editorView) MaxHeadline() int { return content.MaxHeadline }

// RichBody is the body the rich editor starts from: what it posted, when a
// refused save shows the form again, else the stored body.
func (v *editorView) RichBody() string {
	if v.Form.richSent {
		return v.Form.BodyHTML
	}
	return v.Article.Body
}

// markdownMode reports whether the writer asked for the Markdown form
// instead of the rich editor (the query or the form's "editor" field).
func markdownMode(r *http.Request) bool { return r.FormValue("editor") == "markdown" }

// CanDelete reports whether the article may be deleted (drafts that were
// never published; whoever sees the editor may edit it).
func (v *editorView) CanDelete() bool { return v.Article.ID != 0 && content.Deletable(v.Article) }

type authorSlot struct {
	N        int
	Selected int64
}

// Slots are the byline selects, Author 1 to 4.
func (v *editorView) Slots() []authorSlot {
	out := make([]authorSlot, maxAuthors)
	for i := range out {
		out[i].N = i + 1
		if i < len(v.Form.AuthorIDs) {
			out[i].Selected = v.Form.AuthorIDs[i]
		}
	}
	return out
}

// IsNew reports whether the article has not been saved yet.
func (v *editorView) IsNew() bool { return v.Article.ID == 0 }

// Live reports whether readers can see the article now.
func (v *editorView) Live() bool { return v.Article.Status == content.StatusPublished }

func (a *Admin) newArticle(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sess := sessionFrom(ctx)
	form := editorForm{AuthorIDs: []int64{sess.User.AuthorID}, ShowRelated: true}
	v, err := a.editorView(ctx, sess, content.Article{}, form)
	if err != nil {
		return err
	}
	if len(v.Sections) == 1 {
		v.Form.SectionID = v.Sections[0].ID
	}
	v.Markdown = markdownMode(r)
	return a.ok(w, r, "editor", &page{Title: "New article", Nav: "articles", Data: v, Script: true, Editor: !v.Markdown})
}

func (a *Admin) editArticle(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if art, ok := a.held(r); ok {
		return a.heldPage(w, r, art) // the desk has it: the writer may look, not edit
	}
	art, err := a.editable(r)
	if err != nil {
		return err
	}
	p, err := a.editorPage(ctx, art)
	if err != nil {
		return err
	}
	p.Notice = doneNotice(r.URL.Query().Get("done"))
	if err := a.deskNoteAdded(ctx, r, p); err != nil {
		return err
	}
	v := p.Data.(*editorView)
	if rev := r.URL.Query().Get("restore"); rev != "" && v.Recovery != nil && rev == strconv.FormatInt(v.Recovery.ID, 10) {
		// The autosave fills the form; saving it keeps it. The version
		// stays the stored one, so the save is not a conflict.
		v.Form = a.snapshotForm(ctx, v.Recovery.Snapshot, v.Form.Version)
		v.Restored = true
		if err := a.refresh(ctx, sessionFrom(ctx), v); err != nil {
			return err
		}
		p.Notice = "Your autosaved text is below. Save to keep it, or leave without saving to keep the stored version."
	}
	if markdownMode(r) {
		v.Markdown, p.Editor = true, false
	}
	if v.Recovery != nil {
		// A page with the restore offer must not come back from the
		// browser's cache after the offer was answered.
		w.Header().Set("Cache-Control", "no-store")
	}
	return a.ok(w, r, "editor", p)
}

// editorPage is the edit page of art as stored (a published article with
// its pending version), with its checks, the writer's newer autosave if
// any, and who else has it open. Opening it counts as being present.
func (a *Admin) editorPage(ctx context.Context, art content.Article) (*page, error) {
	sess := sessionFrom(ctx)
	views, err := a.store.Views(ctx, []content.Article{art})
	if err != nil {
		return nil, err
	}
	form := formOf(views[0])
	checked := art
	var pending *content.Pending
	if art.Status == content.StatusPublished {
		if pv, err := a.content.PendingOf(ctx, art.ID); err == nil {
			pending = &pv
			form = a.snapshotForm(ctx, pv.Snapshot, pv.UpdatedAt.UnixMicro())
			if changed, err := a.content.PendingArticle(ctx, art, pv); err == nil {
				checked = changed
			}
		} else if apperr.KindOf(err) != apperr.NotFound {
			return nil, err
		}
	}
	v, err := a.editorView(ctx, sess, art, form)
	if err != nil {
		return nil, err
	}
	rev, ok, err := a.content.Recovery(ctx, actor(sess), art, pending)
	if err != nil {
		return nil, err
	}
	if ok {
		v.Recovery = &rev
	}
	ps, err := a.content.Heartbeat(ctx, actor(sess), art.ID)
	if err != nil {
		return nil, err
	}
	st, err := a.store.GetSettings(ctx)
	if err != nil {
		return nil, err
	}
	pj, err := a.presenceJSON(ctx, sess, ps, st.Location())
	if err != nil {
		return nil, err
	}
	v.Presence = &presenceView{Holds: pj.Holds, Message: pj.Message, Others: pj.Others, Taken: pj.TakenOver}
	p := &page{Title: "Edit: " + art.Headline, Nav: "articles", Data: v, Script: true, Editor: true}
	if p.Problems, err = a.checks(ctx, checked); err != nil {
		return nil, err
	}
	return p, nil
}

// previewArticle shows the stored version of an article as readers would
// see it once published: GET /admin/articles/{id}/preview.
func (a *Admin) previewArticle(w http.ResponseWriter, r *http.Request) error {
	if a.preview == nil {
		return apperr.New(apperr.NotFound, "Previews are not available here.")
	}
	art, err := a.viewable(r)
	if err != nil {
		return err
	}
	return a.preview.Preview(w, r, art.ID, "/admin/articles/"+strconv.FormatInt(art.ID, 10))
}

// deleteArticlePage asks before a draft is deleted.
func (a *Admin) deleteArticlePage(w http.ResponseWriter, r *http.Request) error {
	art, err := a.deletable(r)
	if err != nil {
		return err
	}
	return a.ok(w, r, "delete_article", &page{Title: "Delete: " + art.Headline, Nav: "articles", Data: art})
}

// deleteArticle deletes a draft that was never published.
func (a *Admin) deleteArticle(w http.ResponseWriter, r *http.Request) error {
	art, err := a.deletable(r)
	if err != nil {
		return err
	}
	if err := a.content.DeleteDraft(r.Context(), actor(sessionFrom(r.Context())), art.ID); err != nil {
		return err
	}
	return seeOther(w, r, "/admin/articles?done=deleted")
}

// deletable loads the article of the path if the signed-in user may edit
// it and it is a draft that was never published.
func (a *Admin) deletable(r *http.Request) (content.Article, error) {
	art, err := a.editable(r)
	if err != nil {
		return art, err
	}
	if !content.Deletable(art) {
		return art, apperr.New(apperr.Conflict, "Only a draft that was never published can be deleted. Unpublish published work instead.")
	}
	return art, nil
}

// editable loads the article of the path, if the signed-in user may edit it.
func (a *Admin) editable(r *http.Request) (content.Article, error) {
	return a.pathArticle(r, content.CanEdit, "You cannot open this article: your role lets you edit only your own articles (contributors: until they are published).")
}

// pathArticle loads the article of the path if may lets the signed-in
// user at it, else answers Forbidden with refusal.
func (a *Admin) pathArticle(r *http.Request, may func(content.Actor, content.Article) bool, refusal string) (content.Article, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return content.Article{}, err
	}
	art, err := a.store.GetArticle(r.Context(), id)
	if err != nil {
		return art, err
	}
	if !may(actor(sessionFrom(r.Context())), art) {
		return art, apperr.New(apperr.Forbidden, refusal)
	}
	return art, nil
}

func doneNotice(done string) string {
	switch done {
	case "save":
		return "Saved."
	case "publish":
		return "Published: readers can see it now."
	case "schedule":
		return "Scheduled: it will be published at the time below."
	case "unpublish":
		return "Unpublished: readers can no longer see it."
	case "restored":
		return "The revision is restored, and saved as a new revision."
	case "see-also":
		return "See-also line added to the end of the body, and saved."
	case "restored-pending":
		return "The revision is restored as pending changes: readers see it once the changes are published."
	case "see-also-pending":
		return "See-also line added to the end of the body, and saved as pending changes: readers see it once the changes are published."
	case "staged":
		return "Saved as pending changes: readers still see the published version until the changes are published."
	case "schedule-changes":
		return "Changes scheduled: they will be published at the time below; readers see the published version until then."
	case "publish-changes":
		return "Changes published: readers see them now."
	case "discard-changes":
		return "Pending changes discarded: the published version is unchanged."
	case "discarded":
		return "Autosaved text set aside: it stays in Revisions."
	case "note":
		return "Note added: readers see it with the article now."
	}
	if n := saveMoveNotice(done); n != "" {
		return n
	}
	return workflowNotice(done)
}

func formOf(v content.ArticleView) editorForm {
	f := editorForm{Headline: v.Headline, Standfirst: v.Standfirst, Slug: v.Slug, Body: v.BodySource,
		SectionID: v.SectionID, SeriesID: v.SeriesID, LeadImageID: v.LeadImageID, LeadAlt: v.LeadAlt,
		LeadCaption: v.LeadCaption, LeadCredit: v.LeadCredit, Correction: v.Correction, AllowRepeats: v.AllowRepeats,
		ShowRelated: !v.HideRelated, Version: v.UpdatedAt.UnixMicro(),
		SEOTitle: v.SEOTitle, SocialTitle: v.SocialTitle, SocialDescription: v.SocialDescription}
	names := make([]string, len(v.Topics))
	for i, t := range v.Topics {
		names[i] = t.Name
	}
	f.Topics = strings.Join(names, ", ")
	f.LeadCrop = v.LeadCrop
	f.setLeadFocus(v.LeadFocus)
	for _, au := range v.Authors {
		f.AuthorIDs = append(f.AuthorIDs, au.ID)
	}
	return f
}

// editorView gathers what the editor page shows around the form.
func (a *Admin) editorView(ctx context.Context, sess *auth.Session, art content.Article, f editorForm) (*editorView, error) {
	v := &editorView{Action: "/admin/articles/new", Article: art, Form: f, IsEditor: sess.User.Role.AtLeast(auth.RoleEditor),
		CanPreview: a.preview != nil}
	if art.ID != 0 {
		v.Action = "/admin/articles/" + strconv.FormatInt(art.ID, 10)
	}
	v.AutosaveURL = v.Action + "/autosave"
	var err error
	if v.Sections, err = a.store.ListSections(ctx); err != nil {
		return nil, err
	}
	if v.Series, err = a.store.ListSeries(ctx); err != nil {
		return nil, err
	}
	if v.Authors, err = a.store.ListAuthors(ctx); err != nil {
		return nil, err
	}
	if err := a.refresh(ctx, sess, v); err != nil {
		return nil, err
	}
	st, err := a.store.GetSettings(ctx)
	if err != nil {
		return nil, err
	}
	if v.Form.ScheduleAt == "" && !art.ScheduledAt.IsZero() {
		v.Form.ScheduleAt = art.ScheduledAt.In(st.Location()).Format(localLayout)
	}
	if v.Form.EmbargoUntil == "" && !art.EmbargoUntil.IsZero() {
		v.Form.EmbargoUntil = art.EmbargoUntil.In(st.Location()).Format(localLayout)
	}
	v.Embargo = embargoLabel(art, a.now(), st.Location())
	if art.Status == content.StatusPublished {
		v.PublicURL = st.BaseURL + content.ArticleRef{Slug: art.Slug}.URL()
	}
	if art.ID != 0 {
		if v.Suggestions, err = a.suggestions(ctx, art, v.Sections); err != nil {
			return nil, err
		}
		st := content.StatsOf(art)
		v.Stats = &st
	}
	if art.Status == content.StatusPublished {
		p, err := a.content.PendingOf(ctx, art.ID)
		if err == nil {
			names, err := a.userNames(ctx)
			if err != nil {
				return nil, err
			}
			v.Pending = &pendingView{Pending: p, By: names[p.By]}
			if v.Form.ScheduleAt == "" && !p.PublishAt.IsZero() {
				v.Form.ScheduleAt = p.PublishAt.In(st.Location()).Format(localLayout)
			}
		} else if apperr.KindOf(err) != apperr.NotFound {
			return nil, err
		}
	}
	if v.Notes, err = a.notesPanel(ctx, sess, art); err != nil {
		return nil, err
	}
	if v.Workflow, err = a.workflowPanel(ctx, sess, art); err != nil {
		return nil, err
	}
	if v.Desk, err = a.deskPanel(ctx, sess, art); err != nil {
		return nil, err
	}
	return v, nil
}

// refresh recomputes what depends on the form and the stored article.
func (a *Admin) refresh(ctx context.Context, sess *auth.Session, v *editorView) error {
	v.CanPublish = content.CanPublish(actor(sess), v.Article, v.Form.AuthorIDs)
	v.CanSubmit, v.CanApprove = formMoves(actor(sess), v.Article)
	v.LeadImage = nil
	if v.Form.LeadImageID != 0 {
		img, err := a.store.GetImage(ctx, v.Form.LeadImageID)
		if err == nil {
			v.LeadImage = &img
		} else if apperr.KindOf(err) != apperr.NotFound {
			return err
		}
	}
	return nil
}

// checks runs the pre-publish checks on a stored article, so writers see
// them every time they open it, not only when they try to publish.
func (a *Admin) checks(ctx context.Context, art content.Article) ([]content.Problem, error) {
	body, err := content.ConvertBodyMarkdown(art.BodySource, a.bodyLookup(ctx))
	var serr *content.SourceError
	if errors.As(err, &serr) {
		// Stored before the limits existed: say so, without converting it.
		return []content.Problem{content.SourceProblem(serr)}, nil
	} else if err != nil {
		return nil, nil // a body that cannot be read was refused when saved
	}
	art.Body, art.LinkedIDs = body.HTML, body.LinkedIDs
	refs, err := a.store.ArticleRefs(ctx, body.LinkedIDs)
	if err != nil {
		return nil, err
	}
	return content.Check(art, body, refs), nil
}

// localLayout is the value format of a datetime-local input.
const localLayout = "2006-01-02T15:04"

// parseLocal reads a datetime-local value as a time in the publication's zone.
func parseLocal(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{localLayout, "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// bodyLookup finds what a body's Markdown refers to: articles by slug and
// images of the library.
func (a *Admin) bodyLookup(ctx context.Context) content.BodyLookup {
	return content.BodyLookup{
		BySlug: func(slug string) (content.ArticleRef, bool) {
			ref, err := a.store.ArticleRefBySlug(ctx, slug)
			return ref, err == nil
		},
		Image: func(id int64) (content.Image, bool) {
			im, err := a.store.GetImage(ctx, id)
			return im, err == nil
		},
	}
}

// snapshotForm is the form filled from a stored version (a pending version
// or an autosave). The rich editor starts from that version's body too, not
// from the article's stored one, or a save from it would drop the version.
func (a *Admin) snapshotForm(ctx context.Context, sn content.Snapshot, version int64) editorForm {
	f := formOfSnapshot(sn, version)
	if res, err := content.ConvertBodyMarkdown(f.Body, a.bodyLookup(ctx)); err == nil {
		f.BodyHTML, f.richSent = res.HTML, true
	}
	return f
}
