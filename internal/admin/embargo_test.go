package admin_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The editor's "Embargo until" field (decision 0042), through HTTP with an
// injected clock: publishing before the embargo is refused with a message
// and stores nothing, scheduling before it is refused and at it accepted,
// and staff views say "Embargoed until ...".
func TestEmbargoInTheEditor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		if err := a.content.SaveSettings(context.Background(), content.Actor{Role: auth.RoleAdmin},
			content.Settings{Name: "Test Weekly", TimeZone: "Australia/Melbourne"}); err != nil {
			t.Fatal(err)
		}
		c := a.signIn("ed@example.org")
		// Now is 20:00 on 10 Nov in Melbourne; the embargo is 08:00 on 11 Nov there (21:00 UTC).
		f := articleForm(a.section, ed.AuthorID, "Budget leak", "The figures.", "publish")
		f.Set("embargo_until", "2026-11-11T08:00")
		r := c.post("/admin/articles/new", f)
		wantStatus(t, r, http.StatusUnprocessableEntity, "publish before the embargo")
		wantBody(t, r, "publish before the embargo", "embargoed until 10 November 2026 21:00 UTC: it cannot be published before then", `value="2026-11-11T08:00"`)
		if n := a.countArticles(); n != 0 {
			t.Fatalf("%d articles stored by a refused publish", n)
		}
		f.Set("embargo_until", "tomorrow")
		f.Set("action", "save")
		wantBody(t, c.post("/admin/articles/new", f), "bad embargo", "Enter a date and a time, such as 2026-11-20 09:30, or leave it empty for no embargo.")

		f.Set("embargo_until", "2026-11-11T08:00")
		id := savedID(t, c.post("/admin/articles/new", f))
		embargo := time.Date(2026, 11, 10, 21, 0, 0, 0, time.UTC)
		if got := a.article(id); got.Status != content.StatusDraft || !got.EmbargoUntil.Equal(embargo) {
			t.Fatalf("saved %s embargoed until %v, want a draft until %v", got.Status, got.EmbargoUntil, embargo)
		}
		wantBody(t, c.get("/admin/articles/"+itoa(id)), "editor of an embargoed article",
			`<label for="embargo_until">Embargo until</label>`, `value="2026-11-11T08:00"`, "Embargoed until 11 November 2026 08:00 AEDT")
		wantBody(t, c.get("/admin/articles/"+itoa(id)+"/preview"), "staff preview", "Embargoed until 11 November 2026 08:00 AEDT")
		wantBody(t, c.get("/admin/articles"), "article list", "Embargoed until 11 Nov 2026, 08:00")

		f.Set("action", "schedule")
		f.Set("schedule_at", "2026-11-11T07:59")
		r = c.post("/admin/articles/"+itoa(id), f)
		wantStatus(t, r, http.StatusUnprocessableEntity, "schedule before the embargo")
		wantBody(t, r, "schedule before the embargo", "The article is embargoed until 10 November 2026 21:00 UTC: schedule it for that time or later.")
		if _, ok := a.sched.scheduled(id); ok {
			t.Fatal("a refused schedule was queued")
		}
		f.Set("schedule_at", "2026-11-11T08:00")
		f.Set("version", itoa(a.article(id).UpdatedAt.UnixMicro()))
		savedID(t, c.post("/admin/articles/"+itoa(id), f))
		if at, ok := a.sched.scheduled(id); !ok || !at.Equal(embargo) {
			t.Fatalf("scheduled %v %v, want at the embargo %v", at, ok, embargo)
		}
	})
}
