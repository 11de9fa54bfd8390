package staffmail_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/mail/mailtest"
	"masthead/internal/queue"
	"masthead/internal/staffmail"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// A notice queued in a transaction becomes one email per recipient once
// the jobs run: not to the actor, not to a disabled account, and nothing
// at all when the transaction rolls back.
func TestNoticeEmailsEachRecipient(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		user := func(email, name string) int64 {
			t.Helper()
			id, err := db.CreateUser(ctx, auth.User{Email: email, Name: name, Role: auth.RoleEditor, PasswordHash: "h"})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		ed, cy, gone := user("ed@example.org", "Ed Itor"), user("cy@example.org", "Cy Writer"), user("gone@example.org", "Gone")
		if err := db.SetAccess(ctx, gone, time.Now()); err != nil {
			t.Fatal(err)
		}
		sec, err := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		art, err := db.CreateArticle(ctx, content.ArticleWrite{Article: content.Article{Slug: "bridge", Headline: "Bridge to reopen",
			SectionID: sec, Status: content.StatusReview, CreatedAt: now, UpdatedAt: now}})
		if err != nil {
			t.Fatal(err)
		}
		logger := slog.New(slog.DiscardHandler)
		q := queue.New(db, logger, queue.Options{})
		rec := &mailtest.Recorder{}
		s := staffmail.New(staffmail.Options{Store: db, Mail: rec, Jobs: q, Logger: logger,
			Site: func(context.Context) (string, string) { return "Test Weekly", "https://news.example.org/" }})
		q.Register(s.JobKinds()...)

		n := staffmail.Notice{ArticleID: art, To: []int64{cy, ed, gone, cy}, ActorID: ed, Kind: staffmail.KindSentBack, Note: "Check the figures."}
		rollback := db.InTx(ctx, func(tx content.Tx) error {
			if err := s.Queue(ctx, tx, n); err != nil {
				return err
			}
			return context.Canceled // the change failed: nothing may be sent
		})
		if rollback == nil {
			t.Fatal("the transaction did not fail")
		}
		if err := db.InTx(ctx, func(tx content.Tx) error { return s.Queue(ctx, tx, n) }); err != nil {
			t.Fatal(err)
		}
		if err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		msgs := rec.Messages()
		if len(msgs) != 1 {
			t.Fatalf("sent %d emails, want 1 (to Cy): %+v", len(msgs), msgs)
		}
		m := msgs[0]
		if m.To[0] != "cy@example.org" || m.Subject != "Sent back: “Bridge to reopen”" {
			t.Errorf("email to %v, subject %q", m.To, m.Subject)
		}
		for _, want := range []string{"Ed Itor sent “Bridge to reopen” back to draft.", "Check the figures.", "https://news.example.org/admin/articles/"} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("email text lacks %q:\n%s", want, m.Text)
			}
		}
		if err := db.InTx(ctx, func(tx content.Tx) error {
			return s.Queue(ctx, tx, staffmail.Notice{ArticleID: art, To: []int64{cy}, Kind: "gossip"})
		}); err == nil {
			t.Error("an unknown kind of notice was queued")
		}
	})
}

// The HTML part says the same as the text, escaped: a headline or note
// with markup shows as text.
func TestComposeEscapesHTML(t *testing.T) {
	m := staffmail.Compose(staffmail.Notice{ArticleID: 7, Kind: staffmail.KindSentBack, Note: "Cut <script>alert(1)</script>\nand check."},
		"Tom & Jerry <b>", "Ed", "Test Weekly", "https://news.example.org")
	for _, want := range []string{"Tom &amp; Jerry &lt;b&gt;", "Cut &lt;script&gt;alert(1)&lt;/script&gt;<br>and check.", `<a href="https://news.example.org/admin/articles/7">`} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("HTML lacks %q:\n%s", want, m.HTML)
		}
	}
	if strings.Contains(m.HTML, "<script>") || strings.Contains(m.HTML, "<b>") {
		t.Errorf("HTML carries markup from the text:\n%s", m.HTML)
	}
	if !strings.Contains(m.Text, "Cut <script>alert(1)</script>\nand check.") {
		t.Errorf("text = %q", m.Text)
	}
}

// A mentioned colleague reads the whole of the longest note the desk
// takes; only something longer is cut.
func TestComposeQuotesTheLongestNoteWhole(t *testing.T) {
	note := strings.Repeat("é", content.MaxDeskNoteChars-3) + "end"
	m := staffmail.Compose(staffmail.Notice{ArticleID: 1, Kind: staffmail.KindMention, Note: note}, "Bridge", "Ed", "The Gazette", "https://example.org")
	if !strings.Contains(m.Text, "éend\n") || strings.Contains(m.Text, "…") {
		t.Error("a note of the longest length is cut in the email")
	}
	m = staffmail.Compose(staffmail.Notice{ArticleID: 1, Kind: staffmail.KindMention, Note: note + "!"}, "Bridge", "Ed", "The Gazette", "https://example.org")
	if !strings.Contains(m.Text, "…") || strings.Contains(m.Text, "end!") {
		t.Error("a note longer than any the desk takes is not cut")
	}
}
