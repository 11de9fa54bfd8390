package content

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/queue"
	"masthead/internal/staffmail"
)

// The review workflow (decision 0045). A writer submits a draft for
// review; an editor approves it (ready) or sends it back to draft with a
// note; an editor (or an author, for their own work) publishes or
// schedules it through Save as before. While an article is in review the
// desk holds it: its writer cannot edit it (they may withdraw it), and a
// contributor cannot edit it once approved either. Every change of status
// or assignee is logged (ArticleEvent) and may email the people concerned
// (staffmail), in the transaction of the change.

// Move is a workflow transition a person asks for.
type Move string

// The transitions of the review workflow; publishing, scheduling and
// unpublishing stay Save's actions.
const (
	MoveSubmit   Move = "submit"    // draft or unpublished -> review
	MoveWithdraw Move = "withdraw"  // review -> draft, by its writer
	MoveApprove  Move = "approve"   // review -> ready, editors
	MoveSendBack Move = "send_back" // review or ready -> draft with a note, editors
)

// MaxSendBackChars bounds the note sent with an article sent back.
const MaxSendBackChars = 2000

// Notifier queues the desk's emails inside a transaction;
// *staffmail.Sender is one.
type Notifier interface {
	Queue(ctx context.Context, jobs queue.JobWriter, n staffmail.Notice) error
}

// WorkflowStore is what the workflow reads besides articles.
type WorkflowStore interface {
	ListUsers(ctx context.Context) ([]auth.User, error)
}

// WorkflowTx is what the workflow writes in a transaction.
type WorkflowTx interface {
	MoveArticle(ctx context.Context, m StatusMove) error
	AssignArticle(ctx context.Context, articleID, assigneeID int64) error
	AddArticleEvent(ctx context.Context, e ArticleEvent) (int64, error)
}

// UseNotifier makes workflow changes email the people concerned through n.
func (s *Service) UseNotifier(n Notifier) { s.notify = n }

// Label is how the newsroom names the status: "in review" for review.
func (s Status) Label() string {
	if s == StatusReview {
		return "in review"
	}
	return string(s)
}

// heldByDesk reports that a's writer may not edit it now: it waits for an
// editor (in review), or, for a contributor, has been approved.
func heldByDesk(actor Actor, a Article) bool {
	if actor.Role.AtLeast(auth.RoleEditor) {
		return false
	}
	return a.Status == StatusReview || (a.Status == StatusReady && actor.Role == auth.RoleContributor)
}

// Moves lists the transitions actor may make on a now, in the order the
// editor page offers them.
func Moves(actor Actor, a Article) []Move {
	var out []Move
	for _, m := range []Move{MoveSubmit, MoveWithdraw, MoveApprove, MoveSendBack} {
		if _, err := checkMove(actor, a, m); err == nil {
			out = append(out, m)
		}
	}
	return out
}

// Label is the button that makes the move.
func (m Move) Label() string {
	switch m {
	case MoveSubmit:
		return "Submit for review"
	case MoveWithdraw:
		return "Withdraw from review"
	case MoveApprove:
		return "Approve"
	case MoveSendBack:
		return "Send back"
	}
	return string(m)
}

// checkMove says where m takes a, or why actor may not make it: Forbidden
// for the role, Conflict for the article's state.
func checkMove(actor Actor, a Article, m Move) (Status, error) {
	editor := actor.Role.AtLeast(auth.RoleEditor)
	writer := owns(actor, a.CreatedBy, a.AuthorIDs)
	if !editor && !writer {
		return "", apperr.New(apperr.Forbidden, "You cannot change this article.")
	}
	wrong := func(what string) error {
		return apperr.New(apperr.Conflict, fmt.Sprintf("This article is %s: %s", a.Status.Label(), what))
	}
	switch m {
	case MoveSubmit:
		if a.Status != StatusDraft && a.Status != StatusUnpublished {
			return "", wrong("only a draft or an unpublished article can be submitted for review.")
		}
		return StatusReview, nil
	case MoveWithdraw:
		if !writer {
			return "", apperr.New(apperr.Forbidden, "Only the article's writer can withdraw it; send it back instead.")
		}
		if a.Status != StatusReview {
			return "", wrong("only an article in review can be withdrawn.")
		}
		return StatusDraft, nil
	case MoveApprove:
		if !editor {
			return "", apperr.New(apperr.Forbidden, "Only editors can approve an article.")
		}
		if a.Status != StatusReview {
			return "", wrong("only an article in review can be approved.")
		}
		return StatusReady, nil
	case MoveSendBack:
		if !editor {
			return "", apperr.New(apperr.Forbidden, "Only editors can send an article back.")
		}
		if a.Status != StatusReview && a.Status != StatusReady {
			return "", wrong("only an article in review or ready can be sent back.")
		}
		return StatusDraft, nil
	}
	return "", apperr.Fields{"move": "Unknown workflow action."}
}

