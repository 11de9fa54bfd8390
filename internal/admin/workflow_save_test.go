package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The editor's "Submit for review" saves what the form holds and submits
// it in one go: the typed changes are kept, the article is in review, the
// history has the submission and the editors have their email. Refused
// (a bad form, an old version, a state that cannot be submitted, someone
// else's article, a role that cannot approve), nothing changes.
func TestSaveAndSubmitFromTheEditor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		a.deskMail()
		p := newDesk(a)
		cy := a.signIn(p.cy.Email)
		art := a.articleBy(p.cy, "Bridge to reopen", content.StatusDraft)
		path := "/admin/articles/" + itoa(art.ID)

		r := cy.get(path)
		wantBody(t, r, "contributor's draft", `<button type="submit" name="action" value="submit" class="button button-primary">Submit for review</button>`,
			"Submit for review saves the article")
		if n := strings.Count(r.body, `value="submit"`); n != 1 {
			t.Errorf("the page has %d submit buttons, want the form's one", n)
		}
		version := versionOf(t, r)

		// Refused: nothing is saved, nothing moves, no email.
		unchanged := func(what string) {
			t.Helper()
			got := a.article(art.ID)
			evs, err := db.ListArticleEvents(ctx, art.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Headline != "Bridge to reopen" || got.Status != content.StatusDraft || len(evs) != 0 {
				t.Fatalf("%s changed the article: %q %s, events %+v", what, got.Headline, got.Status, evs)
			}
		}
		bad := articleForm(a.section, p.cy.AuthorID, "", "Words.", "submit")
		bad.Set("version", version)
		r = cy.post(path, bad)
		wantStatus(t, r, http.StatusUnprocessableEntity, "submit without a headline")
		wantBody(t, r, "submit without a headline", "Write a headline", "Words.</textarea>")
		unchanged("a submission without a headline")
		stale := articleForm(a.section, p.cy.AuthorID, "Bridge to reopen in May", "Words.", "submit")
		stale.Set("version", itoa(art.UpdatedAt.UnixMicro()-1))
		wantStatus(t, cy.post(path, stale), http.StatusConflict, "submit from an old version")
		unchanged("a submission from an old version")
		other := a.articleBy(p.zo, "Zo's piece", content.StatusDraft)
		wantStatus(t, cy.post("/admin/articles/"+itoa(other.ID), articleForm(a.section, p.cy.AuthorID, "Mine now", "Words.", "submit")),
			http.StatusForbidden, "submit another's draft")
		if got := a.article(other.ID); got.Headline != "Zo's piece" || got.Status != content.StatusDraft {
			t.Errorf("another's draft became %q %s", got.Headline, got.Status)
		}
		ap := articleForm(a.section, p.cy.AuthorID, "Bridge to reopen in May", "Words.", "approve")
		ap.Set("version", version)
		wantStatus(t, cy.post(path, ap), http.StatusForbidden, "contributor saves and approves")
		unchanged("a contributor's approval")
		a.runJobs()
		if n := len(a.sinkMails()); n != 0 {
			t.Fatalf("%d emails after refusals", n)
		}

		// Saved and submitted at once.
		a.clock.Add(time.Minute)
		f := articleForm(a.section, p.cy.AuthorID, "Bridge to reopen in May", "The council voted.", "submit")
		f.Set("version", version)
		cy.get(path) // the writer has the editor open as they submit
		r = cy.post(path, f)
		if savedID(t, r); !strings.HasSuffix(r.location(), "done=save-submit") {
			t.Fatalf("save and submit went to %s", r.location())
		}
		got := a.article(art.ID)
		if got.Headline != "Bridge to reopen in May" || got.BodySource != "The council voted." || got.Status != content.StatusReview {
			t.Fatalf("after save and submit: %q %q %s", got.Headline, got.BodySource, got.Status)
		}
		evs, _ := db.ListArticleEvents(ctx, art.ID)
		if len(evs) != 1 || evs[0].From != content.StatusDraft || evs[0].To != content.StatusReview || evs[0].UserID != p.cy.ID {
			t.Fatalf("events = %+v", evs)
		}
		r = cy.get(r.location())
		wantBody(t, r, "held after save and submit", "Saved and submitted for review", "cannot be edited", "cy submitted it for review")
		// The writer has left the editor: the editor who opens it holds it.
		wantBody(t, a.signIn(p.ed.Email).get(path), "the editor opens the submitted article", `data-holds="true"`)
		a.runJobs()
		mails := map[string]string{}
		for _, m := range a.sinkMails() {
			mails[m.To[0]] = m.Subject
		}
		if len(mails) != 2 || mails["ed@example.org"] != "Submitted for review: “Bridge to reopen in May”" || mails["eve@example.org"] == "" {
			t.Fatalf("submission emails = %v, want one to each editor", mails)
		}

		// A published article is not submitted: the form comes back as typed.
		live := a.articleBy(p.cy, "Live piece", content.StatusPublished)
		lp := articleForm(a.section, p.cy.AuthorID, "Live piece, revised", "Words.", "submit")
		r = cy.post("/admin/articles/"+itoa(live.ID), lp)
		wantStatus(t, r, http.StatusConflict, "submit a published article")
		wantBody(t, r, "submit a published article", "only a draft or an unpublished article", `value="Live piece, revised"`)
		if got := a.article(live.ID); got.Headline != "Live piece" || got.Status != content.StatusPublished || hasPending(t, db, live.ID) {
			t.Errorf("a refused submission changed the published article: %q %s", got.Headline, got.Status)
		}

		// An author submits unpublished work; a contributor a new article.
		au := a.signIn(p.au.Email)
		gone := a.articleBy(p.au, "Withdrawn piece", content.StatusUnpublished)
		wantBody(t, au.get("/admin/articles/"+itoa(gone.ID)), "author's unpublished article", `value="submit"`, `value="publish"`)
		savedID(t, au.post("/admin/articles/"+itoa(gone.ID), articleForm(a.section, p.au.AuthorID, "Withdrawn piece, fixed", "Words.", "submit")))
		if got := a.article(gone.ID); got.Status != content.StatusReview || got.Headline != "Withdrawn piece, fixed" {
			t.Errorf("the author's submission: %q %s", got.Headline, got.Status)
		}
		wantBody(t, cy.get("/admin/articles/new"), "new article", `value="submit"`)
		id := savedID(t, cy.post("/admin/articles/new", articleForm(a.section, p.cy.AuthorID, "Fresh piece", "Words.", "submit")))
		if got := a.article(id); got.Status != content.StatusReview || got.CreatedBy != p.cy.ID {
			t.Errorf("a new article submitted at once: %s by %d", got.Status, got.CreatedBy)
		}
		if evs, _ := db.ListArticleEvents(ctx, id); len(evs) != 1 || evs[0].To != content.StatusReview {
			t.Errorf("the new article's events = %+v", evs)
		}
	})
}

