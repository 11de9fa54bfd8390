package content

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
)

// Part is one part of an article in which two revisions can differ, and
// which a restore can bring back on its own (decision 0047).
type Part string

// The parts of an article, in the order the admin lists them.
const (
	PartHeadline   Part = "headline"
	PartStandfirst Part = "standfirst"
	PartBody       Part = "body"
	PartSlug       Part = "slug"
	PartPlacement  Part = "placement" // section and series
	PartImage      Part = "image"     // lead image, its alt text, caption, credit, crop and focal point
	PartByline     Part = "byline"
	PartTopics     Part = "topics"
	PartSEO        Part = "seo" // SEO title, social title and description
	PartRelated    Part = "related"
)

// Parts are every part, in order.
var Parts = []Part{PartHeadline, PartStandfirst, PartBody, PartSlug, PartPlacement, PartImage, PartByline, PartTopics, PartSEO, PartRelated}

// Label names a part in a sentence ("Restored headline, body ...").
func (p Part) Label() string {
	switch p {
	case PartSlug:
		return "address"
	case PartImage:
		return "lead image"
	case PartSEO:
		return "search and social texts"
	case PartRelated:
		return "related list"
	}
	return string(p)
}

// ParsePart reads a part's name; ok is false for anything else.
func ParsePart(s string) (Part, bool) {
	p := Part(s)
	return p, slices.Contains(Parts, p)
}

// differs reports whether a and b differ in part p.
func differs(p Part, a, b Snapshot) bool {
	switch p {
	case PartHeadline:
		return a.Headline != b.Headline
	case PartStandfirst:
		return a.Standfirst != b.Standfirst
	case PartBody:
		return a.BodySource != b.BodySource
	case PartSlug:
		return a.Slug != b.Slug
	case PartPlacement:
		return a.SectionID != b.SectionID || a.SeriesID != b.SeriesID
	case PartImage:
		return a.LeadImageID != b.LeadImageID || a.LeadAlt != b.LeadAlt || a.LeadCaption != b.LeadCaption || a.LeadCredit != b.LeadCredit ||
			a.LeadCrop != b.LeadCrop || a.LeadFocus != b.LeadFocus
	case PartByline:
		return !slices.Equal(a.AuthorIDs, b.AuthorIDs)
	case PartTopics:
		return !slices.Equal(a.Topics, b.Topics)
	case PartSEO:
		return a.SEOTitle != b.SEOTitle || a.SocialTitle != b.SocialTitle || a.SocialDescription != b.SocialDescription
	case PartRelated:
		return a.HideRelated != b.HideRelated
	}
	return false
}

// take copies part p of from onto to.
func take(p Part, to *Snapshot, from Snapshot) {
	switch p {
	case PartHeadline:
		to.Headline = from.Headline
	case PartStandfirst:
		to.Standfirst = from.Standfirst
	case PartBody:
		to.BodySource = from.BodySource
	case PartSlug:
		to.Slug = from.Slug
	case PartPlacement:
		to.SectionID, to.SeriesID = from.SectionID, from.SeriesID
	case PartImage:
		to.LeadImageID, to.LeadAlt, to.LeadCaption, to.LeadCredit = from.LeadImageID, from.LeadAlt, from.LeadCaption, from.LeadCredit
		to.LeadCrop, to.LeadFocus = from.LeadCrop, from.LeadFocus
	case PartByline:
		to.AuthorIDs = slices.Clone(from.AuthorIDs)
	case PartTopics:
		to.Topics = slices.Clone(from.Topics)
	case PartSEO:
		to.SEOTitle, to.SocialTitle, to.SocialDescription = from.SEOTitle, from.SocialTitle, from.SocialDescription
	case PartRelated:
		to.HideRelated = from.HideRelated
	}
}

// Change is one part that differs between two revisions; Detail says
// how much for the body ("+3 paragraphs, −1 paragraph, +120 words").
type Change struct {
	Part   Part
	Detail string
}

// Changes lists the parts in which cur differs from prev, in order. It
// costs a pass over both bodies, and a block alignment bounded like
// DiffBody's, and no word diff.
func Changes(prev, cur Snapshot) []Change {
	var out []Change
	for _, p := range Parts {
		if !differs(p, prev, cur) {
			continue
		}
		c := Change{Part: p}
		if p == PartBody {
			c.Detail = bodyDetail(prev.BodySource, cur.BodySource)
		}
		out = append(out, c)
	}
	return out
}