// Transition makes the workflow move m on article id for actor. note is
// required (and bounded) for a send-back and kept with the others.
// version, when not 0, is the article's version the person saw (its
// UpdatedAt in Unix µs): if it changed since, nothing changes and the
// answer is an *EditConflictError. A refused move changes nothing.
func (s *Service) Transition(ctx context.Context, actor Actor, id int64, m Move, note string, version int64) (Article, error) {
	a, err := s.store.GetArticle(ctx, id)
	if err != nil {
		return Article{}, s.notFound(err, "article")
	}
	to, err := checkMove(actor, a, m)
	if err != nil {
		return a, err
	}
	note = strings.TrimSpace(strings.ReplaceAll(note, "\r\n", "\n"))
	bad := apperr.Fields{}
	if m == MoveSendBack && note == "" {
		bad.Add("note", "Say what needs to change before the article can go on.")
	}
	bad.MaxChars("note", "The note", note, MaxSendBackChars)
	if err := bad.Err(); err != nil {
		return a, err
	}
	if version != 0 && version != a.UpdatedAt.UnixMicro() {
		return a, conflictAt(a, nil)
	}
	now := s.now().UTC()
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.MoveArticle(ctx, StatusMove{ID: a.ID, From: a.Status, To: to, At: now, Expect: a.UpdatedAt}); err != nil {
			return err
		}
		ev := ArticleEvent{ArticleID: a.ID, At: now, UserID: actor.UserID, Kind: EventStatus, From: a.Status, To: to, Note: note}
		if _, err := tx.AddArticleEvent(ctx, ev); err != nil {
			return err
		}
		return s.notifyMove(ctx, tx, actor, a, m, note)
	})
	if errors.Is(err, ErrStale) {
		current, gerr := s.store.GetArticle(ctx, a.ID)
		if gerr != nil {
			return a, gerr
		}
		return current, conflictAt(current, nil)
	} else if err != nil {
		return a, err
	}
	a.Status, a.UpdatedAt = to, now
	return a, nil
}

// notifyMove queues the emails of a move: a submission to the assignee,
// else to every editor; a send-back or approval to the article's writers.
func (s *Service) notifyMove(ctx context.Context, tx Tx, actor Actor, a Article, m Move, note string) error {
	var kind string
	var to []int64
	var err error
	switch m {
	case MoveSubmit:
		kind = staffmail.KindSubmitted
		if a.AssigneeID != 0 {
			to = []int64{a.AssigneeID}
		} else {
			to, err = s.editors(ctx)
		}
	case MoveSendBack:
		kind = staffmail.KindSentBack
		to, err = s.writers(ctx, a)
	case MoveApprove:
		kind = staffmail.KindApproved
		to, err = s.writers(ctx, a)
	default:
		return nil
	}
	if err != nil {
		return err
	}
	return s.queueNotice(ctx, tx, staffmail.Notice{ArticleID: a.ID, To: to, ActorID: actor.UserID, Kind: kind, Note: note})
}

func (s *Service) queueNotice(ctx context.Context, tx Tx, n staffmail.Notice) error {
	if s.notify == nil || len(n.To) == 0 {
		return nil
	}
	return s.notify.Queue(ctx, tx, n)
}

// editors are the active editors and admins: who may be assigned an
// article, and who hears of a submission nobody is assigned to.
func (s *Service) editors(ctx context.Context) ([]int64, error) {
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, u := range users {
		if u.Active() && u.Role.AtLeast(auth.RoleEditor) {
			out = append(out, u.ID)
		}
	}
	return out, nil
}

