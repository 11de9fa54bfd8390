package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// maxSuggestions is how many see-also suggestions the editor lists.
const maxSuggestions = 5

// suggestion is a published article the editor suggests linking with a
// see-also line (decision 0034).
type suggestion struct {
	ID                      int64
	Slug, Headline, Section string
	Published               time.Time
}

// Line is the Markdown the Insert button adds.
func (s suggestion) Line() string { return content.SeeAlsoLine(s.Slug) }

// suggestions lists the published articles related to the saved article,
// leaving out those its saved body already links to.
func (a *Admin) suggestions(ctx context.Context, art content.Article, sections []content.Section) ([]suggestion, error) {
	linked := map[int64]bool{art.ID: true}
	for _, id := range art.LinkedIDs {
		linked[id] = true
	}
	ids, err := a.store.RelatedArticles(ctx, art.ID, maxSuggestions+len(art.LinkedIDs))
	if err != nil {
		return nil, err
	}
	var want []int64
	for _, id := range ids {
		if !linked[id] {
			want = append(want, id)
		}
	}
	arts, err := a.store.PublishedArticles(ctx, want[:min(len(want), maxSuggestions)])
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(sections))
	for _, s := range sections {
		names[s.ID] = s.Name
	}
	out := make([]suggestion, len(arts))
	for i, s := range arts {
		out[i] = suggestion{ID: s.ID, Slug: s.Slug, Headline: s.Headline, Section: names[s.SectionID], Published: s.PublishedAt}
	}
	return out, nil
}

// insertSeeAlso is the Insert button of a suggestion without JavaScript:
// POST /admin/articles/{id}/see-also adds a see-also line for the article
// "target" to the end of the saved body and saves it through the normal
// save, with its checks and its refusal of a save from an older version.
// (With JavaScript, the button puts the line in the form at the cursor
// instead and saves nothing.)
func (a *Admin) insertSeeAlso(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sess := sessionFrom(ctx)
	art, err := a.editable(r)
	if err != nil {
		return err
	}
	targetID, err := strconv.ParseInt(r.PostFormValue("target"), 10, 64)
	if err != nil || targetID <= 0 || targetID == art.ID {
		return apperr.New(apperr.Invalid, "Choose an article to link from the suggestions.")
	}
	refs, err := a.store.ArticleRefs(ctx, []int64{targetID})
	if err != nil {
		return err
	}
	target, ok := refs[targetID]
	if !ok || target.Status != content.StatusPublished {
		return apperr.New(apperr.Invalid, "That article is not published, so it cannot be linked; choose another suggestion.")
	}
	views, err := a.store.Views(ctx, []content.Article{art})
	if err != nil {
		return err
	}
	form := formOf(views[0])
	if art.Status == content.StatusPublished {
		// Into the pending version, if there is one: that is what the
		// editor page shows and what the insert adds to.
		if p, err := a.content.PendingOf(ctx, art.ID); err == nil {
			form = formOfSnapshot(p.Snapshot, 0)
		} else if apperr.KindOf(err) != apperr.NotFound {
			return err
		}
	}
	form.Body = content.AppendSeeAlso(form.Body, target.Slug)
	form.Version, _ = strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if form.Version == 0 {
		// The edit page always sends its version: without it a stale
		// page could overwrite someone's later save.
		return apperr.New(apperr.Invalid, "Open the article again and insert from there.")
	}
	res, err := a.content.Save(ctx, actor(sess), inputOf(art.ID, form, content.ActionSave))
	if err == nil {
		done := "see-also"
		if res.Pending != nil {
			done = "see-also-pending"
		}
		return seeOther(w, r, fmt.Sprintf("/admin/articles/%d?done=%s", res.Article.ID, done))
	}
	// Refused: show the article as it is stored now, saying why.
	var stale *content.EditConflictError
	var checks *content.ChecksError
	msg := ""
	switch {
	case errors.As(err, &stale):
		msg = "Not inserted: this article was saved again after you opened it. Below is the latest version; insert again from here."
		err = apperr.New(apperr.Conflict, msg)
	case errors.As(err, &checks):
		msg = "Not inserted: with the line added, the published article would fail the checks marked below."
		err = apperr.New(apperr.Invalid, msg)
	case apperr.KindOf(err) == apperr.Invalid:
		msg = "Not inserted: " + apperr.Message(err)
		err = apperr.New(apperr.Invalid, msg)
	default:
		return err
	}
	current, gerr := a.store.GetArticle(ctx, art.ID)
	if gerr != nil {
		return gerr
	}
	p, perr := a.editorPage(ctx, current)
	if perr != nil {
		return perr
	}
	if checks != nil {
		p.Problems = res.Problems
	}
	return &formError{page: "editor", p: p, err: err}
}
