package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestMigrationsMatchAcrossDialects(t *testing.T) {
	lite, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 || len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Version != pg[i].Version {
			t.Errorf("migration %d: sqlite version %d, postgres %d", i, lite[i].Version, pg[i].Version)
		}
		for _, table := range tablesIn(lite[i].SQL) {
			if !strings.Contains(pg[i].SQL, "CREATE TABLE "+table+" ") {
				t.Errorf("migration %d: table %s missing from postgres", lite[i].Version, table)
			}
		}
	}
}

// tablesIn lists the tables a migration creates and keeps: a table built
// to replace another (SQLite's rebuild: CREATE TABLE x_new, then ALTER
// TABLE x_new RENAME TO x) is only a step of that dialect.
func tablesIn(sql string) []string {
	var out []string
	for _, line := range strings.Split(sql, "\n") {
		if rest, ok := strings.CutPrefix(line, "CREATE TABLE "); ok {
			name := strings.Fields(rest)[0]
			if !strings.Contains(sql, "ALTER TABLE "+name+" RENAME TO ") {
				out = append(out, name)
			}
		}
	}
	return out
}

func TestSchemaVersionChecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.CheckCurrent(ctx); err != nil {
			t.Fatalf("fresh migrated database: %v", err)
		}
		if n, err := db.Migrate(ctx); err != nil || n != 0 {
			t.Fatalf("second migrate applied %d, err %v", n, err)
		}
	})
}

func seedTaxonomy(t testing.TB, db *store.DB) (sectionID, authorID int64) {
	t.Helper()
	ctx := context.Background()
	sectionID, err := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
	if err != nil {
		t.Fatal(err)
	}
	authorID, err = db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada Reporter", Links: []string{"https://example.org/ada"}})
	if err != nil {
		t.Fatal(err)
	}
	return sectionID, authorID
}

func newArticle(slug string, section, author int64, at time.Time) content.ArticleWrite {
	return content.ArticleWrite{
		Article: content.Article{Slug: slug, Headline: "Headline " + slug, SectionID: section, Status: content.StatusPublished,
			AuthorIDs: []int64{author}, PublishedAt: at, CreatedAt: at, UpdatedAt: at},
		Topics:   []content.Topic{{Slug: "housing", Name: "Housing"}, {Slug: "local-government", Name: "Local government"}},
		Revision: content.Snapshot{Headline: "Headline " + slug},
	}
}

func TestUpdateArticleFromAStaleVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		id, err := db.CreateArticle(ctx, newArticle("story", sec, au, at))
		if err != nil {
			t.Fatal(err)
		}
		opened, _ := db.GetArticle(ctx, id)
		first := newArticle("story", sec, au, at)
		first.Article.ID, first.Article.Headline, first.Article.UpdatedAt = id, "First save", at.Add(time.Minute)
		first.Revision.Headline = "First save" // a save that changes nothing records no revision
		first.Expect = opened.UpdatedAt
		if err := db.UpdateArticle(ctx, first); err != nil {
			t.Fatal(err)
		}
		second := newArticle("story-renamed", sec, au, at)
		second.Article.ID, second.Article.Headline, second.Article.UpdatedAt = id, "Second save", at.Add(2*time.Minute)
		second.Revision.Headline = "Second save"
		second.Expect = opened.UpdatedAt // opened before the first save
		if err := db.UpdateArticle(ctx, second); !errors.Is(err, content.ErrStale) {
			t.Fatalf("update from a stale version: %v, want ErrStale", err)
		}
		got, _ := db.GetArticle(ctx, id)
		revs, _ := db.ListRevisions(ctx, id)
		if got.Headline != "First save" || got.Slug != "story" || len(revs) != 2 {
			t.Fatalf("after the refused update: %q at %q with %d revisions, want the first save untouched", got.Headline, got.Slug, len(revs))
		}
		second.Expect = got.UpdatedAt
		if err := db.UpdateArticle(ctx, second); err != nil {
			t.Fatalf("update from the current version: %v", err)
		}
	})
}

func TestTopicsMergeRenameDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		write := func(slug string, topics ...string) int64 {
			w := newArticle(slug, sec, au, at)
			w.Topics = nil
			for _, name := range topics {
				w.Topics = append(w.Topics, content.Topic{Slug: content.Slugify(name), Name: name})
			}
			id, err := db.CreateArticle(ctx, w)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		typo := write("typo-only", "Housng")
		both := write("both", "Housing", "Housng")
		write("right", "Housing", "Transport")
		topic := func(slug string) content.Topic {
			t.Helper()
			tp, err := db.GetTopicBySlug(ctx, slug)
			if err != nil {
				t.Fatalf("topic %s: %v", slug, err)
			}
			return tp
		}
		housng, housing := topic("housng"), topic("housing")
		if err := db.MergeTopic(ctx, housng.ID, housing.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.GetTopicBySlug(ctx, "housng"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("merged topic still there: %v", err)
		}
		for _, id := range []int64{typo, both} {
			a, _ := db.GetArticle(ctx, id)
			if len(a.TopicIDs) != 1 || a.TopicIDs[0] != housing.ID {
				t.Errorf("article %d topics after the merge = %v, want only Housing (%d)", id, a.TopicIDs, housing.ID)
			}
		}
		if n, _ := db.ListPublished(ctx, content.Filter{TopicID: housing.ID}, content.Cursor{}, 10); len(n) != 3 {
			t.Errorf("Housing lists %d articles after the merge, want 3", len(n))
		}
		if to, err := db.ListRedirect(ctx, "topic", "housng"); err != nil || to != "housing" {
			t.Errorf("old address leads to %q, %v", to, err)
		}
		// Typing the old name again picks the topic it was merged into.
		again := write("again", "Housng")
		if a, _ := db.GetArticle(ctx, again); len(a.TopicIDs) != 1 || a.TopicIDs[0] != housing.ID {
			t.Errorf("the merged name made topic %v again, want Housing", a.TopicIDs)
		}
		// A rename keeps the old address, and redirects that led to it follow.
		housing.Slug, housing.Name = "homes", "Homes"
		if err := db.SaveTopic(ctx, housing); err != nil {
			t.Fatal(err)
		}
		for _, old := range []string{"housing", "housng"} {
			if to, err := db.ListRedirect(ctx, "topic", old); err != nil || to != "homes" {
				t.Errorf("%s leads to %q, %v; want homes", old, to, err)
			}
		}
		// Deleting a topic takes it off its articles and leaves them be.
		transport := topic("transport")
		if err := db.DeleteTopic(ctx, transport.ID); err != nil {
			t.Fatal(err)
		}
		if a, _ := db.GetArticleBySlug(ctx, "right"); len(a.TopicIDs) != 1 || a.TopicIDs[0] != housing.ID {
			t.Errorf("article after deleting one of its topics: %v", a.TopicIDs)
		}
		list, _ := db.ListTopics(ctx)
		if len(list) != 1 || list[0].Name != "Homes" || list[0].Articles != 4 {
			t.Errorf("topics = %+v, want Homes with 4 articles", list)
		}
	})
}

