package store_test

import (
	"context"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestNotesDateTheArticleAndListCorrections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		uid, err := db.CreateUser(ctx, auth.User{Email: "ed@example.org", Name: "Ed Itor", Role: auth.RoleEditor, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		a1, err := db.CreateArticle(ctx, newArticle("one", sec, au, at))
		if err != nil {
			t.Fatal(err)
		}
		a2, err := db.CreateArticle(ctx, newArticle("two", sec, au, at))
		if err != nil {
			t.Fatal(err)
		}
		draft := newArticle("draft", sec, au, at)
		draft.Article.Status, draft.Article.PublishedAt = content.StatusDraft, time.Time{}
		a3, err := db.CreateArticle(ctx, draft)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := db.GetArticle(ctx, a1)
		add := func(id int64, kind content.NoteKind, text string, when time.Time, by int64) {
			t.Helper()
			if _, err := db.AddNote(ctx, content.Note{ArticleID: id, Kind: kind, Text: text, At: when, By: by}); err != nil {
				t.Fatal(err)
			}
		}
		add(a1, content.NoteCorrection, "First fix.", at.Add(2*time.Hour), uid)
		add(a1, content.NoteUpdate, "Added a quote.", at.Add(3*time.Hour), 0)
		add(a2, content.NoteCorrection, "Second fix.", at.Add(4*time.Hour), uid)
		add(a3, content.NoteCorrection, "Not public.", at.Add(5*time.Hour), uid)
		// An older note does not move the article's modified time back.
		add(a1, content.NoteCorrection, "Late entry of an old fix.", at.Add(time.Hour), uid)

		notes, err := db.ArticleNotes(ctx, a1)
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) != 3 || notes[0].Text != "Late entry of an old fix." || notes[1].Text != "First fix." || notes[2].Kind != content.NoteUpdate ||
			!notes[1].At.Equal(at.Add(2*time.Hour)) || notes[1].ByName != "Ed Itor" || notes[2].By != 0 {
			t.Fatalf("notes of one = %+v", notes)
		}
		got, _ := db.GetArticle(ctx, a1)
		if !got.ModifiedAt.Equal(at.Add(3 * time.Hour)) {
			t.Errorf("modified at %v, want the latest note's %v", got.ModifiedAt, at.Add(3*time.Hour))
		}
		if !got.UpdatedAt.Equal(before.UpdatedAt) {
			t.Errorf("a note changed the article's version: %v, was %v", got.UpdatedAt, before.UpdatedAt)
		}
		// Feeds read several articles' notes at once.
		byArticle, err := db.NotesOf(ctx, []int64{a1, a2})
		if err != nil || len(byArticle[a1]) != 3 || len(byArticle[a2]) != 1 || byArticle[a2][0].Text != "Second fix." {
			t.Fatalf("notes of both = %+v, %v", byArticle, err)
		}
		// The public list: corrections of published articles, newest first, by pages.
		page1, err := db.PublicCorrections(ctx, content.Cursor{}, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page1) != 2 || page1[0].Text != "Second fix." || page1[0].Slug != "two" || page1[0].Headline != "Headline two" || page1[1].Text != "First fix." {
			t.Fatalf("first page = %+v", page1)
		}
		last := page1[len(page1)-1]
		page2, err := db.PublicCorrections(ctx, content.Cursor{PublishedAt: last.At, ID: last.ID}, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page2) != 1 || page2[0].Text != "Late entry of an old fix." {
			t.Fatalf("second page = %+v", page2)
		}
		// Deleting an article takes its notes with it.
		if err := db.DeleteDraft(ctx, a3); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.ArticleNotes(ctx, a3); len(n) != 0 {
			t.Errorf("notes of a deleted article: %+v", n)
		}
	})
}

// Upgrading to migration 0025 turns each article's free-text correction
// into one dated correction and empties the old field.
func TestMigrationTurnsCorrectionsIntoDatedNotes(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, storetest.URL(t, e), "")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.MigrateTo(ctx, 24); err != nil {
				t.Fatal(err)
			}
			pub := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
			mod, saved := pub.Add(26*time.Hour), pub.Add(48*time.Hour)
			if err := db.Write(ctx, `INSERT INTO sections (id, slug, name) VALUES (1, 'news', 'News')`); err != nil {
				t.Fatal(err)
			}
			for _, row := range []struct {
				id         int64
				correction string
				modified   any
			}{
				{1, "It was 7–5, not 8–4.", mod.UnixMicro()}, // dated by its last edit after publication
				{2, "The mayor's name was misspelt.", nil},   // never edited after publication: its last save
				{3, "", mod.UnixMicro()},                     // no correction
			} {
				if err := db.Write(ctx, `INSERT INTO articles (id, slug, headline, section_id, status, correction, published_at, modified_at, created_at, updated_at)
					VALUES (?, ?, ?, 1, 'published', ?, ?, ?, ?, ?)`, row.id, "a"+string(rune('0'+row.id)), "Headline", row.correction,
					pub.UnixMicro(), row.modified, pub.UnixMicro(), saved.UnixMicro()); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for id, want := range map[int64]struct {
				text string
				at   time.Time
			}{1: {"It was 7–5, not 8–4.", mod}, 2: {"The mayor's name was misspelt.", saved}} {
				notes, err := db.ArticleNotes(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if len(notes) != 1 || notes[0].Kind != content.NoteCorrection || notes[0].Text != want.text || !notes[0].At.Equal(want.at) {
					t.Errorf("article %d notes = %+v, want one correction %q at %v", id, notes, want.text, want.at)
				}
				a, err := db.GetArticle(ctx, id)
				if err != nil || a.Correction != "" {
					t.Errorf("article %d keeps its old correction %q (%v)", id, a.Correction, err)
				}
			}
			if notes, _ := db.ArticleNotes(ctx, 3); len(notes) != 0 {
				t.Errorf("an article without a correction got notes: %+v", notes)
			}
		})
	}
}
