package admin

import (
	"errors"
	"fmt"
	"net/http"
	"slices"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// partChoice is one box of the restore form.
type partChoice struct {
	Part    content.Part
	Label   string
	Now     string // the part as the article has it now, in words
	Then    string // as the revision has it
	Checked bool
}

type revisionView struct {
	Article  content.Article
	Revision content.Revision
	By       string
	Section  string
	Series   string
	Authors  []string
	// Choices are the parts that differ from the article now (the slug
	// aside); Slug is set when the address differs.
	Choices []partChoice
	Slug    *partChoice
	// Live: the article is published, so a restore waits as pending
	// changes; Published: it has been, so its address is known outside.
	Live, Published bool
	Base            int64 // the revision this one is compared with, 0 for none
}

func (a *Admin) revisionPage(w http.ResponseWriter, r *http.Request) error {
	v, err := a.revision(r, nil)
	if err != nil {
		return err
	}
	return a.ok(w, r, "revision", &page{Title: "Revision: " + v.Revision.Snapshot.Headline, Nav: "articles", Data: v})
}

// restoreRevision brings back the parts of a revision the editor ticked;
// the rest of the article stays as it is, the address too unless its own
// box was ticked. Editors only (the route and the content service both
// say so).
func (a *Admin) restoreRevision(w http.ResponseWriter, r *http.Request) error {
	parts := []content.Part{} // not nil: the form ticks what was posted
	for _, s := range r.PostForm["part"] {
		p, ok := content.ParsePart(s)
		if !ok {
			return apperr.New(apperr.Invalid, fmt.Sprintf("There is no part %q of an article to restore.", s))
		}
		parts = append(parts, p)
	}
	v, err := a.revision(r, parts)
	if err != nil {
		return err
	}
	p := &page{Title: "Revision: " + v.Revision.Snapshot.Headline, Nav: "articles", Data: v}
	res, err := a.content.RestoreParts(r.Context(), actor(sessionFrom(r.Context())), v.Revision.ID, parts)
	var checks *content.ChecksError
	if errors.As(err, &checks) {
		p.Problems = res.Problems
		return refuse("revision", p, "Not restored: the article, published or scheduled, would fail the checks listed below, so nothing was changed. Choose other parts, or restore another revision.")
	}
	var fields apperr.Fields
	if errors.As(err, &fields) {
		p.Problem = "Not restored: nothing was changed."
		return &formError{page: "revision", p: p, err: err}
	}
	if err != nil {
		return err
	}
	done := "restored"
	if res.Pending != nil {
		done = "restored-pending"
	}
	return seeOther(w, r, fmt.Sprintf("/admin/articles/%d?done=%s", v.Article.ID, done))
}

// revision loads the revision of the path, which must belong to the article
// of the path, with the names it refers to and the restore form's choices:
// ticked are the parts in chosen, or (nil) every part that differs but the
// address.
func (a *Admin) revision(r *http.Request, chosen []content.Part) (*revisionView, error) {
	ctx := r.Context()
	art, err := a.viewable(r)
	if err != nil {
		return nil, err
	}
	id, err := pathID(r, "rev")
	if err != nil {
		return nil, err
	}
	rev, err := a.store.GetRevision(ctx, id)
	if err != nil {
		return nil, err
	}
	if rev.ArticleID != art.ID {
		return nil, errNotFound
	}
	names, err := a.userNames(ctx)
	if err != nil {
		return nil, err
	}
	v := &revisionView{Article: art, Revision: rev, By: names[rev.CreatedBy],
		Live: art.Status == content.StatusPublished, Published: !art.PublishedAt.IsZero()}
	v.Section = a.sectionName(ctx, rev.Snapshot.SectionID)
	if rev.Snapshot.SeriesID != 0 {
		if ser, err := a.store.GetSeries(ctx, rev.Snapshot.SeriesID); err == nil {
			v.Series = ser.Name
		}
	}
	for _, id := range rev.Snapshot.AuthorIDs {
		if au, err := a.store.GetAuthor(ctx, id); err == nil {
			v.Authors = append(v.Authors, au.Name)
		}
	}
	if base, err := a.store.StoredRevisionBefore(ctx, art.ID, rev.ID); err == nil {
		v.Base = base.ID
	}
	now, err := a.content.CurrentSnapshot(ctx, art)
	if err != nil {
		return nil, err
	}
	nowWords := a.describeSnapshot(ctx, now)
	thenWords := a.describeSnapshot(ctx, rev.Snapshot)
	nowWords[content.PartHeadline], thenWords[content.PartHeadline] = now.Headline, rev.Snapshot.Headline
	nowWords[content.PartStandfirst], thenWords[content.PartStandfirst] = now.Standfirst, rev.Snapshot.Standfirst
	for _, c := range content.Changes(now, rev.Snapshot) {
		pc := partChoice{Part: c.Part, Label: c.Part.Label(), Now: nowWords[c.Part], Then: thenWords[c.Part]}
		if c.Part == content.PartBody {
			pc.Now, pc.Then = "", c.Detail // the body's change in size, from now to then
		}
		if chosen != nil {
			pc.Checked = slices.Contains(chosen, c.Part)
		} else {
			pc.Checked = c.Part != content.PartSlug
		}
		if c.Part == content.PartSlug {
			v.Slug = &pc
			continue
		}
		v.Choices = append(v.Choices, pc)
	}
	return v, nil
}
