package admin

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
)

// The review workflow (decision 0045) on the article's page: a panel with
// the article's state, its assignee and the buttons the signed-in person
// may press, each a plain form posted to /admin/articles/{id}/workflow or
// /assign; and, for a writer whose article the desk holds (in review), a
// page of its own in place of the editor.

// WorkflowStore is what the workflow pages read; *store.DB is one.
type WorkflowStore interface {
	ListArticleEvents(ctx context.Context, articleID int64) ([]content.ArticleEvent, error)
	Assignees(ctx context.Context, ids []int64) (map[int64]content.Assignee, error)
}

// workflowPanel is the article page's "Workflow" panel.
type workflowPanel struct {
	Action    string // the article's address; the forms post to Action+"/workflow" and "/assign"
	Status    content.Status
	Version   int64
	Moves     []content.Move
	SendBack  bool // Moves holds the send-back, whose note the form asks for
	CanAssign bool
	Assignee  content.Assignee
	Editors   []auth.User // whom an article may be assigned to
	Note      string      // as typed, when the form comes back with an error
	Editing   bool        // shown on the editor, whose unsaved changes the moves leave out
}

// workflowPanel loads the panel for art; nil for an article not yet saved.
func (a *Admin) workflowPanel(ctx context.Context, sess *auth.Session, art content.Article) (*workflowPanel, error) {
	if art.ID == 0 {
		return nil, nil
	}
	act := actor(sess)
	p := &workflowPanel{Action: "/admin/articles/" + strconv.FormatInt(art.ID, 10), Status: art.Status,
		Version: art.UpdatedAt.UnixMicro(), Moves: content.Moves(act, art), CanAssign: sess.User.Role.AtLeast(auth.RoleEditor)}
	p.Editing = content.CanEdit(act, art)
	if submit, _ := formMoves(act, art); p.Editing && submit {
		// The editor's own "Submit for review" saves and submits
		// (editor_workflow.go); one button of that name is enough.
		p.Moves = slices.DeleteFunc(p.Moves, func(m content.Move) bool { return m == content.MoveSubmit })
	}
	for _, m := range p.Moves {
		p.SendBack = p.SendBack || m == content.MoveSendBack
	}
	users, err := a.auth.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.ID == art.AssigneeID {
			p.Assignee = content.Assignee{UserID: u.ID, Name: u.Name}
		}
		if u.Active() && u.Role.AtLeast(auth.RoleEditor) {
			p.Editors = append(p.Editors, u)
		}
	}
	// The article's history is the Desk panel's (desknotes.go), with
	// the notes.
	return p, nil
}

// eventText says what an event did, in a sentence without its date.
func eventText(e content.ArticleEvent) string {
	who := e.UserName
	if who == "" {
		who = "The schedule"
		if e.UserID != 0 {
			who = "A former staff member"
		}
	}
	switch e.Kind {
	case content.EventChanges:
		return who + " published the changes"
	case content.EventDiscard:
		return who + " discarded the pending changes"
	}
	if e.Kind == content.EventAssign {
		if e.AssigneeID == 0 {
			return who + " removed the assignment"
		}
		name := e.AssigneeName
		if name == "" {
			name = "a former staff member"
		}
		return who + " assigned it to " + name
	}
	switch {
	case e.To == content.StatusReview:
		return who + " submitted it for review"
	case e.To == content.StatusReady:
		return who + " approved it"
	case e.To == content.StatusDraft && (e.From == content.StatusReview || e.From == content.StatusReady):
		if e.Note != "" {
			return who + " sent it back to draft"
		}
		return who + " withdrew it from review"
	case e.To == content.StatusPublished:
		return who + " published it"
	case e.To == content.StatusScheduled:
		return who + " scheduled it"
	case e.To == content.StatusUnpublished:
		return who + " unpublished it"
	}
	return who + " moved it from " + e.From.Label() + " to " + e.To.Label()
}

// heldView is the page a writer sees of their article while the desk holds it.
type heldView struct {
	Article    content.Article
	Action     string
	CanPreview bool
	Workflow   *workflowPanel
	Desk       *deskPanel // editorial notes (desknotes.go)
}

// viewable loads the article of the path if the signed-in user may see it.
func (a *Admin) viewable(r *http.Request) (content.Article, error) {
	return a.pathArticle(r, content.CanView, "You cannot open this article: your role lets you see only your own articles.")
}

