package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// failingKind registers a kind whose jobs fail (until healed) with an
// error naming the address in their payload, as a mail server's would.
func failingKind(a *app) (heal func(), runs *atomic.Int32) {
	var healed atomic.Bool
	runs = &atomic.Int32{}
	a.queue.Register(queue.Kind{Name: "test:mail", MaxAttempts: 1,
		Summary: func(p string) string { return "letter " + strings.SplitN(p, " ", 2)[0] },
		Handler: func(ctx context.Context, j queue.Job) error {
			runs.Add(1)
			if healed.Load() {
				return nil
			}
			to := strings.SplitN(j.Payload, " ", 2)[1]
			return fmt.Errorf("550 <%s>: mailbox unavailable", to)
		}})
	return func() { healed.Store(true) }, runs
}

func (a *app) failedJobs() []queue.FailedJob {
	a.t.Helper()
	f, err := a.queue.Failed(context.Background(), queue.Cursor{}, 100)
	if err != nil {
		a.t.Fatal(err)
	}
	return f
}

// An admin sees failed jobs with their kind, summary and error (the
// reader's address masked, the payload never shown), retries one (it runs
// again) and deletes another.
func TestBackgroundJobsPageRetriesAndDeletes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		heal, runs := failingKind(a)
		ctx := context.Background()
		for _, p := range []string{"1 reader.one@example.net", "2 reader.two@example.net"} {
			if _, err := a.queue.Enqueue(ctx, queue.NewJob{Kind: "test:mail", Payload: p}); err != nil {
				t.Fatal(err)
			}
		}
		a.runJobs()
		failed := a.failedJobs()
		if len(failed) != 2 {
			t.Fatalf("%d failed jobs, want 2", len(failed))
		}
		a.user("boss@example.org", auth.RoleAdmin)
		c := a.signIn("boss@example.org")
		wantBody(t, c.get("/admin/settings"), "settings link", `href="/admin/settings/jobs"`)
		r := c.get("/admin/settings/jobs")
		wantStatus(t, r, http.StatusOK, "jobs page")
		wantBody(t, r, "jobs page", "Background jobs", "test:mail", "letter 1", "letter 2", "&lt;[address]&gt;: mailbox unavailable",
			"newsletter:confirm", "/admin/settings/jobs/"+itoa(failed[0].ID)+"/retry")
		if strings.Contains(r.body, "example.net") {
			t.Fatal("the jobs page shows a reader's address")
		}

		// Retry: due again with fresh attempts, and it runs.
		heal()
		retry := "/admin/settings/jobs/" + itoa(failed[0].ID) + "/retry"
		r = c.post(retry, url.Values{})
		wantStatus(t, r, http.StatusSeeOther, "retry")
		a.runJobs()
		if n := runs.Load(); n != 3 {
			t.Fatalf("handler ran %d times, want 3 (two failures, one retry)", n)
		}
		wantBody(t, c.get(r.location()), "after retry", "The job will run again")
		// Done now: retrying it again is not found and changes nothing.
		wantStatus(t, c.post(retry, url.Values{}), http.StatusNotFound, "retry a finished job")

		// Delete the other.
		wantStatus(t, c.post("/admin/settings/jobs/"+itoa(failed[1].ID)+"/delete", url.Values{}), http.StatusSeeOther, "delete")
		if left := a.failedJobs(); len(left) != 0 {
			t.Fatalf("failed jobs left %+v", left)
		}
		a.runJobs()
		if n := runs.Load(); n != 3 {
			t.Fatalf("a deleted job ran (%d runs)", n)
		}
		for _, bad := range []string{"/admin/settings/jobs/0/retry", "/admin/settings/jobs/x/delete", "/admin/settings/jobs/99999/delete"} {
			wantStatus(t, c.post(bad, url.Values{}), http.StatusNotFound, bad)
		}
	})
}

// Only admins see the page or act on jobs, and only with the form's token.
func TestBackgroundJobsAreForAdminsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		failingKind(a)
		if _, err := a.queue.Enqueue(context.Background(), queue.NewJob{Kind: "test:mail", Payload: "1 r@example.net"}); err != nil {
			t.Fatal(err)
		}
		a.runJobs()
		id := itoa(a.failedJobs()[0].ID)
		for _, role := range []auth.Role{auth.RoleContributor, auth.RoleAuthor, auth.RoleEditor} {
			email := string(role) + "@example.org"
			a.user(email, role)
			c := a.signIn(email)
			wantStatus(t, c.get("/admin/settings/jobs"), http.StatusForbidden, string(role)+" opens jobs")
			wantStatus(t, c.post("/admin/settings/jobs/"+id+"/retry", url.Values{}), http.StatusForbidden, string(role)+" retries")
			wantStatus(t, c.post("/admin/settings/jobs/"+id+"/delete", url.Values{}), http.StatusForbidden, string(role)+" deletes")
		}
		wantStatus(t, a.client().get("/admin/settings/jobs"), http.StatusSeeOther, "signed out")
		a.user("boss@example.org", auth.RoleAdmin)
		c := a.signIn("boss@example.org")
		c.get("/admin/settings/jobs")
		wantStatus(t, c.post("/admin/settings/jobs/"+id+"/retry", url.Values{"csrf": {"forged"}}), http.StatusForbidden, "forged retry")
		wantStatus(t, c.post("/admin/settings/jobs/"+id+"/delete", url.Values{"csrf": {""}}), http.StatusForbidden, "delete without token")
		if n := len(a.failedJobs()); n != 1 {
			t.Fatalf("refused requests changed the failed jobs: %d left, want 1", n)
		}
	})
}

// The failed list pages by (failed at, id), latest first.
func TestBackgroundJobsPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		failingKind(a)
		for i := 0; i < 52; i++ {
			if _, err := a.queue.Enqueue(context.Background(), queue.NewJob{Kind: "test:mail", Payload: fmt.Sprintf("%d r@example.net", i)}); err != nil {
				t.Fatal(err)
			}
			a.runJobs()
		}
		a.user("boss@example.org", auth.RoleAdmin)
		c := a.signIn("boss@example.org")
		r := c.get("/admin/settings/jobs")
		if n := strings.Count(r.body, "/retry\""); n != 50 {
			t.Fatalf("first page lists %d jobs, want 50", n)
		}
		next := nextRE.FindStringSubmatch(r.body)
		if next == nil {
			t.Fatal("no link to the next page")
		}
		r = c.get(strings.ReplaceAll(next[1], "&amp;", "&"))
		wantStatus(t, r, http.StatusOK, "second page")
		if n := strings.Count(r.body, "/retry\""); n != 2 {
			t.Fatalf("second page lists %d jobs, want 2", n)
		}
		wantBody(t, r, "second page", "letter 1<", "letter 0<")
		if strings.Contains(r.body, "letter 51<") {
			t.Fatal("the second page repeats the first")
		}
	})
}

var nextRE = regexp.MustCompile(`href="([^"]+)" rel="next"`)