// An editor's "Save and approve" keeps the edit and approves the article
// in review; the writer hears of it. It is offered only in review.
func TestSaveAndApproveFromTheEditor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.deskMail()
		p := newDesk(a)
		ed := a.signIn(p.ed.Email)
		art := a.articleBy(p.cy, "Bridge to reopen", content.StatusReview)
		path := "/admin/articles/" + itoa(art.ID)
		r := ed.get(path)
		wantBody(t, r, "editor on an article in review", `value="approve" class="button">Save and approve</button>`)
		if strings.Contains(r.body, `name="action" value="submit"`) {
			t.Error("an editor is offered the form's Submit for review")
		}
		f := articleForm(a.section, p.cy.AuthorID, "Bridge to reopen in May", "Checked.", "approve")
		f.Set("version", versionOf(t, r))
		r = ed.post(path, f)
		if savedID(t, r); !strings.HasSuffix(r.location(), "done=save-approve") {
			t.Fatalf("save and approve went to %s", r.location())
		}
		got := a.article(art.ID)
		if got.Headline != "Bridge to reopen in May" || got.Status != content.StatusReady {
			t.Fatalf("after save and approve: %q %s", got.Headline, got.Status)
		}
		r = ed.get(r.location())
		wantBody(t, r, "approved", "Saved and approved", "ed approved it")
		if strings.Contains(r.body, "Save and approve") {
			t.Error("a ready article still offers Save and approve")
		}
		a.runJobs()
		mails := a.sinkMails()
		if len(mails) != 1 || mails[0].To[0] != "cy@example.org" || mails[0].Subject != "Approved: “Bridge to reopen in May”" {
			t.Fatalf("emails = %+v", mails)
		}
		// Approving a draft is refused, and the form keeps what was typed.
		draft := a.articleBy(p.cy, "A draft", content.StatusDraft)
		r = ed.post("/admin/articles/"+itoa(draft.ID), articleForm(a.section, p.cy.AuthorID, "A draft, edited", "Words.", "approve"))
		wantStatus(t, r, http.StatusConflict, "approve a draft")
		wantBody(t, r, "approve a draft", "only an article in review can be approved", `value="A draft, edited"`)
		if got := a.article(draft.ID); got.Headline != "A draft" || got.Status != content.StatusDraft {
			t.Errorf("a refused approval changed the draft: %q %s", got.Headline, got.Status)
		}
	})
}