// held reports whether the article of the path is one the signed-in
// writer may see but not edit now, because the desk holds it.
func (a *Admin) held(r *http.Request) (content.Article, bool) {
	art, err := a.viewable(r)
	return art, err == nil && content.HeldByDesk(actor(sessionFrom(r.Context())), art)
}

// articleStatePage is the article's page as the signed-in person may see
// it now: the editor, or the held page.
func (a *Admin) articleStatePage(ctx context.Context, art content.Article) (string, *page, error) {
	sess := sessionFrom(ctx)
	if content.CanEdit(actor(sess), art) {
		p, err := a.editorPage(ctx, art)
		return "editor", p, err
	}
	wf, err := a.workflowPanel(ctx, sess, art)
	if err != nil {
		return "", nil, err
	}
	v := &heldView{Article: art, Action: wf.Action, CanPreview: a.preview != nil, Workflow: wf}
	if v.Desk, err = a.deskPanel(ctx, sess, art); err != nil {
		return "", nil, err
	}
	return "article_held", &page{Title: art.Headline, Nav: "articles", Data: v}, nil
}

// heldPage shows a writer their article while the desk holds it.
func (a *Admin) heldPage(w http.ResponseWriter, r *http.Request, art content.Article) error {
	name, p, err := a.articleStatePage(r.Context(), art)
	if err != nil {
		return err
	}
	p.Notice = doneNotice(r.URL.Query().Get("done"))
	if err := a.deskNoteAdded(r.Context(), r, p); err != nil {
		return err
	}
	return a.ok(w, r, name, p)
}

// workflowMove makes a workflow move: POST /admin/articles/{id}/workflow
// with move (submit, withdraw, approve, send_back), note and version. A
// refused move shows the article's page again with the reason (403 for
// the role, 409 for its state or a newer version, 422 for the note), and
// changes nothing.
func (a *Admin) workflowMove(w http.ResponseWriter, r *http.Request) error {
	art, err := a.viewable(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	move, note := content.Move(r.PostFormValue("move")), r.PostFormValue("note")
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	moved, err := a.content.Transition(ctx, actor(sessionFrom(ctx)), art.ID, move, note, version)
	if err == nil {
		return seeOther(w, r, "/admin/articles/"+strconv.FormatInt(art.ID, 10)+"?done="+string(move))
	}
	if apperr.KindOf(err) == apperr.Forbidden || apperr.KindOf(err) == apperr.NotFound {
		return err
	}
	var stale *content.EditConflictError
	if errors.As(err, &stale) {
		moved = stale.Current
		err = apperr.New(apperr.Conflict, "Nothing changed: the article was saved again after you opened it. Here it is as it is now; press the button again if it is still what you want.")
	}
	name, p, perr := a.articleStatePage(ctx, moved)
	if perr != nil {
		return perr
	}
	if wf := workflowOf(p); wf != nil && apperr.KindOf(err) == apperr.Invalid {
		wf.Note = note
	}
	return &formError{page: name, p: p, err: err}
}

// assignArticle assigns the article to an editor or to nobody:
// POST /admin/articles/{id}/assign with assignee (a user id, 0 for nobody).
func (a *Admin) assignArticle(w http.ResponseWriter, r *http.Request) error {
	art, err := a.viewable(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	to, _ := strconv.ParseInt(r.PostFormValue("assignee"), 10, 64)
	if _, err := a.content.Assign(ctx, actor(sessionFrom(ctx)), art.ID, to); err != nil {
		if apperr.KindOf(err) != apperr.Invalid {
			return err
		}
		name, p, perr := a.articleStatePage(ctx, art)
		if perr != nil {
			return perr
		}
		return &formError{page: name, p: p, err: err}
	}
	return seeOther(w, r, "/admin/articles/"+strconv.FormatInt(art.ID, 10)+"?done=assign")
}

// workflowOf is the workflow panel of an article page, nil when none.
func workflowOf(p *page) *workflowPanel {
	switch v := p.Data.(type) {
	case *editorView:
		return v.Workflow
	case *heldView:
		return v.Workflow
	}
	return nil
}

// workflowNotice is the confirmation of a workflow move or assignment.
func workflowNotice(done string) string {
	switch done {
	case string(content.MoveSubmit):
		return "Submitted for review: an editor has it now."
	case string(content.MoveWithdraw):
		return "Withdrawn from review: it is a draft again."
	case string(content.MoveApprove):
		return "Approved: it is ready to publish."
	case string(content.MoveSendBack):
		return "Sent back to draft, with your note."
	case "assign":
		return "Assignment saved."
	}
	return ""
}
