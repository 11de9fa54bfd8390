package admin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"masthead/internal/admin"
	"masthead/internal/auth"
	"masthead/internal/campaign"
	"masthead/internal/content"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// sendFixture is an editor, a newsletter with two confirmed readers (and
// one who is not confirmed) and three published articles.
type sendFixture struct {
	*app
	editor auth.User
	weekly int64
	arts   []int64 // published, oldest first
	draft  int64   // an unpublished article
}

func newSendFixture(t *testing.T, db *store.DB, change func(*admin.Options)) *sendFixture {
	t.Helper()
	a := newAppWith(t, db, change)
	f := &sendFixture{app: a, editor: a.user("editor@example.org", auth.RoleEditor)}
	f.weekly = a.newsletter("Weekly Guide")
	a.reader("ann@example.net", 0, f.weekly)
	a.reader("bob@example.net", 0, f.weekly)
	for _, slug := range []string{"harbour", "budget", "school"} {
		f.arts = append(f.arts, a.publishedArticle(slug, f.editor.AuthorID).ID)
		a.clock.Add(time.Minute)
	}
	res, err := a.content.Save(context.Background(), editorActor, content.ArticleInput{Headline: "An unpublished draft", Slug: "unpublished",
		Standfirst: "Not yet.", SectionID: a.section, AuthorIDs: []int64{f.editor.AuthorID}, BodySource: "Later.", Action: content.ActionSave})
	if err != nil {
		t.Fatal(err)
	}
	f.draft = res.Article.ID
	return f
}

