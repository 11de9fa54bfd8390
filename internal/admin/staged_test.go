package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func hasPending(t *testing.T, db *store.DB, id int64) bool {
	t.Helper()
	_, err := db.GetPending(context.Background(), id)
	if err != nil && apperr.KindOf(err) != apperr.NotFound {
		t.Fatal(err)
	}
	return err == nil
}

// Saving a published article stages the edit; readers keep the published
// version until it is published, now or at a time, or discarded.
func TestStagedEditsOfAPublishedArticle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		con := a.user("con@example.org", auth.RoleContributor)
		story := a.publishedArticle("budget", ed.AuthorID)
		edit := "/admin/articles/" + itoa(story.ID)
		c := a.signIn("ed@example.org")
		wantBody(t, c.get(edit), "live article", "Save changes", "Publish changes now", "Publish the changes at")

		a.clock.Add(time.Minute)
		f := articleForm(a.section, ed.AuthorID, "Budget, revised", "New facts.", "save")
		f.Set("version", versionOf(t, c.get(edit)))
		r := c.post(edit, f)
		if savedID(t, r); !strings.HasSuffix(r.location(), "done=staged") {
			t.Fatalf("staged save went to %s", r.location())
		}
		if got := a.article(story.ID); got.Headline != story.Headline || got.BodySource != story.BodySource || !got.UpdatedAt.Equal(story.UpdatedAt) {
			t.Fatalf("a staged save changed the published article: %q %q", got.Headline, got.BodySource)
		}
		if got := a.pending(story.ID); got.Headline != "Budget, revised" || got.BodySource != "New facts." {
			t.Fatalf("pending version: %+v", got)
		}
		r = c.get(edit + "?done=staged")
		wantBody(t, r, "editor with pending changes", "Saved as pending changes", "Pending changes, saved", "by ed",
			`value="Budget, revised"`, "New facts.</textarea>", `href="`+edit+`/pending/preview"`, `form="pending-discard-form"`)
		// The preview shows the pending version as readers would see it.
		r = c.get(edit + "/pending/preview")
		wantStatus(t, r, http.StatusOK, "preview of the pending changes")
		wantBody(t, r, "preview", "Budget, revised", "New facts.")
		if strings.Contains(c.get(edit+"/preview").body, "New facts.") {
			t.Error("the preview of the stored version shows the pending changes")
		}

		// Publish changes now: the checks run; a failing one keeps them pending.
		a.clock.Add(time.Minute)
		bad := articleForm(a.section, ed.AuthorID, "Budget, revised", "New facts.", "save")
		bad.Set("standfirst", "")
		bad.Set("version", versionOf(t, c.get(edit)))
		savedID(t, c.post(edit, bad))
		r = c.post(edit+"/pending/publish", url.Values{})
		wantStatus(t, r, http.StatusUnprocessableEntity, "publishing changes that fail the checks")
		wantBody(t, r, "checks", "Not published: the changes fail the checks")
		if got := a.article(story.ID); got.Headline != story.Headline || !hasPending(t, db, story.ID) {
			t.Fatal("refused changes were published or dropped")
		}
		a.clock.Add(time.Minute)
		f.Set("version", versionOf(t, c.get(edit)))
		savedID(t, c.post(edit, f))
		a.clock.Add(time.Minute)
		r = c.post(edit+"/pending/publish", url.Values{})
		if savedID(t, r); !strings.HasSuffix(r.location(), "done=publish-changes") {
			t.Fatalf("publish changes went to %s", r.location())
		}
		got := a.article(story.ID)
		if got.Headline != "Budget, revised" || got.BodySource != "New facts." || !got.ModifiedAt.Equal(a.clock.Now()) || got.Status != content.StatusPublished {
			t.Fatalf("after publishing the changes: %q %q modified %v", got.Headline, got.BodySource, got.ModifiedAt)
		}
		if hasPending(t, db, story.ID) {
			t.Fatal("the published changes are still pending")
		}
		if revs, _ := db.ListRevisions(ctx, story.ID); revs[0].Kind != content.RevisionSave || revs[0].Snapshot.Headline != "Budget, revised" {
			t.Fatalf("publishing the changes recorded %+v", revs[0])
		}

		// Schedule changes: refused times change nothing; a good one queues them.
		st, _ := db.GetSettings(ctx)
		at := a.clock.Now().Add(2 * time.Hour).Truncate(time.Minute)
		g := articleForm(a.section, ed.AuthorID, "Budget, final", "Final facts.", "schedule")
		g.Set("version", versionOf(t, c.get(edit)))
		g.Set("schedule_at", "not a time")
		wantBody(t, c.post(edit, g), "bad time", "Enter a date and a time")
		g.Set("schedule_at", a.clock.Now().Add(-time.Hour).In(st.Location()).Format("2006-01-02T15:04"))
		wantBody(t, c.post(edit, g), "past time", "That time has passed")
		if hasPending(t, db, story.ID) {
			t.Fatal("a refused schedule stored pending changes")
		}
		g.Set("schedule_at", at.In(st.Location()).Format("2006-01-02T15:04"))
		r = c.post(edit, g)
		if savedID(t, r); !strings.HasSuffix(r.location(), "done=schedule-changes") {
			t.Fatalf("schedule changes went to %s", r.location())
		}
		if q, ok := a.sched.changesAt(story.ID); !ok || !q.Equal(at) {
			t.Fatalf("queued changes at %v %v, want %v", q, ok, at)
		}
		wantBody(t, c.get(edit), "scheduled changes", "Scheduled for")
		if ok, err := a.content.PublishChangesDue(ctx, story.ID); ok || err != nil {
			t.Fatalf("changes published before their time: %v %v", ok, err)
		}
		a.clock.Add(2 * time.Hour)
		if ok, err := a.content.PublishChangesDue(ctx, story.ID); !ok || err != nil {
			t.Fatalf("due changes: %v %v", ok, err)
		}
		if got := a.article(story.ID); got.Headline != "Budget, final" || hasPending(t, db, story.ID) {
			t.Fatalf("after the scheduled time: %q", got.Headline)
		}

		// Discard drops the pending version and its schedule.
		g.Set("headline", "Never published")
		g.Set("schedule_at", a.clock.Now().Add(time.Hour).In(st.Location()).Format("2006-01-02T15:04"))
		g.Set("version", versionOf(t, c.get(edit)))
		savedID(t, c.post(edit, g))
		r = c.post(edit+"/pending/discard", url.Values{})
		if savedID(t, r); !strings.HasSuffix(r.location(), "done=discard-changes") {
			t.Fatalf("discard went to %s", r.location())
		}
		if _, ok := a.sched.changesAt(story.ID); ok || hasPending(t, db, story.ID) || a.article(story.ID).Headline != "Budget, final" {
			t.Fatal("discard left the changes or their schedule, or changed the article")
		}
		wantStatus(t, c.post(edit+"/pending/publish", url.Values{}), http.StatusNotFound, "publish when nothing is pending")

		// A contributor's edit of their published article waits for an editor.
		theirs := a.story("their-piece", "Council", "Their words.", con.AuthorID, content.ActionPublish)
		mine := "/admin/articles/" + itoa(theirs.ID)
		cc := a.signIn("con@example.org")
		r = cc.get(mine)
		wantBody(t, r, "contributor's live article", "Save changes", "an editor publishes them")
		if strings.Contains(r.body, "Publish changes now") {
			t.Error("a contributor is offered Publish changes now")
		}
		h := articleForm(a.section, con.AuthorID, "Their piece, corrected", "Their better words.", "save")
		h.Set("version", versionOf(t, r))
		savedID(t, cc.post(mine, h))
		h.Set("action", "publish")
		h.Set("version", versionOf(t, cc.get(mine)))
		wantStatus(t, cc.post(mine, h), http.StatusForbidden, "contributor publishes changes")
		wantStatus(t, cc.post(mine+"/pending/publish", url.Values{}), http.StatusForbidden, "contributor publishes pending changes")
		if got := a.article(theirs.ID); got.Headline == "Their piece, corrected" {
			t.Fatal("a contributor's changes went live")
		}
		savedID(t, c.post(mine+"/pending/publish", url.Values{}))
		if got := a.article(theirs.ID); got.Headline != "Their piece, corrected" {
			t.Fatalf("the editor published %q", got.Headline)
		}
		// Nobody else's: forbidden, forged: refused.
		wantStatus(t, cc.post(edit+"/pending/discard", url.Values{}), http.StatusForbidden, "contributor discards another's changes")
		wantStatus(t, c.post(edit+"/pending/discard", url.Values{"csrf": {"forged"}}), http.StatusForbidden, "forged discard")
		wantStatus(t, cc.get(edit+"/pending/preview"), http.StatusForbidden, "contributor previews another's changes")
	})
}