// writers are the article's creator and the accounts of its byline.
func (s *Service) writers(ctx context.Context, a Article) ([]int64, error) {
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	var out []int64
	if a.CreatedBy != 0 {
		out = append(out, a.CreatedBy)
	}
	for _, u := range users {
		if u.AuthorID != 0 && slices.Contains(a.AuthorIDs, u.AuthorID) && u.ID != a.CreatedBy {
			out = append(out, u.ID)
		}
	}
	return out, nil
}

// Assign assigns article id to an active editor or admin, or to nobody
// (assigneeID 0). Editors only; the new assignee hears of it by email.
// Assigning does not change the article's version.
func (s *Service) Assign(ctx context.Context, actor Actor, id, assigneeID int64) (Article, error) {
	if !actor.Role.AtLeast(auth.RoleEditor) {
		return Article{}, apperr.New(apperr.Forbidden, "Only editors can assign articles.")
	}
	a, err := s.store.GetArticle(ctx, id)
	if err != nil {
		return Article{}, s.notFound(err, "article")
	}
	if assigneeID != 0 {
		eds, err := s.editors(ctx)
		if err != nil {
			return a, err
		}
		if !slices.Contains(eds, assigneeID) {
			return a, apperr.Fields{"assignee": "Choose an editor or admin from the list, or nobody."}
		}
	}
	if assigneeID == a.AssigneeID {
		return a, nil
	}
	now := s.now().UTC()
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.AssignArticle(ctx, a.ID, assigneeID); err != nil {
			return err
		}
		if _, err := tx.AddArticleEvent(ctx, ArticleEvent{ArticleID: a.ID, At: now, UserID: actor.UserID, Kind: EventAssign, AssigneeID: assigneeID}); err != nil {
			return err
		}
		if assigneeID == 0 {
			return nil
		}
		return s.queueNotice(ctx, tx, staffmail.Notice{ArticleID: a.ID, To: []int64{assigneeID}, ActorID: actor.UserID, Kind: staffmail.KindAssigned})
	})
	if err != nil {
		return a, s.notFound(err, "article")
	}
	a.AssigneeID = assigneeID
	return a, nil
}

// logSave records a status change made by Save (publish, schedule,
// unpublish, a new article published at once, or the editor form's submit
// and approve), or a published article's changes published, in its
// transaction, and queues the emails: the writers hear of a publication
// and an approval, the desk of a submission.
func (s *Service) logSave(ctx context.Context, tx Tx, actor Actor, old, saved Article, at time.Time) error {
	by := actor.UserID
	if actor.byJob {
		by = 0 // the schedule's doing, not the person's who scheduled it
	}
	if old.Status == StatusPublished && saved.Status == StatusPublished {
		// A published article's changes published: it stays published.
		_, err := tx.AddArticleEvent(ctx, ArticleEvent{ArticleID: saved.ID, At: at, UserID: by, Kind: EventChanges})
		return err
	}
	if old.Status == saved.Status || (old.ID == 0 && saved.Status == StatusDraft) {
		return nil
	}
	if _, err := tx.AddArticleEvent(ctx, ArticleEvent{ArticleID: saved.ID, At: at, UserID: by, Kind: EventStatus, From: old.Status, To: saved.Status}); err != nil {
		return err
	}
	if saved.Status != StatusPublished {
		return s.notifySave(ctx, tx, actor, old, saved)
	}
	saved.CreatedBy = old.CreatedBy
	if old.ID == 0 {
		saved.CreatedBy = actor.UserID
	}
	to, err := s.writers(ctx, saved)
	if err != nil {
		return err
	}
	return s.queueNotice(ctx, tx, staffmail.Notice{ArticleID: saved.ID, To: to, ActorID: actor.UserID, Kind: staffmail.KindPublished})
}

// CanView reports whether actor may see article a in the newsroom: editors
// any article, writers their own, even while the desk holds it.
func CanView(actor Actor, a Article) bool {
	return actor.Role.AtLeast(auth.RoleEditor) || owns(actor, a.CreatedBy, a.AuthorIDs)
}

// HeldByDesk reports that actor may see a but not edit it because the desk
// holds it (in review; for a contributor, also once approved).
func HeldByDesk(actor Actor, a Article) bool {
	return CanView(actor, a) && heldByDesk(actor, a)
}