// Summary says in words what changed: "Headline, body (+2 paragraphs),
// address", or "No changes".
func Summary(changes []Change) string {
	if len(changes) == 0 {
		return "No changes"
	}
	parts := make([]string, len(changes))
	for i, c := range changes {
		parts[i] = c.Part.Label()
		if c.Detail != "" {
			parts[i] += " (" + c.Detail + ")"
		}
	}
	s := strings.Join(parts, ", ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// bodyDetail is a rough size of a body's change: blocks added, removed
// and changed, and the difference in words.
func bodyDetail(old, new string) string {
	a, b := Blocks(old), Blocks(new)
	ops, _ := lcs(len(a), len(b), func(i, j int) bool { return a[i] == b[j] })
	// Blocks in both count no words: only the changed ones are read.
	var added, removed, words int
	i, j := 0, 0
	for _, op := range ops {
		switch op {
		case Same:
			i, j = i+1, j+1
		case Added:
			added, words = added+1, words+countWords(b[j])
			j++
		case Removed:
			removed, words = removed+1, words-countWords(a[i])
			i++
		}
	}
	changed := min(added, removed)
	added, removed = added-changed, removed-changed
	var out []string
	if added > 0 {
		out = append(out, fmt.Sprintf("+%s", plural(added, "paragraph")))
	}
	if removed > 0 {
		out = append(out, fmt.Sprintf("−%s", plural(removed, "paragraph")))
	}
	if changed > 0 {
		out = append(out, plural(changed, "paragraph")+" changed")
	}
	switch {
	case words > 0:
		out = append(out, fmt.Sprintf("+%s", plural(words, "word")))
	case words < 0:
		out = append(out, fmt.Sprintf("−%s", plural(-words, "word")))
	}
	return strings.Join(out, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// RestoreNote is kept with the revision a restore records: which
// revision it brought back, and which parts.
type RestoreNote struct {
	RevisionID int64     `json:"revision_id"`
	At         time.Time `json:"at"` // when that revision was saved
	By         int64     `json:"by"` // who saved it
	Parts      []Part    `json:"parts"`
}

// PartsLabel lists the restored parts in a sentence: "headline, body".
func (n RestoreNote) PartsLabel() string {
	labels := make([]string, len(n.Parts))
	for i, p := range n.Parts {
		labels[i] = p.Label()
	}
	return strings.Join(labels, ", ")
}

// RestoreRevision saves an article back to every part of a revision,
// its address included, as a new revision. Editors only.
func (s *Service) RestoreRevision(ctx context.Context, actor Actor, revisionID int64) (SaveResult, error) {
	return s.RestoreParts(ctx, actor, revisionID, Parts)
}

// RestoreParts brings back the chosen parts of a revision; every other
// part stays as the article is now (its pending version, when a live
// article has one). The address changes only when PartSlug is chosen.
// It is saved like an editor's save, with the note of what was restored:
// a published article's restore waits as its pending changes (decision
// 0039), and one that would fail the pre-publish checks is refused with a
// *ChecksError, storing nothing. Editors only.
func (s *Service) RestoreParts(ctx context.Context, actor Actor, revisionID int64, parts []Part) (SaveResult, error) {
	if !actor.Role.AtLeast(auth.RoleEditor) {
		return SaveResult{}, apperr.New(apperr.Forbidden, "Only editors can restore revisions.")
	}
	if len(parts) == 0 {
		return SaveResult{}, apperr.Fields{"parts": "Choose at least one part of the revision to restore."}
	}
	rev, err := s.store.GetRevision(ctx, revisionID)
	if err != nil {
		return SaveResult{}, s.notFound(err, "revision")
	}
	current, err := s.store.GetArticle(ctx, rev.ArticleID)
	if err != nil {
		return SaveResult{}, s.notFound(err, "article")
	}
	base, err := s.CurrentSnapshot(ctx, current)
	if err != nil {
		return SaveResult{}, err
	}
	note := &RestoreNote{RevisionID: rev.ID, At: rev.CreatedAt, By: rev.CreatedBy}
	for _, p := range Parts { // in order, once each
		if slices.Contains(parts, p) {
			take(p, &base, rev.Snapshot)
			note.Parts = append(note.Parts, p)
		}
	}
	// The editor's override of the repeat checks and the correction stay
	// as they are now (base); EmbargoUntil nil keeps the current embargo.
	in := inputOfSnapshot(current.ID, base, ActionSave)
	in.restored = note
	if current.Status == StatusPublished {
		// A save of a live article is staged without the checks; a
		// restore is refused when what it stages could not go live.
		a, _, body, err := s.build(ctx, actor, in, current)
		if err != nil {
			return SaveResult{Article: current}, err
		}
		refs, err := s.store.ArticleRefs(ctx, a.LinkedIDs)
		if err != nil {
			return SaveResult{Article: current}, err
		}
		problems := Check(a, body, refs)
		if blocking := Blocking(problems, a.AllowRepeats); len(blocking) > 0 {
			return SaveResult{Article: current, Problems: problems}, &ChecksError{Problems: blocking}
		}
	}
	return s.Save(ctx, actor, in)
}

// CurrentSnapshot is the article as an editor would open it: its pending
// version when a live article has one, else the article itself.
func (s *Service) CurrentSnapshot(ctx context.Context, a Article) (Snapshot, error) {
	if a.Status == StatusPublished {
		p, err := s.store.GetPending(ctx, a.ID)
		if err == nil {
			sn := p.Snapshot
			sn.Restored = nil
			return sn, nil
		} else if apperr.KindOf(err) != apperr.NotFound {
			return Snapshot{}, err
		}
	}
	all, err := s.store.ListTopics(ctx)
	if err != nil {
		return Snapshot{}, err
	}
	names := make(map[int64]string, len(all))
	for _, t := range all {
		names[t.ID] = t.Name
	}
	topics := make([]Topic, 0, len(a.TopicIDs))
	for _, id := range a.TopicIDs {
		topics = append(topics, Topic{ID: id, Name: names[id]})
	}
	return SnapshotOf(a, topics), nil
}