// An insert from the suggestions into a published article is a staged
// edit too, added to the pending version when there is one.
func TestInsertSeeAlsoIntoAPublishedArticleIsStaged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		target := a.story("rents-rise", "Housing", "Rents rose.", ed.AuthorID, content.ActionPublish)
		source := a.story("source", "Housing", "First paragraph.", ed.AuthorID, content.ActionPublish)
		edit := "/admin/articles/" + itoa(source.ID)
		c := a.signIn("ed@example.org")
		a.clock.Add(time.Minute)
		f := articleForm(a.section, ed.AuthorID, "Story source", "First paragraph, pending.", "save")
		f.Set("standfirst", "What happened.")
		f.Set("topics", "Housing")
		f.Set("version", versionOf(t, c.get(edit)))
		savedID(t, c.post(edit, f))
		a.clock.Add(time.Minute)
		r := c.post(edit+"/see-also", url.Values{"target": {itoa(target.ID)}, "version": {versionOf(t, c.get(edit))}})
		if savedID(t, r); !strings.HasSuffix(r.location(), "done=see-also-pending") {
			t.Fatalf("insert went to %s", r.location())
		}
		if got := a.pending(source.ID); got.BodySource != "First paragraph, pending.\n\nSee also: /articles/rents-rise\n" {
			t.Fatalf("pending body after the insert: %q", got.BodySource)
		}
		if got := a.article(source.ID); got.BodySource != "First paragraph." {
			t.Fatalf("the insert changed the published body: %q", got.BodySource)
		}
	})
}
