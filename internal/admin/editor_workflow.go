package admin

import (
	"masthead/internal/auth"
	"masthead/internal/content"
)

// The review workflow on the editor's main form (decision 0045, "Save and
// submit"): a writer's "Submit for review" and an editor's "Save and
// approve" save what the form holds and make the move in one
// transaction (content.ActionSubmit, ActionApprove), and the Save button
// says what saving does in the article's state.

// formMoves says which moves the editor's main form offers actor on art:
// submitting to writers (contributors and authors, on their own draft or
// unpublished work, or a new article), approving to editors.
func formMoves(act content.Actor, art content.Article) (submit, approve bool) {
	if act.Role.AtLeast(auth.RoleEditor) {
		return false, art.ID != 0 && content.CanSaveMove(act, art, content.ActionApprove)
	}
	return content.CanSaveMove(act, art, content.ActionSubmit), false
}

// SaveLabel is the Save button's words: a draft (or a new article) is
// saved as a draft, a published article's edit as changes waiting to be
// published, anything else stays as it is.
func (v *editorView) SaveLabel() string {
	switch v.Article.Status {
	case "", content.StatusDraft:
		return "Save draft"
	case content.StatusPublished:
		return "Save changes"
	}
	return "Save"
}

// saveMoveNotice is the confirmation of a save that made a move.
func saveMoveNotice(done string) string {
	switch done {
	case "save-submit":
		return "Saved and submitted for review: an editor has it now."
	case "save-approve":
		return "Saved and approved: it is ready to publish."
	}
	return ""
}