func TestRenamedListsKeepTheirAddresses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		ser, err := db.SaveSeries(ctx, content.Series{Slug: "long-table", Name: "Long Table"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveSection(ctx, content.Section{ID: sec, Slug: "city", Name: "City"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveSeries(ctx, content.Series{ID: ser, Slug: "the-long-table", Name: "The Long Table"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveAuthor(ctx, content.Author{ID: au, Slug: "ada-lovelace", Name: "Ada Lovelace"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ kind, old, want string }{
			{"section", "news", "city"}, {"series", "long-table", "the-long-table"}, {"author", "ada", "ada-lovelace"},
		} {
			if got, err := db.ListRedirect(ctx, c.kind, c.old); err != nil || got != c.want {
				t.Errorf("%s %s leads to %q, %v; want %s", c.kind, c.old, got, err, c.want)
			}
		}
		// Renamed back, the slug is current again and no longer redirects.
		if _, err := db.SaveSection(ctx, content.Section{ID: sec, Slug: "news", Name: "News"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ListRedirect(ctx, "section", "news"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the current slug still redirects: %v", err)
		}
		if got, _ := db.ListRedirect(ctx, "section", "city"); got != "news" {
			t.Errorf("city leads to %q, want news", got)
		}
		if _, err := db.ListRedirect(ctx, "sections; DROP TABLE x", "news"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("an unknown kind: %v", err)
		}
	})
}

func TestDeleteDraft(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		draft := newArticle("a-draft", sec, au, at)
		draft.Article.Status, draft.Article.PublishedAt = content.StatusDraft, time.Time{}
		draftID, err := db.CreateArticle(ctx, draft)
		if err != nil {
			t.Fatal(err)
		}
		pulled := newArticle("pulled", sec, au, at)
		pulled.Article.Status = content.StatusUnpublished // was public once
		pulledID, err := db.CreateArticle(ctx, pulled)
		if err != nil {
			t.Fatal(err)
		}
		liveID, err := db.CreateArticle(ctx, newArticle("live", sec, au, at))
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{pulledID, liveID} {
			if err := db.DeleteDraft(ctx, id); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("deleting article %d that readers saw: %v, want ErrNotFound", id, err)
			}
			if _, err := db.GetArticle(ctx, id); err != nil {
				t.Errorf("article %d after a refused delete: %v", id, err)
			}
		}
		if err := db.DeleteDraft(ctx, draftID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.GetArticle(ctx, draftID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted draft: %v, want ErrNotFound", err)
		}
		if revs, err := db.ListRevisions(ctx, draftID); err != nil || len(revs) != 0 {
			t.Errorf("revisions of the deleted draft: %d, %v", len(revs), err)
		}
		if n, _ := db.CountArticles(ctx); n != 2 {
			t.Errorf("%d articles left, want the two readers saw", n)
		}
		if err := db.DeleteDraft(ctx, draftID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleting it twice: %v", err)
		}
	})
}

func TestArticleLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		var ids []int64
		for i := 0; i < 5; i++ {
			id, err := db.CreateArticle(ctx, newArticle("story-"+string(rune('a'+i)), sec, au, base.Add(time.Duration(i)*time.Hour)))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		// Duplicate slug is a conflict and leaves nothing behind.
		if _, err := db.CreateArticle(ctx, newArticle("story-a", sec, au, base)); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("duplicate slug: got %v, want ErrConflict", err)
		}
		if n, _ := db.CountArticles(ctx); n != 5 {
			t.Fatalf("articles after failed insert = %d, want 5", n)
		}
		a, err := db.GetArticleBySlug(ctx, "story-c")
		if err != nil {
			t.Fatal(err)
		}
		if len(a.TopicIDs) != 2 || len(a.AuthorIDs) != 1 || !a.PublishedAt.Equal(base.Add(2*time.Hour)) {
			t.Fatalf("loaded article = %+v", a)
		}
		// Keyset pagination: newest first, 2 per page, no overlap.
		page1, err := db.ListPublished(ctx, content.Filter{}, content.Cursor{}, 2)
		if err != nil {
			t.Fatal(err)
		}
		last := page1[len(page1)-1]
		page2, err := db.ListPublished(ctx, content.Filter{}, content.Cursor{PublishedAt: last.PublishedAt, ID: last.ID}, 2)
		if err != nil {
			t.Fatal(err)
		}
		if page1[0].Slug != "story-e" || page1[1].Slug != "story-d" || page2[0].Slug != "story-c" || page2[1].Slug != "story-b" {
			t.Fatalf("pages: %s %s | %s %s", page1[0].Slug, page1[1].Slug, page2[0].Slug, page2[1].Slug)
		}
		topic, err := db.GetTopicBySlug(ctx, "housing")
		if err != nil {
			t.Fatal(err)
		}
		byTopic, _ := db.ListPublished(ctx, content.Filter{TopicID: topic.ID}, content.Cursor{}, 10)
		if len(byTopic) != 5 {
			t.Fatalf("topic list has %d", len(byTopic))
		}
		// Renaming the slug keeps the old one redirecting.
		a.Slug = "story-c-renamed"
		a.UpdatedAt = base.Add(10 * time.Hour)
		if err := db.UpdateArticle(ctx, content.ArticleWrite{Article: a, Revision: content.Snapshot{Headline: "second"}}); err != nil {
			t.Fatal(err)
		}
		if to, err := db.RedirectSlug(ctx, "story-c"); err != nil || to != "story-c-renamed" {
			t.Fatalf("redirect = %q, %v", to, err)
		}
		if taken, _ := db.SlugTaken(ctx, "story-c", ids[0]); !taken {
			t.Fatal("old slug should stay reserved")
		}
		revs, err := db.ListRevisions(ctx, a.ID)
		if err != nil || len(revs) != 2 || revs[0].Snapshot.Headline != "second" {
			t.Fatalf("revisions = %+v, %v", revs, err)
		}
		views, err := db.Views(ctx, page1)
		if err != nil {
			t.Fatal(err)
		}
		if views[0].Section.Name != "News" || views[0].Authors[0].Name != "Ada Reporter" || views[0].Topics[1].Name != "Local government" {
			t.Fatalf("view = %+v", views[0])
		}
	})
}

func TestScheduledPublishesOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		w := newArticle("later", sec, au, time.Time{})
		w.Article.Status, w.Article.ScheduledAt, w.Article.CreatedAt, w.Article.UpdatedAt = content.StatusScheduled, now.Add(time.Hour), now, now
		id, err := db.CreateArticle(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := db.PublishScheduled(ctx, id, now); ok {
			t.Fatal("published before its time")
		}
		if ok, err := db.PublishScheduled(ctx, id, now.Add(2*time.Hour)); !ok || err != nil {
			t.Fatalf("publish at time: %v %v", ok, err)
		}
		if ok, _ := db.PublishScheduled(ctx, id, now.Add(3*time.Hour)); ok {
			t.Fatal("published twice")
		}
		a, _ := db.GetArticle(ctx, id)
		if a.Status != content.StatusPublished || !a.PublishedAt.Equal(now.Add(time.Hour)) {
			t.Fatalf("after publish: %s %v", a.Status, a.PublishedAt)
		}
	})
}

