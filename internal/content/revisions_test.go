package content_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestChangesSaySummarily(t *testing.T) {
	base := content.Snapshot{Slug: "a", Headline: "Council votes", Standfirst: "S.", BodySource: "One two.\n\nThree four.",
		SectionID: 1, AuthorIDs: []int64{1}, Topics: []string{"Housing"}}
	with := func(f func(*content.Snapshot)) content.Snapshot {
		s := base
		s.AuthorIDs, s.Topics = append([]int64(nil), base.AuthorIDs...), append([]string(nil), base.Topics...)
		f(&s)
		return s
	}
	for _, c := range []struct {
		name string
		cur  content.Snapshot
		want string
	}{
		{"nothing", with(func(*content.Snapshot) {}), "No changes"},
		{"headline", with(func(s *content.Snapshot) { s.Headline = "Council votes again" }), "Headline"},
		{"paragraphs added", with(func(s *content.Snapshot) { s.BodySource += "\n\nFive six seven.\n\nEight." }), "Body (+2 paragraphs, +4 words)"},
		{"paragraph removed", with(func(s *content.Snapshot) { s.BodySource = "Three four." }), "Body (−1 paragraph, −2 words)"},
		{"paragraph edited", with(func(s *content.Snapshot) { s.BodySource = "One two.\n\nThree four five." }), "Body (1 paragraph changed, +1 word)"},
		{"address and placement", with(func(s *content.Snapshot) { s.Slug, s.SeriesID = "b", 3 }), "Address, placement"},
		{"image caption", with(func(s *content.Snapshot) { s.LeadCaption = "A caption" }), "Lead image"},
		{"image crop", with(func(s *content.Snapshot) { s.LeadCrop, s.LeadFocus = "1x1", "0.20,0.40" }), "Lead image"},
		{"byline order", with(func(s *content.Snapshot) { s.AuthorIDs = []int64{2, 1} }), "Byline"},
		{"topics and seo", with(func(s *content.Snapshot) { s.Topics, s.SocialTitle = nil, "Share me" }), "Topics, search and social texts"},
		// What a save keeps but nobody edits in the main form is no change.
		{"embargo and correction", with(func(s *content.Snapshot) { s.Correction, s.EmbargoUntil = "Old note", time.Now() }), "No changes"},
	} {
		if got := content.Summary(content.Changes(base, c.cur)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// spans renders one side of a difference as the compare page marks it.
func spans(ss []content.Span) string {
	var b strings.Builder
	for _, s := range ss {
		switch {
		case s.IsAdded():
			b.WriteString("{+" + s.Text + "}")
		case s.IsRemoved():
			b.WriteString("{-" + s.Text + "}")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func TestDiffBodyAlignsParagraphsAndMarksWords(t *testing.T) {
	d := content.DiffBody("Intro stays.\n\nThe council met on Tuesday evening.\n\nGone paragraph.\n\nEnd.",
		"Intro stays.\n\nThe council met on Wednesday evening, late.\n\nEnd.\n\nNew last paragraph.")
	var got []string
	for _, r := range d.Rows {
		got = append(got, r.Class()+": "+spans(r.Old)+" | "+spans(r.New))
	}
	want := []string{
		"same: Intro stays. | Intro stays.",
		"changed: The council met on {-Tuesday evening.} | The council met on {+Wednesday evening, late.}",
		"removed: {-Gone paragraph.} | ",
		"same: End. | End.",
		"added:  | {+New last paragraph.}",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || d.Coarse {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if content.DiffBody("Same.\n\nText.", "Same.\r\n\r\nText.\n").Changed() {
		t.Error("line endings alone make a difference")
	}
}

// words is n words of text in paragraphs of per words, the i-th word
// prefixed.
func words(n, per int, prefix func(i int) string) string {
	var b strings.Builder
	for i := range n {
		if i > 0 && i%per == 0 {
			b.WriteString("\n\n")
		} else if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%sword%d", prefix(i), i%97)
	}
	return b.String()
}

// A 20,000-word body pair: edited here and there it is compared word by
// word; rewritten as one long paragraph it falls back to whole blocks
// (and so stays bounded, which BenchmarkDiffBody20000Words measures).
func TestDiffBodyOfLongBodiesIsBounded(t *testing.T) {
	old := words(20000, 100, func(int) string { return "" })
	edited := words(20000, 100, func(i int) string {
		if i%1000 == 500 {
			return "new"
		}
		return ""
	})
	d := content.DiffBody(old, edited)
	changed := 0
	for _, r := range d.Rows {
		if r.Class() == "changed" {
			changed++
		}
	}
	if d.Coarse || changed != 20 {
		t.Errorf("edited long body: %d changed paragraphs (coarse %v), want 20 compared word by word", changed, d.Coarse)
	}
	rewritten := words(20000, 1<<30, func(int) string { return "x" })
	d = content.DiffBody(words(20000, 1<<30, func(int) string { return "" }), rewritten)
	if !d.Coarse || len(d.Rows) != 2 || d.Rows[0].Class() != "removed" || d.Rows[1].Class() != "added" {
		t.Errorf("a rewritten 20,000-word paragraph: coarse %v, %d rows, want the whole paragraph removed then added", d.Coarse, len(d.Rows))
	}
}

func BenchmarkDiffBody20000Words(b *testing.B) {
	old := words(20000, 100, func(int) string { return "" })
	edited := words(20000, 100, func(i int) string {
		if i%50 == 0 {
			return "new"
		}
		return ""
	})
	oneOld, oneNew := words(20000, 1<<30, func(int) string { return "" }), words(20000, 1<<30, func(i int) string {
		if i%3 == 0 {
			return "x"
		}
		return ""
	})
	b.Run("edited-paragraphs", func(b *testing.B) {
		for b.Loop() {
			content.DiffBody(old, edited)
		}
	})
	b.Run("one-paragraph-rewritten", func(b *testing.B) {
		for b.Loop() {
			content.DiffBody(oneOld, oneNew)
		}
	})
}

// The summaries of 500 revisions of a 5,000-word body, each a little
// different from the one before: what listing every revision would cost
// on top of reading them (the list shows 50 a page).
func BenchmarkChangesOf500Revisions(b *testing.B) {
	snaps := make([]content.Snapshot, 500)
	for i := range snaps {
		snaps[i] = content.Snapshot{Headline: "H", BodySource: words(5000, 100, func(j int) string {
			if j == i*10 {
				return "edit"
			}
			return ""
		})}
	}
	for b.Loop() {
		for i := 1; i < len(snaps); i++ {
			content.Summary(content.Changes(snaps[i-1], snaps[i]))
		}
	}
}

func TestRestorePartsOfARevision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 12, 10, 32, 5, 0, time.UTC)
		svc := content.NewService(db, &fakeScheduler{scheduled: map[int64]time.Time{}}, func() time.Time { return now }, func(context.Context) {})
		sec, _ := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		other, _ := db.SaveSection(ctx, content.Section{Slug: "sport", Name: "Sport"})
		au, _ := db.SaveAuthor(ctx, content.Author{Slug: "ana", Name: "Ana"})
		editor := content.Actor{UserID: 1, Role: auth.RoleEditor}
		author := content.Actor{UserID: 2, Role: auth.RoleAuthor, AuthorID: au}
		first := content.ArticleInput{Headline: "First", Standfirst: "First standfirst.", SectionID: sec, AuthorIDs: []int64{au},
			Topics: "Housing", BodySource: "First body.", SEOTitle: "First SEO"}
		res, err := svc.Save(ctx, editor, first)
		if err != nil {
			t.Fatal(err)
		}
		id := res.Article.ID
		revs, _ := db.ListRevisions(ctx, id)
		firstRev := revs[0]
		now = now.Add(time.Minute)
		second := first
		second.ID, second.Headline, second.Slug, second.Standfirst, second.SectionID = id, "Second", "second", "Second standfirst.", other
		second.BodySource, second.Topics, second.SEOTitle = "Second body.", "Transport", "Second SEO"
		if _, err := svc.Save(ctx, editor, second); err != nil {
			t.Fatal(err)
		}

		// Refused: an author, no part chosen. Nothing changes.
		if _, err := svc.RestoreParts(ctx, author, firstRev.ID, []content.Part{content.PartHeadline}); apperr.KindOf(err) != apperr.Forbidden {
			t.Fatalf("an author restores: %v", err)
		}
		var fields apperr.Fields
		if _, err := svc.RestoreParts(ctx, editor, firstRev.ID, nil); !errors.As(err, &fields) || fields["parts"] == "" {
			t.Fatalf("no part chosen: %v", err)
		}
		if n, _ := db.ListRevisions(ctx, id); len(n) != 2 {
			t.Fatalf("%d revisions after refused restores, want 2", len(n))
		}

		// Headline and body: the rest, the address too, stays.
		now = now.Add(time.Minute)
		if _, err := svc.RestoreParts(ctx, editor, firstRev.ID, []content.Part{content.PartBody, content.PartHeadline}); err != nil {
			t.Fatal(err)
		}
		a, _ := db.GetArticle(ctx, id)
		if a.Headline != "First" || a.BodySource != "First body." || a.Slug != "second" || a.Standfirst != "Second standfirst." ||
			a.SectionID != other || a.SEOTitle != "Second SEO" {
			t.Fatalf("after restoring headline and body: %q %q %q %q %d %q", a.Headline, a.BodySource, a.Slug, a.Standfirst, a.SectionID, a.SEOTitle)
		}
		revs, _ = db.ListRevisions(ctx, id)
		n := revs[0].Snapshot.Restored
		if len(revs) != 3 || n == nil || n.RevisionID != firstRev.ID || n.PartsLabel() != "headline, body" || !n.At.Equal(firstRev.CreatedAt) || n.By != editor.UserID {
			t.Fatalf("the restore's revision: %d revisions, note %+v", len(revs), n)
		}
		// The address, placement, topics and search texts, when chosen.
		if _, err := svc.RestoreParts(ctx, editor, firstRev.ID, []content.Part{content.PartSlug, content.PartPlacement, content.PartTopics, content.PartSEO}); err != nil {
			t.Fatal(err)
		}
		if a, _ = db.GetArticle(ctx, id); a.Slug != "first" || a.SectionID != sec || a.SEOTitle != "First SEO" || len(a.TopicIDs) != 1 {
			t.Fatalf("after restoring the address: %q %d %q %v", a.Slug, a.SectionID, a.SEOTitle, a.TopicIDs)
		}

		// Published: the restore waits as pending changes, on top of the
		// pending changes already there; publishing them keeps the SEO title.
		now = now.Add(time.Minute)
		live := second
		live.Slug, live.Action = "first", content.ActionPublish
		if _, err := svc.Save(ctx, editor, live); err != nil {
			t.Fatal(err)
		}
		edit := live
		edit.Action, edit.BodySource = content.ActionSave, "Pending body."
		if _, err := svc.Save(ctx, editor, edit); err != nil {
			t.Fatal(err)
		}
		res, err = svc.RestoreParts(ctx, editor, firstRev.ID, []content.Part{content.PartHeadline})
		if err != nil || res.Pending == nil {
			t.Fatalf("restore into a live article: %+v %v", res.Pending, err)
		}
		if a, _ = db.GetArticle(ctx, id); a.Headline != "Second" {
			t.Errorf("the live article changed at once: %q", a.Headline)
		}
		p, _ := db.GetPending(ctx, id)
		if p.Snapshot.Headline != "First" || p.Snapshot.BodySource != "Pending body." || p.Snapshot.Slug != "first" {
			t.Errorf("pending after the restore: %q %q %q", p.Snapshot.Headline, p.Snapshot.BodySource, p.Snapshot.Slug)
		}
		if _, err := svc.PublishChanges(ctx, editor, id); err != nil {
			t.Fatal(err)
		}
		if a, _ = db.GetArticle(ctx, id); a.Headline != "First" || a.SEOTitle != "Second SEO" {
			t.Errorf("after publishing the restore: %q, SEO title %q", a.Headline, a.SEOTitle)
		}

		// A restore the live article could not pass: refused, nothing staged.
		empty := first
		empty.ID, empty.Headline, empty.Standfirst, empty.Action = 0, "Another story", "", content.ActionSave
		draft, err := svc.Save(ctx, editor, empty)
		if err != nil {
			t.Fatal(err)
		}
		bare, _ := db.ListRevisions(ctx, draft.Article.ID)
		full := empty
		full.ID, full.Standfirst, full.Action = draft.Article.ID, "Now it has one.", content.ActionPublish
		if _, err := svc.Save(ctx, editor, full); err != nil {
			t.Fatal(err)
		}
		var checks *content.ChecksError
		if _, err := svc.RestoreParts(ctx, editor, bare[0].ID, []content.Part{content.PartStandfirst}); !errors.As(err, &checks) {
			t.Fatalf("restoring an empty standfirst into a live article: %v", err)
		}
		if _, err := db.GetPending(ctx, draft.Article.ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("a refused restore staged changes: %v", err)
		}
	})
}