// draft stores a campaign through the service.
func (f *sendFixture) campaign(subject string, nl int64, arts ...int64) int64 {
	f.t.Helper()
	id, err := f.camp.Save(context.Background(), campaign.Draft{NewsletterID: nl, Subject: subject, ArticleIDs: arts, By: f.editor.ID})
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *sendFixture) get(id int64) campaign.Campaign {
	f.t.Helper()
	c, err := f.camp.Get(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

var chosenRE = regexp.MustCompile(`name="article" value="(\d+)"`)

// chosen is the order of the articles in a shown form.
func chosen(body string) []string {
	var out []string
	for _, m := range chosenRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func composeValues(nl int64, subject string, arts ...int64) url.Values {
	v := url.Values{"newsletter": {itoa(nl)}, "subject": {subject}}
	for _, id := range arts {
		v.Add("article", itoa(id))
	}
	return v
}

func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

var campaignRE = regexp.MustCompile(`^/admin/campaigns/(\d+)\?done=saved$`)

func TestCampaignComposeForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newSendFixture(t, db, nil)
		c := f.signIn("editor@example.org")
		a1, a2, a3 := f.arts[0], f.arts[1], f.arts[2]

		r := c.get("/admin/campaigns/new")
		wantStatus(t, r, http.StatusOK, "new issue")
		wantBody(t, r, "new issue", "Story harbour", "Story school", "Weekly Guide (2 confirmed)", "Add the week")
		if strings.Contains(r.body, "Story "+itoa(f.draft)) || strings.Contains(r.body, "An unpublished draft") {
			t.Error("the picker offers an unpublished article")
		}

		// Nothing chosen: every problem named, nothing stored.
		r = c.post("/admin/campaigns/new", url.Values{"newsletter": {""}, "subject": {""}, "save": {"1"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "empty issue")
		wantBody(t, r, "empty issue", `id="newsletter-error"`, "Choose a newsletter from the list.", `id="articles-error"`,
			"Choose at least one published article.", `id="subject-error"`, `href="#newsletter"`)
		if list, _ := f.camp.List(context.Background(), 0, 0, 10); len(list) != 0 {
			t.Fatalf("a refused issue was stored: %+v", list)
		}

		// The picker's buttons change the form and store nothing.
		form := composeValues(f.weekly, "")
		r = c.post("/admin/campaigns/new", with(form, "add", itoa(a1)))
		wantStatus(t, r, http.StatusOK, "add")
		form = composeValues(f.weekly, "", a1)
		if got := chosen(r.body); !slices.Equal(got, []string{itoa(a1)}) {
			t.Fatalf("after add: %v", got)
		}
		r = c.post("/admin/campaigns/new", with(form, "add", itoa(a2)))
		if got := chosen(r.body); !slices.Equal(got, []string{itoa(a1), itoa(a2)}) {
			t.Fatalf("after a second add: %v", got)
		}
		r = c.post("/admin/campaigns/new", with(composeValues(f.weekly, "", a1, a2), "add", itoa(a2)))
		if got := chosen(r.body); !slices.Equal(got, []string{itoa(a1), itoa(a2)}) {
			t.Fatalf("an article added twice: %v", got)
		}
		r = c.post("/admin/campaigns/new", with(composeValues(f.weekly, "", a1, a2), "up", "1"))
		if got := chosen(r.body); !slices.Equal(got, []string{itoa(a2), itoa(a1)}) {
			t.Fatalf("after up: %v", got)
		}
		r = c.post("/admin/campaigns/new", with(composeValues(f.weekly, "", a2, a1), "down", "0"))
		if got := chosen(r.body); !slices.Equal(got, []string{itoa(a1), itoa(a2)}) {
			t.Fatalf("after down: %v", got)
		}
		r = c.post("/admin/campaigns/new", with(composeValues(f.weekly, "", a1, a2), "up", "0", "down", ""))
		if got := chosen(r.body); !slices.Equal(got, []string{itoa(a1), itoa(a2)}) {
			t.Fatalf("the first moved up: %v", got)
		}
		r = c.post("/admin/campaigns/new", with(composeValues(f.weekly, "", a1, a2), "remove", "0"))
		if got := chosen(r.body); !slices.Equal(got, []string{itoa(a2)}) {
			t.Fatalf("after remove: %v", got)
		}
		// The week's most recent, newest first, after what is chosen.
		r = c.post("/admin/campaigns/new", with(composeValues(f.weekly, "Typed subject", a2), "recent", "1"))
		if got := chosen(r.body); !slices.Equal(got, []string{itoa(a2), itoa(a3), itoa(a1)}) {
			t.Fatalf("after the week's most recent: %v", got)
		}
		wantBody(t, r, "recent", `value="Typed subject"`)
		// Search keeps the issue and narrows the picker.
		r = c.post("/admin/campaigns/new", with(composeValues(f.weekly, "", a1), "q", "budget", "search", "1"))
		wantBody(t, r, "search", `value="budget"`, "Story budget")
		if strings.Contains(r.body, "Story school") {
			t.Error("the search did not narrow the picker")
		}
		if list, _ := f.camp.List(context.Background(), 0, 0, 10); len(list) != 0 {
			t.Fatalf("the picker's buttons stored an issue: %+v", list)
		}

		// An unpublished article, a subject too long: refused, typed values kept.
		r = c.post("/admin/campaigns/new", with(composeValues(f.weekly, strings.Repeat("s", campaign.MaxSubjectChars+1), a1, f.draft), "save", "1"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad issue")
		wantBody(t, r, "bad issue", "Choose published articles only.", "The subject can have at most 200 characters", "not published")
		if got := chosen(r.body); !slices.Equal(got, []string{itoa(a1), itoa(f.draft)}) {
			t.Fatalf("a refused issue lost its articles: %v", got)
		}

		// One article without a subject: the headline is the subject.
		r = c.post("/admin/campaigns/new", with(composeValues(f.weekly, "", a1), "preheader", "The harbour reopens", "intro", "Hello.\n\nA second paragraph.", "save", "1"))
		m := campaignRE.FindStringSubmatch(r.location())
		if r.status != http.StatusSeeOther || m == nil {
			t.Fatalf("save: %d %q\n%s", r.status, r.location(), r.body)
		}
		id := savedNumber(t, m[1])
		got := f.get(id)
		if got.Subject != "Story harbour" || got.Preheader != "The harbour reopens" || !slices.Equal(got.ArticleIDs, []int64{a1}) || got.Status != campaign.StatusDraft {
			t.Fatalf("saved %+v", got)
		}
		wantBody(t, c.get(r.location()), "saved page", "Saved as a draft", "Story harbour", "2 confirmed subscribers now")

		// Editing keeps the version; an edit over a newer one is refused.
		r = c.get("/admin/campaigns/" + itoa(id) + "/edit")
		wantStatus(t, r, http.StatusOK, "edit")
		wantBody(t, r, "edit", `name="version" value="1"`, `value="Story harbour"`)
		r = c.post("/admin/campaigns/"+itoa(id)+"/edit", with(composeValues(f.weekly, "Two stories", a1, a2), "version", "1", "save", "1"))
		wantStatus(t, r, http.StatusSeeOther, "edit save")
		if got := f.get(id); got.Subject != "Two stories" || len(got.ArticleIDs) != 2 {
			t.Fatalf("edited %+v", got)
		}
		r = c.post("/admin/campaigns/"+itoa(id)+"/edit", with(composeValues(f.weekly, "Stale", a1), "version", "1", "save", "1"))
		wantStatus(t, r, http.StatusConflict, "stale edit")
		wantBody(t, r, "stale edit", "changed or started sending since you opened it", `value="Stale"`)
		if got := f.get(id); got.Subject != "Two stories" {
			t.Fatalf("a stale edit was stored: %+v", got)
		}

		// From a published article's editor, with that article chosen.
		r = c.get("/admin/articles/" + itoa(a3))
		wantBody(t, r, "editor", `href="/admin/campaigns/new?article=`+itoa(a3)+`"`, "Send as newsletter")
		if r := c.get("/admin/articles/" + itoa(f.draft)); strings.Contains(r.body, "Send as newsletter") {
			t.Error("a draft offers to be sent as a newsletter")
		}
		r = c.get("/admin/campaigns/new?article=" + itoa(a3))
		wantBody(t, r, "from the editor", `value="Story school"`)
		if got := chosen(r.body); !slices.Equal(got, []string{itoa(a3)}) {
			t.Fatalf("from the editor: %v", got)
		}
		if got := chosen(c.get("/admin/campaigns/new?article=" + itoa(f.draft)).body); len(got) != 0 {
			t.Fatalf("an unpublished article chosen from the address: %v", got)
		}
	})
}

func savedNumber(t *testing.T, s string) int64 {
	t.Helper()
	var id int64
	for _, c := range s {
		id = id*10 + int64(c-'0')
	}
	return id
}

func TestCampaignPagesRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newSendFixture(t, db, nil)
		f.user("admin@example.org", auth.RoleAdmin)
		f.user("author@example.org", auth.RoleAuthor)
		f.user("contrib@example.org", auth.RoleContributor)
		id := f.campaign("Two stories", f.weekly, f.arts[0], f.arts[1])
		pages := []string{"/admin/campaigns", "/admin/campaigns/new", "/admin/campaigns/" + itoa(id), "/admin/campaigns/" + itoa(id) + "/edit",
			"/admin/campaigns/" + itoa(id) + "/preview", "/admin/campaigns/" + itoa(id) + "/progress", "/admin/campaigns/" + itoa(id) + "/send",
			"/admin/campaigns/" + itoa(id) + "/cancel"}
		for _, who := range []string{"author@example.org", "contrib@example.org"} {
			c := f.signIn(who)
			if strings.Contains(c.get("/admin").body, `href="/admin/campaigns"`) {
				t.Errorf("%s sees the send pages in the menu", who)
			}
			if strings.Contains(c.get("/admin/articles/"+itoa(f.arts[0])).body, "Send as newsletter") {
				t.Errorf("%s is offered to send an article", who)
			}
			for _, p := range pages {
				wantStatus(t, c.get(p), http.StatusForbidden, who+" "+p)
			}
			for _, p := range []string{"/admin/campaigns/new", "/admin/campaigns/" + itoa(id) + "/send", "/admin/campaigns/" + itoa(id) + "/cancel",
				"/admin/campaigns/" + itoa(id) + "/test"} {
				wantStatus(t, c.post(p, with(composeValues(f.weekly, "x", f.arts[0]), "save", "1", "to", itoa(f.editor.ID))), http.StatusForbidden, who+" POST "+p)
			}
		}
		if got := f.get(id); got.Status != campaign.StatusDraft {
			t.Fatalf("a refused role changed the campaign: %s", got.Status)
		}
		if n := len(f.sink.Received()); n != 0 {
			t.Fatalf("a refused role sent %d emails", n)
		}
		for _, who := range []string{"editor@example.org", "admin@example.org"} {
			c := f.signIn(who)
			wantBody(t, c.get("/admin"), who+" menu", `href="/admin/campaigns"`)
			for _, p := range pages {
				r := c.get(p)
				wantStatus(t, r, http.StatusOK, who+" "+p)
				// Counts, never a subscriber's address.
				if strings.Contains(r.body, "ann@example.net") || strings.Contains(r.body, "bob@example.net") {
					t.Errorf("%s %s shows a subscriber's address", who, p)
				}
			}
		}
	})
}

func TestCampaignPreviews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newSendFixture(t, db, nil)
		c := f.signIn("editor@example.org")
		id := f.campaign("Two stories", f.weekly, f.arts[0], f.arts[1])
		r := c.get("/admin/campaigns/" + itoa(id) + "/preview")
		wantStatus(t, r, http.StatusOK, "HTML preview")
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"sandbox", "default-src 'none'", "frame-ancestors 'self'", "form-action 'none'", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("preview CSP %q lacks %q", csp, want)
			}
		}
		if strings.Contains(csp, "script-src") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("preview CSP allows scripts: %q", csp)
		}
		if cc := r.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("preview Cache-Control %q", cc)
		}
		if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("preview Content-Type %q", ct)
		}
		wantBody(t, r, "HTML preview", "Story harbour", "Story budget", "/newsletters/unsubscribe/test-link-acts-on-nobody")
		if strings.Contains(r.body, "MHUNSUBSCRIBEURL") {
			t.Error("the preview holds a placeholder")
		}
		page := c.get("/admin/campaigns/" + itoa(id))
		wantBody(t, page, "campaign page", `<iframe class="email-frame" src="/admin/campaigns/`+itoa(id)+`/preview" sandbox=""`,
			`<pre class="email-text"`, "Story budget", "test-link-acts-on-nobody")
		// The page itself keeps the newsroom's policy (no framing of it).
		if got := page.header.Get("Content-Security-Policy"); !strings.Contains(got, "frame-ancestors 'none'") {
			t.Errorf("campaign page CSP %q", got)
		}
	})
}