// The Save button says what saving does in each state.
func TestSaveButtonLabelByState(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	p := newDesk(a)
	ed := a.signIn(p.ed.Email)
	for _, tc := range []struct {
		st   content.Status
		want string
	}{
		{content.StatusDraft, "Save draft"},
		{content.StatusReview, "Save"},
		{content.StatusReady, "Save"},
		{content.StatusScheduled, "Save"},
		{content.StatusPublished, "Save changes"},
		{content.StatusUnpublished, "Save"},
	} {
		art := a.articleBy(p.cy, "A "+string(tc.st)+" piece", tc.st)
		wantBody(t, ed.get("/admin/articles/"+itoa(art.ID)), string(tc.st), `value="save" class="button">`+tc.want+`</button>`)
	}
	wantBody(t, ed.get("/admin/articles/new"), "new article", `value="save" class="button">Save draft</button>`)
}

// Publishing a published article's pending changes, now or at their time,
// and discarding them are in the article's history, by whom (the
// schedule for the time's) and when.
func TestPublishedChangesInTheHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		p := newDesk(a)
		ed := a.signIn(p.ed.Email)
		story := a.articleBy(p.cy, "Budget", content.StatusPublished)
		edit := "/admin/articles/" + itoa(story.ID)
		kinds := func() []content.EventKind {
			t.Helper()
			evs, err := db.ListArticleEvents(ctx, story.ID)
			if err != nil {
				t.Fatal(err)
			}
			var out []content.EventKind
			for _, e := range evs {
				out = append(out, e.Kind)
			}
			return out
		}
		stage := func(headline, action string, at time.Time) {
			t.Helper()
			a.clock.Add(time.Minute)
			f := articleForm(a.section, p.cy.AuthorID, headline, "New facts.", action)
			f.Set("version", versionOf(t, ed.get(edit)))
			if !at.IsZero() {
				st, _ := db.GetSettings(ctx)
				f.Set("schedule_at", at.In(st.Location()).Format("2006-01-02T15:04"))
			}
			savedID(t, ed.post(edit, f))
		}

		// Staged, then published from the pending panel.
		stage("Budget, revised", "save", time.Time{})
		if k := kinds(); len(k) != 0 {
			t.Fatalf("staging logged %v", k)
		}
		savedID(t, ed.post(edit+"/pending/publish", url.Values{}))
		// Published at once from the form.
		stage("Budget, revised again", "publish", time.Time{})
		// Discarded: once logged; a second discard has nothing to drop and logs nothing.
		stage("Budget, never", "save", time.Time{})
		savedID(t, ed.post(edit+"/pending/discard", url.Values{}))
		savedID(t, ed.post(edit+"/pending/discard", url.Values{}))
		// Scheduled, then published by the queue at their time.
		at := a.clock.Now().Add(time.Hour).Truncate(time.Minute)
		stage("Budget, final", "schedule", at)
		a.clock.Add(2 * time.Hour)
		if ok, err := a.content.PublishChangesDue(ctx, story.ID); !ok || err != nil {
			t.Fatalf("due changes: %v %v", ok, err)
		}
		want := []content.EventKind{content.EventChanges, content.EventChanges, content.EventDiscard, content.EventChanges}
		if got := kinds(); !slices.Equal(got, want) {
			t.Fatalf("events %v, want %v", got, want)
		}
		evs, _ := db.ListArticleEvents(ctx, story.ID)
		if evs[0].UserID != p.ed.ID || evs[3].UserID != 0 {
			t.Errorf("by %d and %d, want ed and the schedule", evs[0].UserID, evs[3].UserID)
		}
		r := ed.get(edit)
		wantBody(t, r, "the history", "ed published the changes", "ed discarded the pending changes", "The schedule published the changes")
		if got := a.article(story.ID); got.Headline != "Budget, final" || got.Status != content.StatusPublished {
			t.Errorf("after the scheduled changes: %q %s", got.Headline, got.Status)
		}
	})
}
