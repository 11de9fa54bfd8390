package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// frontForm is the front page form with the given slots pinned (slot
// number to article id) and nothing else.
func frontForm(pins map[int]int64, extra ...string) url.Values {
	f := url.Values{}
	for n, id := range pins {
		f.Set("slot_"+itoa(int64(n)), itoa(id))
	}
	for i := 0; i+1 < len(extra); i += 2 {
		f.Set(extra[i], extra[i+1])
	}
	return f
}

func liveSlots(t *testing.T, db *store.DB, section int64, draft bool) []content.FrontSlot {
	t.Helper()
	l, err := db.FrontLayout(context.Background(), section, draft)
	if err != nil {
		t.Fatal(err)
	}
	return l.Slots
}

func TestFrontPageCuration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("ed@example.org", auth.RoleEditor)
		writer := a.user("writer@example.org", auth.RoleAuthor)
		first := a.publishedArticle("first", writer.AuthorID)
		second := a.publishedArticle("second", writer.AuthorID)
		third := a.publishedArticle("third", writer.AuthorID)
		ed := a.signIn("ed@example.org")

		r := ed.get("/admin/front")
		wantStatus(t, r, http.StatusOK, "front page form")
		wantBody(t, r, "front page form", "<legend>Lead</legend>", "<legend>Top story 6</legend>", "Story first", `action="/admin/front"`)

		// Pin the lead with its own headline, and a top story.
		r = ed.post("/admin/front", frontForm(map[int]int64{0: first.ID, 2: second.ID}, "slot_0_headline", "A pinned lead"))
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/admin/front?done=saved") {
			t.Fatalf("save the draft: %d %s\n%s", r.status, r.location(), r.body)
		}
		if live := liveSlots(t, db, 0, false); len(live) != 0 {
			t.Fatalf("saving a draft changed what readers see: %+v", live)
		}
		draft := liveSlots(t, db, 0, true)
		if len(draft) != 2 || draft[0].ArticleID != first.ID || draft[0].Headline != "A pinned lead" || draft[1].Slot != 2 || draft[1].ArticleID != second.ID {
			t.Fatalf("draft = %+v", draft)
		}
		wantBody(t, ed.get("/admin/front"), "form after saving", "readers do not see it yet", `value="A pinned lead"`)

		// The preview is the home page with the draft, for staff only and never cached.
		r = ed.get("/admin/front/preview")
		wantStatus(t, r, http.StatusOK, "preview")
		wantBody(t, r, "preview", "A pinned lead", "of the draft front page")
		if r.header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("preview Cache-Control = %q", r.header.Get("Cache-Control"))
		}
		if r := a.client().get("/admin/front/preview"); r.status != http.StatusSeeOther && r.status != http.StatusFound {
			t.Errorf("signed-out preview: %d, want a redirect to sign in", r.status)
		}

		// Move the top story up, keeping what was typed.
		r = ed.post("/admin/front", frontForm(map[int]int64{0: first.ID, 2: second.ID}, "slot_0_headline", "A pinned lead", "move", "up-2"))
		wantStatus(t, r, http.StatusSeeOther, "move up")
		if d := liveSlots(t, db, 0, true); len(d) != 2 || d[1].Slot != 1 || d[1].ArticleID != second.ID || d[0].Headline != "A pinned lead" {
			t.Fatalf("after moving up: %+v", d)
		}

		// Publish: readers' layout is the draft, and the draft is gone.
		wantStatus(t, ed.post("/admin/front/publish", url.Values{}), http.StatusSeeOther, "publish")
		if live := liveSlots(t, db, 0, false); len(live) != 2 || live[0].ArticleID != first.ID || live[1].Slot != 1 {
			t.Fatalf("live after publishing = %+v", live)
		}
		wantBody(t, ed.get("/admin/front"), "form after publishing", "No unpublished changes", "Last published")

		// Bad input is refused with a message and changes nothing.
		unpublished := a.article(third.ID)
		if _, err := a.content.Save(context.Background(), editorActor, content.ArticleInput{ID: third.ID, Headline: unpublished.Headline, Slug: unpublished.Slug,
			Standfirst: unpublished.Standfirst, SectionID: a.section, AuthorIDs: []int64{writer.AuthorID}, BodySource: unpublished.BodySource,
			Action: content.ActionUnpublish}); err != nil {
			t.Fatal(err)
		}
		img, err := db.CreateImage(context.Background(), content.Image{Path: "2026/11/p.png", Mime: "image/png", Width: 10, Height: 10, Size: 1}, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			what string
			form url.Values
			want string
		}{
			{"an unpublished article", frontForm(map[int]int64{0: third.ID}), "Only published articles can be pinned"},
			{"an unknown article", frontForm(map[int]int64{0: 99999}), "Only published articles can be pinned"},
			{"one article in two slots", frontForm(map[int]int64{0: first.ID, 3: first.ID}), "already pinned in the lead"},
			{"an article that is not a number", frontForm(nil, "slot_1", "first"), "Choose an article from the list"},
			{"an unknown picture", frontForm(map[int]int64{0: first.ID}, "slot_0_image", "99999"), "no uploaded image with this number"},
			{"a picture without a description", frontForm(map[int]int64{0: first.ID}, "slot_0_image", itoa(img)), "Describe the picture"},
			{"a headline without an article", frontForm(nil, "slot_4_headline", "Orphan"), "Choose an article to pin"},
			{"a headline on two lines", frontForm(map[int]int64{0: first.ID}, "slot_0_headline", "One\nTwo"), "on one line"},
		} {
			r := ed.post("/admin/front", c.form)
			wantStatus(t, r, http.StatusUnprocessableEntity, c.what)
			wantBody(t, r, c.what, c.want)
			if d := liveSlots(t, db, 0, true); len(d) != 2 || d[0].ArticleID != first.ID || d[0].Headline != "A pinned lead" {
				t.Fatalf("%s changed the draft: %+v", c.what, d)
			}
		}

		// The pinned lead is unpublished: the form says it drops out.
		if _, err := a.content.Save(context.Background(), editorActor, content.ArticleInput{ID: first.ID, Headline: first.Headline, Slug: first.Slug,
			Standfirst: first.Standfirst, SectionID: a.section, AuthorIDs: []int64{writer.AuthorID}, BodySource: first.BodySource,
			Action: content.ActionUnpublish}); err != nil {
			t.Fatal(err)
		}
		wantBody(t, ed.get("/admin/front"), "form with an unpublished pin", "is no longer published")

		// Section pages have their own layout; an unknown section is not found.
		sec, _ := db.GetSection(context.Background(), a.section)
		r = ed.post("/admin/front/sections/"+sec.Slug, frontForm(map[int]int64{0: second.ID}))
		wantStatus(t, r, http.StatusSeeOther, "section draft")
		wantStatus(t, ed.post("/admin/front/sections/"+sec.Slug+"/publish", url.Values{}), http.StatusSeeOther, "publish the section")
		if s := liveSlots(t, db, a.section, false); len(s) != 1 || s[0].ArticleID != second.ID {
			t.Fatalf("section layout = %+v", s)
		}
		wantStatus(t, ed.get("/admin/front/sections/no-such-section"), http.StatusNotFound, "unknown section")
		wantStatus(t, ed.post("/admin/front/sections/no-such-section/publish", url.Values{}), http.StatusNotFound, "publish an unknown section")

		// Discarding a draft puts the form back to the live layout.
		ed.post("/admin/front", frontForm(map[int]int64{0: second.ID}))
		wantStatus(t, ed.post("/admin/front/discard", url.Values{}), http.StatusSeeOther, "discard")
		if d := liveSlots(t, db, 0, true); len(d) != 2 || d[0].ArticleID != first.ID {
			t.Fatalf("draft after discarding = %+v, want the live layout", d)
		}
	})
}

func TestFrontPageIsForEditors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		writer := a.user("writer@example.org", auth.RoleAuthor)
		a.user("contrib@example.org", auth.RoleContributor)
		art := a.publishedArticle("story", writer.AuthorID)
		for _, who := range []string{"writer@example.org", "contrib@example.org"} {
			c := a.signIn(who)
			wantStatus(t, c.get("/admin/front"), http.StatusForbidden, who+" opens the front page")
			wantStatus(t, c.get("/admin/front/preview"), http.StatusForbidden, who+" previews it")
			wantStatus(t, c.post("/admin/front", frontForm(map[int]int64{0: art.ID})), http.StatusForbidden, who+" pins a story")
			wantStatus(t, c.post("/admin/front/publish", url.Values{}), http.StatusForbidden, who+" publishes")
			if body := c.get("/admin").body; strings.Contains(body, `href="/admin/front"`) {
				t.Errorf("%s sees the front page in the menu", who)
			}
		}
		if d := liveSlots(t, db, 0, true); len(d) != 0 {
			t.Fatalf("a forbidden post changed the layout: %+v", d)
		}
	})
}