func progress(t *testing.T, c *client, id int64) map[string]any {
	t.Helper()
	r := c.get("/admin/campaigns/" + itoa(id) + "/progress")
	wantStatus(t, r, http.StatusOK, "progress")
	if cc, ct := r.header.Get("Cache-Control"), r.header.Get("Content-Type"); cc != "no-store" || ct != "application/json" {
		t.Errorf("progress headers: Cache-Control %q, Content-Type %q", cc, ct)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(r.body), &p); err != nil {
		t.Fatalf("progress %s: %v", r.body, err)
	}
	return p
}

func TestCampaignStates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newSendFixture(t, db, nil)
		f.reader("cat@example.net", 0, f.weekly)
		f.db.Now = f.clock.Now
		c := f.signIn("editor@example.org")
		id := f.campaign("Two stories", f.weekly, f.arts[0], f.arts[1])
		base := "/admin/campaigns/" + itoa(id)

		// Scheduling: a time that is not one, or has passed, is refused.
		r := c.post(base+"/schedule", url.Values{"scheduled_at": {"tomorrow"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "not a time")
		wantBody(t, r, "not a time", `id="scheduled_at-error"`, "Enter a date and a time", `value="tomorrow"`)
		r = c.post(base+"/schedule", url.Values{"scheduled_at": {"2026-11-09T07:00"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "past time")
		wantBody(t, r, "past time", "Choose a time in the future, or send now.")
		if got := f.get(id); got.Status != campaign.StatusDraft {
			t.Fatalf("a refused schedule: %s", got.Status)
		}
		// The publication's zone (UTC here: the settings' default).
		r = c.post(base+"/schedule", url.Values{"scheduled_at": {"2026-11-12T07:30"}})
		wantStatus(t, r, http.StatusSeeOther, "schedule")
		got := f.get(id)
		if want := time.Date(2026, 11, 12, 7, 30, 0, 0, time.UTC); got.Status != campaign.StatusScheduled || !got.ScheduledAt.Equal(want) {
			t.Fatalf("scheduled %s at %v, want %v", got.Status, got.ScheduledAt, want)
		}
		wantBody(t, c.get(r.location()), "scheduled", "Scheduled for 12 Nov 2026, 07:30", `value="2026-11-12T07:30"`, "Unschedule")
		wantStatus(t, c.post(base+"/unschedule", url.Values{}), http.StatusSeeOther, "unschedule")
		r = c.post(base+"/unschedule", url.Values{})
		wantStatus(t, r, http.StatusConflict, "unschedule a draft")
		wantBody(t, r, "unschedule a draft", "This campaign is not scheduled.", "Two stories")
		r = c.post(base+"/resume", url.Values{})
		wantStatus(t, r, http.StatusConflict, "resume a draft")
		wantBody(t, r, "resume a draft", "Only a paused or failed campaign can be resumed.")

		// Forms need the session's token.
		wantStatus(t, c.post(base+"/send", url.Values{"csrf": {"forged"}}), http.StatusForbidden, "send without the token")
		if got := f.get(id); got.Status != campaign.StatusDraft {
			t.Fatalf("a forged send: %s", got.Status)
		}

		// Send now: the confirmation names the newsletter and the count.
		r = c.get(base + "/send")
		wantStatus(t, r, http.StatusOK, "confirm")
		wantBody(t, r, "confirm", "Weekly Guide", "3 confirmed subscribers", "Send to 3 subscribers")
		r = c.post(base+"/send", url.Values{})
		wantStatus(t, r, http.StatusSeeOther, "send")
		page := c.get(r.location())
		wantBody(t, page, "sending page", "Sending has started", `<noscript><meta http-equiv="refresh" content="5"></noscript>`,
			`data-status="sending"`, `<progress id="progress-bar"`, `<script src="/admin/assets/admin.`)
		if p := progress(t, c, id); p["status"] != "sending" {
			t.Fatalf("progress while sending: %v", p)
		}
		// Refusals of the wrong state, with the service's words.
		r = c.post(base+"/send", url.Values{})
		wantStatus(t, r, http.StatusConflict, "send twice")
		wantBody(t, r, "send twice", "This campaign cannot be sent now: it is no longer a draft.")
		wantStatus(t, c.get(base+"/send"), http.StatusConflict, "confirm a sending campaign")
		wantStatus(t, c.get(base+"/edit"), http.StatusConflict, "edit a sending campaign")

		// Pause and resume before the job runs: nothing sent meanwhile.
		wantStatus(t, c.post(base+"/pause", url.Values{}), http.StatusSeeOther, "pause")
		r = c.post(base+"/pause", url.Values{})
		wantStatus(t, r, http.StatusConflict, "pause twice")
		wantBody(t, r, "pause twice", "Only a campaign that is sending or scheduled can be paused.")
		f.runJobs()
		if n := len(f.sink.Received()); n != 0 {
			t.Fatalf("a paused campaign sent %d", n)
		}
		if strings.Contains(c.get(base).body, "http-equiv") {
			t.Error("a paused campaign's page refreshes itself")
		}
		wantStatus(t, c.post(base+"/resume", url.Values{}), http.StatusSeeOther, "resume")
		f.runJobs()

		got = f.get(id)
		if got.Status != campaign.StatusSent || got.Total != 3 || got.Sent != 3 {
			t.Fatalf("after the send: %s, %+v", got.Status, got.Counts)
		}
		to := map[string]bool{}
		for _, m := range f.sink.Received() {
			for _, rcpt := range m.To {
				to[rcpt] = true
			}
		}
		if len(to) != 3 || !to["ann@example.net"] || !to["bob@example.net"] || !to["cat@example.net"] {
			t.Fatalf("sent to %v", to)
		}
		p := progress(t, c, id)
		if p["status"] != "sent" || p["total"] != 3.0 || p["sent"] != 3.0 || p["done"] != 3.0 || p["percent"] != 100.0 {
			t.Fatalf("progress when sent: %v", p)
		}
		page = c.get(base)
		// The store's event counts (the feedback work) are in the results.
		wantBody(t, page, "results", "Results", `<progress id="progress-bar" max="3" value="3"`, `data-status="sent"`, "Unsubscribed", "Complaints")
		if strings.Contains(page.body, "http-equiv") || strings.Contains(page.body, "Send now") || strings.Contains(page.body, "Cancel the campaign") {
			t.Error("a sent campaign's page refreshes itself or offers to send or cancel")
		}
		r = c.post(base+"/cancel", url.Values{})
		wantStatus(t, r, http.StatusConflict, "cancel a sent campaign")
		wantBody(t, r, "cancel a sent campaign", "This campaign has already finished.")

		// Cancelling a draft, after its confirmation.
		other := f.campaign("Never", f.weekly, f.arts[2])
		r = c.get("/admin/campaigns/" + itoa(other) + "/cancel")
		wantBody(t, r, "confirm cancel", "will never be sent", "Cancel the campaign")
		wantStatus(t, c.post("/admin/campaigns/"+itoa(other)+"/cancel", url.Values{}), http.StatusSeeOther, "cancel")
		if got := f.get(other); got.Status != campaign.StatusCancelled {
			t.Fatalf("cancelled: %s", got.Status)
		}
		wantStatus(t, c.get("/admin/campaigns/999999"), http.StatusNotFound, "no such campaign")
		wantStatus(t, c.post("/admin/campaigns/999999/pause", url.Values{}), http.StatusNotFound, "pause no such campaign")
	})
}

func TestCampaignTestSend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newSendFixture(t, db, nil)
		boss := f.user("boss@example.org", auth.RoleAdmin)
		gone := f.user("gone@example.org", auth.RoleEditor)
		if err := f.auth.SetAccess(context.Background(), boss, gone.ID, false); err != nil {
			t.Fatal(err)
		}
		c := f.signIn("editor@example.org")
		id := f.campaign("Two stories", f.weekly, f.arts[0], f.arts[1])
		base := "/admin/campaigns/" + itoa(id)
		page := c.get(base)
		wantBody(t, page, "test form", `name="to" value="`+itoa(f.editor.ID)+`" checked`, "boss@example.org")
		if strings.Contains(page.body, "gone@example.org") {
			t.Error("a member of staff without access is offered for tests")
		}

		r := c.post(base+"/test", url.Values{})
		wantStatus(t, r, http.StatusUnprocessableEntity, "nobody ticked")
		wantBody(t, r, "nobody ticked", `id="addresses-error"`, "Tick at least one member of staff")
		r = c.post(base+"/test", url.Values{"to": {itoa(gone.ID), "999999", "ann@example.net"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "not staff")
		if n := len(f.sink.Received()); n != 0 {
			t.Fatalf("refused tests sent %d", n)
		}

		r = c.post(base+"/test", url.Values{"to": {itoa(f.editor.ID), itoa(boss.ID), itoa(boss.ID)}})
		wantStatus(t, r, http.StatusSeeOther, "test")
		got := f.sink.Received()
		if len(got) != 2 {
			t.Fatalf("%d test emails, want 2", len(got))
		}
		for _, m := range got {
			if len(m.To) != 1 || (m.To[0] != "editor@example.org" && m.To[0] != "boss@example.org") {
				t.Errorf("test went to %v", m.To)
			}
			if !strings.Contains(string(m.Data), "Subject: [Test] Two stories") || !strings.Contains(string(m.Data), "test-link-acts-on-nobody") {
				t.Errorf("test email:\n%.600s", m.Data)
			}
		}
		page = c.get(r.location())
		wantBody(t, page, "tested", "Test email sent.", "“[Test] Two stories” went to:", "editor &lt;editor@example.org&gt;", "boss &lt;boss@example.org&gt;")
		if got := f.get(id); got.Status != campaign.StatusDraft || got.Sent != 0 {
			t.Fatalf("a test changed the campaign: %s %+v", got.Status, got.Counts)
		}
		// The notice names accounts from the database, never text from the address.
		wantStatus(t, c.get(base+"?done=test&to=<b>x</b>"), http.StatusOK, "crafted notice")
	})
}

