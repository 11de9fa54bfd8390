package content

import "context"

// Moves made from the editor's main form (decision 0045, "Save and
// submit"): the form's content is saved and the article moved in one
// transaction, so a writer with unsaved changes need not save first, and
// nothing changes if either part is refused. The move's rules are those
// of the Workflow panel (checkMove); its event and emails too.

// The save actions that also make a workflow move.
const (
	ActionSubmit  Action = "submit"  // save, then submit for review
	ActionApprove Action = "approve" // save, then approve (editors)
)

// saveMove is the workflow move a save action makes, "" for none.
func saveMove(action Action) Move {
	switch action {
	case ActionSubmit:
		return MoveSubmit
	case ActionApprove:
		return MoveApprove
	}
	return ""
}

// CheckSaveMove says why actor may not save a with action's move, nil
// when they may or action makes no move. A new article (a.ID 0) is the
// actor's own draft.
func CheckSaveMove(actor Actor, a Article, action Action) error {
	_, err := checkSaveMove(actor, a, action)
	return err
}

// checkSaveMove is CheckSaveMove with the status the move leads to ("" for none).
func checkSaveMove(actor Actor, a Article, action Action) (Status, error) {
	m := saveMove(action)
	if m == "" {
		return "", nil
	}
	if a.ID == 0 {
		a.Status, a.CreatedBy = StatusDraft, actor.UserID
	}
	return checkMove(actor, a, m)
}

// CanSaveMove reports whether the editor's form offers action's move to actor on a.
func CanSaveMove(actor Actor, a Article, action Action) bool {
	return CheckSaveMove(actor, a, action) == nil
}

// notifySave queues the emails of a move made by a save (submitted to the
// assignee or the editors, approved to the writers), in its transaction.
func (s *Service) notifySave(ctx context.Context, tx Tx, actor Actor, old, saved Article) error {
	switch {
	case saved.Status == StatusReview:
		return s.notifyMove(ctx, tx, actor, saved, MoveSubmit, "")
	case saved.Status == StatusReady && old.Status == StatusReview:
		return s.notifyMove(ctx, tx, actor, saved, MoveApprove, "")
	}
	return nil
}

// leaveHeld forgets actor's presence on a once the desk holds it from
// them (they submitted it from the editor): the page they land on is not
// the editor, so no script says they left, and the editor who opens it
// next should not find it held by them. The save is done; a presence
// that could not be forgotten goes stale on its own, so its error is
// not the save's.
func (s *Service) leaveHeld(ctx context.Context, actor Actor, a Article) {
	if heldByDesk(actor, a) {
		_ = s.store.LeaveArticle(ctx, a.ID, actor.UserID)
	}
}