func TestJobsClaimOnceAndRetry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		for i := 0; i < 3; i++ {
			if _, err := db.EnqueueJob(ctx, queue.NewJob{Kind: "k", RunAt: now, MaxAttempts: 2}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.EnqueueJob(ctx, queue.NewJob{Kind: "k", UniqueKey: "u", RunAt: now.Add(time.Hour), MaxAttempts: 2}); err != nil {
			t.Fatal(err)
		}
		// Re-enqueueing the same key moves the job instead of adding one.
		if _, err := db.EnqueueJob(ctx, queue.NewJob{Kind: "k", UniqueKey: "u", RunAt: now, MaxAttempts: 2}); err != nil {
			t.Fatal(err)
		}
		a, _ := db.ClaimJobs(ctx, "w1", now, time.Minute, []string{"k"}, 3)
		b, _ := db.ClaimJobs(ctx, "w2", now, time.Minute, []string{"k"}, 3)
		if len(a) != 3 || len(b) != 1 {
			t.Fatalf("claims: %d and %d, want 3 and 1", len(a), len(b))
		}
		if more, _ := db.ClaimJobs(ctx, "w3", now, time.Minute, []string{"k"}, 3); len(more) != 0 {
			t.Fatalf("claimed %d locked jobs", len(more))
		}
		// Both workers die: after the lease their jobs are claimable again.
		again, _ := db.ClaimJobs(ctx, "w3", now.Add(2*time.Minute), time.Minute, []string{"k"}, 10)
		if len(again) != 4 || again[0].Attempts != 2 {
			t.Fatalf("reclaimed %d (attempts %v)", len(again), again)
		}
		// The old holder can no longer complete a job it lost.
		_ = db.CompleteJob(ctx, a[0].ID, "w1", now)
		for _, j := range again[:3] {
			if err := db.CompleteJob(ctx, j.ID, "w3", now); err != nil {
				t.Fatal(err)
			}
		}
		_ = db.FailJob(ctx, again[3].ID, "w3", now, now.Add(3*time.Minute), "boom")
		ready, total, err := db.QueueDepth(ctx, now.Add(3*time.Minute))
		if err != nil || ready != 0 || total != 0 {
			t.Fatalf("depth after failing the last attempt = %d/%d, %v (want 0/0: out of attempts)", ready, total, err)
		}
	})
}

func TestUsersSessionsTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now()
		id, err := db.CreateFirstUser(ctx, auth.User{Email: "a@example.org", Name: "A", Role: auth.RoleAdmin, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateFirstUser(ctx, auth.User{Email: "b@example.org", Name: "B", Role: auth.RoleAdmin, PasswordHash: "h"}); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second first user: %v", err)
		}
		if u, err := db.GetUserByEmail(ctx, "A@Example.org"); err != nil || u.ID != id {
			t.Fatalf("case-insensitive email lookup: %+v, %v", u, err)
		}
		if err := db.CreateSession(ctx, "tok", id, "csrf", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		s, err := db.GetSession(ctx, "tok", now)
		if err != nil || s.User.ID != id || s.CSRFToken != "csrf" {
			t.Fatalf("session = %+v, %v", s, err)
		}
		if _, err := db.GetSession(ctx, "tok", now.Add(2*time.Hour)); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("expired session: %v", err)
		}
		if err := db.CreateToken(ctx, auth.Token{TokenHash: "r1", Purpose: "reset", UserID: id, Email: "a@example.org", ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := db.ResetPassword(ctx, "r1", id, "newhash", now); err != nil {
			t.Fatal(err)
		}
		if err := db.ResetPassword(ctx, "r1", id, "again", now); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("reused reset token: %v", err)
		}
		u, _ := db.GetUser(ctx, id)
		if u.PasswordHash != "newhash" {
			t.Fatalf("hash = %q", u.PasswordHash)
		}
		if _, err := db.GetSession(ctx, "tok", now); !errors.Is(err, store.ErrNotFound) {
			t.Fatal("password reset must sign out other sessions")
		}
	})
}

func TestStaffAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		id, err := db.CreateUser(ctx, auth.User{Email: "leaver@example.org", Name: "Leaver", Role: auth.RoleAuthor, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreateSession(ctx, "tok", id, "csrf", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateToken(ctx, auth.Token{TokenHash: "reset", Purpose: "reset", UserID: id, Email: "leaver@example.org", ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetAccess(ctx, id, now); err != nil {
			t.Fatal(err)
		}
		u, err := db.GetUser(ctx, id)
		if err != nil || u.Active() || !u.DisabledAt.Equal(now) {
			t.Fatalf("after removing access: %+v, %v", u, err)
		}
		if _, err := db.GetSession(ctx, "tok", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session after removing access: %v, want it gone", err)
		}
		if _, err := db.PeekToken(ctx, "reset", "reset", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("reset link after removing access: %v, want it void", err)
		}
		// A session made any other way is still refused while access is removed.
		if err := db.CreateSession(ctx, "tok2", id, "csrf", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.GetSession(ctx, "tok2", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session of a user without access: %v", err)
		}
		if err := db.SetAccess(ctx, id, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.GetSession(ctx, "tok2", now); err != nil {
			t.Errorf("session after restoring access: %v", err)
		}
		if u, _ := db.GetUser(ctx, id); !u.Active() {
			t.Error("still without access after restoring it")
		}
		if err := db.SetAccess(ctx, 999999, now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("access of no user: %v", err)
		}
	})
}

func TestSessionsExtendAndPrune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		id, err := db.CreateUser(ctx, auth.User{Email: "a@example.org", Name: "A", Role: auth.RoleEditor, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{"short", "long"} {
			if err := db.CreateSession(ctx, tok, id, "csrf", now.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.ExtendSession(ctx, "long", now.Add(48*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if s, err := db.GetSession(ctx, "long", now.Add(2*time.Hour)); err != nil || !s.ExpiresAt.Equal(now.Add(48*time.Hour)) {
			t.Fatalf("extended session two hours on: %+v, %v", s, err)
		}
		if err := db.CreateToken(ctx, auth.Token{TokenHash: "link", Purpose: "reset", UserID: id, Email: "a@example.org", ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if n, err := db.TakeAttempt(ctx, "account:a@example.org", now, 48*time.Hour); err != nil || n != 1 {
			t.Fatalf("first attempt: %d, %v", n, err)
		}
		if err := db.SaveDevice(ctx, "device", id, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}

		// Two hours on: the short session is gone for good (even when asked
		// about an earlier time); the link is kept a day for the email limits.
		if err := db.PruneSignIns(ctx, now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.GetSession(ctx, "short", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ended session after the prune: %v, want it deleted", err)
		}
		if _, err := db.GetSession(ctx, "long", now); err != nil {
			t.Errorf("live session after the prune: %v", err)
		}
		if _, err := db.PeekToken(ctx, "link", "reset", now); err != nil {
			t.Errorf("a link that ended an hour ago: %v, want it kept for a day", err)
		}
		if n, _ := db.TakeAttempt(ctx, "account:a@example.org", now, 48*time.Hour); n != 2 {
			t.Errorf("attempts counted two hours ago: %d, want the first kept", n-1)
		}
		if _, err := db.DeviceUser(ctx, "device", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a remembered browser past its time after the prune: %v, want it deleted", err)
		}

		if err := db.PruneSignIns(ctx, now.Add(26*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PeekToken(ctx, "link", "reset", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a link that ended over a day ago: %v, want it deleted", err)
		}
		if n, _ := db.TakeAttempt(ctx, "account:a@example.org", now, 48*time.Hour); n != 1 {
			t.Errorf("attempts counted over a day ago: %d, want none", n-1)
		}
		if _, err := db.GetSession(ctx, "long", now.Add(26*time.Hour)); err != nil {
			t.Errorf("extended session a day on: %v", err)
		}
	})
}

func TestPruneFinishedJobs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		first, err := db.EnqueueJob(ctx, queue.NewJob{Kind: "k", UniqueKey: "publish:1", RunAt: now, MaxAttempts: 3})
		if err != nil {
			t.Fatal(err)
		}
		// A later, still pending job keeps ids from being reused after the prune.
		if _, err := db.EnqueueJob(ctx, queue.NewJob{Kind: "k", RunAt: now.Add(time.Hour), MaxAttempts: 3}); err != nil {
			t.Fatal(err)
		}
		claimed, _ := db.ClaimJobs(ctx, "w", now, time.Minute, []string{"k"}, 1)
		if len(claimed) != 1 {
			t.Fatalf("claimed %d", len(claimed))
		}
		if err := db.CompleteJob(ctx, first, "w", now); err != nil {
			t.Fatal(err)
		}
		// Not yet old enough: the finished row stays, so its key still maps to it.
		if err := db.PruneJobs(ctx, now); err != nil {
			t.Fatal(err)
		}
		if again, _ := db.EnqueueJob(ctx, queue.NewJob{Kind: "k", UniqueKey: "publish:1", RunAt: now, MaxAttempts: 3}); again != first {
			t.Fatalf("re-enqueue before prune gave id %d, want the kept row %d", again, first)
		}
		claimed, _ = db.ClaimJobs(ctx, "w", now, time.Minute, []string{"k"}, 1)
		_ = db.CompleteJob(ctx, claimed[0].ID, "w", now)
		if err := db.PruneJobs(ctx, now.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if again, _ := db.EnqueueJob(ctx, queue.NewJob{Kind: "k", UniqueKey: "publish:1", RunAt: now, MaxAttempts: 3}); again == first {
			t.Fatal("a pruned job's row is still there")
		}
	})
}