// events is a stand-in for the feedback work's CampaignEventCounts.
type events map[string]int

func (e events) CampaignEventCounts(context.Context, int64) (map[string]int, error) { return e, nil }

func TestCampaignResultsAndList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ev := events{"bounce": 1, "unsubscribe": 2, "complaint": 3, "open": 40, "click": 50}
		f := newSendFixture(t, db, func(o *admin.Options) { o.CampaignEvents = ev })
		tracked, err := f.nl.SaveNewsletter(context.Background(), newsletter.Newsletter{Name: "Tracked Daily", SenderName: "Test Weekly",
			SenderEmail: "news@example.org", Public: true, Track: true})
		if err != nil {
			t.Fatal(err)
		}
		f.reader("dan@example.net", 0, tracked)
		c := f.signIn("editor@example.org")
		plain := f.campaign("Plain", f.weekly, f.arts[0])
		withTracking := f.campaign("With tracking", tracked, f.arts[1])
		for _, id := range []int64{plain, withTracking} {
			if err := f.camp.SendNow(context.Background(), id); err != nil {
				t.Fatal(err)
			}
		}
		f.runJobs()
		r := c.get("/admin/campaigns/" + itoa(plain))
		wantBody(t, r, "results", "Unsubscribed", ">2<", "Complaints", ">3<", "Bounced later")
		if strings.Contains(r.body, "Opened") {
			t.Error("opens shown for a campaign without tracking")
		}
		wantBody(t, c.get("/admin/campaigns/"+itoa(withTracking)), "tracked results", "Opened", ">40<", "Clicked", ">50<")

		// The list: newest first, 25 a page, by newsletter.
		for i := range 26 {
			f.campaign("Draft "+itoa(int64(i)), f.weekly, f.arts[0])
		}
		r = c.get("/admin/campaigns")
		wantBody(t, r, "list", "Draft 25", `rel="next"`, "Weekly Guide")
		if strings.Contains(r.body, ">Plain<") {
			t.Error("the first page holds more than 25")
		}
		next := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(r.body)
		r = c.get(strings.ReplaceAll(next[1], "&amp;", "&"))
		wantBody(t, r, "second page", ">Plain<", ">With tracking<", "Newest")
		r = c.get("/admin/campaigns?newsletter=" + itoa(tracked))
		wantBody(t, r, "filtered", ">With tracking<", `<option value="`+itoa(tracked)+`" selected>`)
		if strings.Contains(r.body, ">Plain<") || strings.Contains(r.body, "Draft 1") {
			t.Error("the filter shows another newsletter's campaigns")
		}
		wantStatus(t, c.get("/admin/campaigns?newsletter=x&before=-4"), http.StatusOK, "bad filter")
	})
}
