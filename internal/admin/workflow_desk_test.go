package admin_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// section is the HTML of the dashboard's list with id, "" when absent.
func section(body, id string) string {
	m := regexp.MustCompile(`(?s)<section class="desk" id="desk-` + id + `".*?</section>`).FindString(body)
	return m
}

// The dashboard shows each person the work waiting for them, with links
// to the article list filtered the same way.
func TestDashboardDeskSections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		p := newDesk(a)
		a.articleBy(p.cy, "Cy's draft", content.StatusDraft)
		inReview := a.articleBy(p.cy, "Cy's piece in review", content.StatusReview)
		a.articleBy(p.zo, "Zo's piece in review", content.StatusReview)
		a.articleBy(p.ed, "Ed's draft", content.StatusDraft)
		a.articleBy(p.au, "Au's scheduled piece", content.StatusScheduled)
		a.articleBy(p.cy, "Cy's approved piece", content.StatusReady)
		a.articleBy(p.zo, "Zo's approved piece", content.StatusReady)
		a.articleBy(p.au, "Au's published piece", content.StatusPublished)
		ed := a.signIn(p.ed.Email)
		ed.get("/admin")
		if r := ed.post("/admin/articles/"+itoa(inReview.ID)+"/assign", map[string][]string{"assignee": {itoa(p.ed.ID)}}); r.status != http.StatusSeeOther {
			t.Fatalf("assign: %d", r.status)
		}

		r := ed.get("/admin")
		wantStatus(t, r, http.StatusOK, "editor's dashboard")
		for id, want := range map[string][]string{
			"my-drafts": {"My drafts", "Ed&#39;s draft", `href="/admin/articles?author=` + itoa(p.ed.AuthorID) + `&amp;status=draft"`},
			"waiting":   {"Waiting for review", "Cy&#39;s piece in review", "Zo&#39;s piece in review", `href="/admin/articles?status=review"`},
			"ready":     {"Ready to publish", "Cy&#39;s approved piece", "Zo&#39;s approved piece", `href="/admin/articles?status=ready"`},
			"assigned":  {"Assigned to me", "Cy&#39;s piece in review", `href="/admin/articles?assignee=me&amp;status=open"`},
			"scheduled": {"Scheduled", "Au&#39;s scheduled piece"},
			"published": {"Recently published", "Au&#39;s published piece", "sort=published"},
		} {
			s := section(r.body, id)
			if s == "" {
				t.Errorf("the editor's dashboard has no %s list", id)
				continue
			}
			wantBody(t, resp{body: s}, "editor's "+id, want...)
		}
		if s := section(r.body, "my-drafts"); strings.Contains(s, "Cy&#39;s draft") {
			t.Error("the editor's drafts list someone else's draft")
		}

		cy := a.signIn(p.cy.Email)
		r = cy.get("/admin")
		if section(r.body, "assigned") != "" {
			t.Error("a contributor's dashboard has an Assigned to me list")
		}
		s := section(r.body, "waiting")
		wantBody(t, resp{body: s}, "contributor's review list", "My articles in review", "Cy&#39;s piece in review")
		if strings.Contains(s, "Zo&#39;s") {
			t.Error("a contributor sees another's article waiting for review")
		}
		wantBody(t, resp{body: section(r.body, "my-drafts")}, "contributor's drafts", "Cy&#39;s draft")
		s = section(r.body, "ready")
		wantBody(t, resp{body: s}, "contributor's approved list", "My approved articles", "Cy&#39;s approved piece")
		if strings.Contains(s, "Zo&#39;s") {
			t.Error("a contributor sees another's approved article")
		}
		// The lists' links answer with the same articles.
		r = ed.get("/admin/articles?assignee=me")
		wantBody(t, r, "assigned to me", "Cy&#39;s piece in review", `<td class="cell-assignee">ed</td>`)
		if strings.Contains(r.body, "Zo&#39;s") {
			t.Error("the list assigned to me shows an unassigned article")
		}
		r = ed.get("/admin/articles?assignee=nobody&status=review")
		wantBody(t, r, "nobody's", "Zo&#39;s piece in review", `<option value="nobody" selected>`)
		if strings.Contains(r.body, "Cy&#39;s piece") {
			t.Error("the unassigned list shows an assigned article")
		}
		r = ed.get("/admin/articles?assignee=" + itoa(p.cy.ID))
		wantBody(t, r, "a contributor as assignee", "There is no assignee")
	})
}

// The dashboard's "Scheduled" lists what goes out soonest first, whatever
// was changed last, and links to the article list in that order, which
// pages through it the same way.
func TestDashboardScheduledSoonestFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		p := newDesk(a)
		ctx := context.Background()
		schedule := func(headline string, in time.Duration) {
			t.Helper()
			_, err := a.content.Save(ctx, content.Actor{UserID: p.ed.ID, Role: auth.RoleEditor, AuthorID: p.ed.AuthorID}, content.ArticleInput{
				Headline: headline, Standfirst: "What happens.", SectionID: a.section, AuthorIDs: []int64{p.ed.AuthorID},
				BodySource: "The facts of " + headline + ".", Action: content.ActionSchedule, ScheduleAt: a.clock.Now().Add(in)})
			if err != nil {
				t.Fatal(err)
			}
			a.clock.Add(time.Minute)
		}
		schedule("Friday column", 72*time.Hour)
		schedule("Tonight story", 9*time.Hour)
		schedule("Tomorrow lead", 24*time.Hour) // changed last
		want := []string{"Tonight story", "Tomorrow lead", "Friday column"}
		inOrder := func(what, body string) {
			t.Helper()
			last := -1
			for _, h := range want {
				i := strings.Index(body, h)
				if i < last {
					t.Errorf("%s: %q is not after the ones scheduled sooner", what, h)
				}
				last = i
			}
			if last < 0 {
				t.Errorf("%s lacks the scheduled articles", what)
			}
		}
		ed := a.signIn(p.ed.Email)
		s := section(ed.get("/admin").body, "scheduled")
		inOrder("the dashboard's Scheduled", s)
		link := "/admin/articles?sort=scheduled&status=scheduled"
		wantBody(t, resp{body: s}, "the dashboard's Scheduled", `href="/admin/articles?sort=scheduled&amp;status=scheduled"`)
		r := ed.get(link)
		wantStatus(t, r, http.StatusOK, "the scheduled list")
		wantBody(t, r, "the scheduled list", `<option value="scheduled" selected>Scheduled time, soonest first</option>`)
		inOrder("the scheduled list", r.body)
	})
}
