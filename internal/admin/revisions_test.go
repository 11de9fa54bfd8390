package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

var revisionLinkRE = regexp.MustCompile(`<td><a href="/admin/articles/\d+/revisions/(\d+)"><time`)

// revisionIDs are the revisions the list links to, newest first.
func revisionIDs(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	for _, m := range revisionLinkRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestRevisionsListSaysWhoWhenAndWhatChanged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		con := a.user("con@example.org", auth.RoleContributor)
		c := a.signIn("con@example.org")
		id := savedID(t, c.post("/admin/articles/new", articleForm(a.section, con.AuthorID, "First headline", "One.\n\nTwo.", "save")))
		// Saving the same text again keeps no second revision.
		for range 3 {
			a.clock.Add(5 * time.Second)
			f := articleForm(a.section, con.AuthorID, "First headline", "One.\n\nTwo.", "save")
			f.Set("slug", "first-headline")
			savedID(t, c.post("/admin/articles/"+itoa(id), f))
		}
		a.clock.Add(time.Minute + 7*time.Second)
		f := articleForm(a.section, con.AuthorID, "Second headline", "One.\n\nTwo, longer now.\n\nThree.", "save")
		f.Set("slug", "first-headline")
		savedID(t, c.post("/admin/articles/"+itoa(id), f))

		r := c.get("/admin/articles/" + itoa(id) + "/revisions")
		wantStatus(t, r, http.StatusOK, "revisions")
		if ids := revisionIDs(t, r.body); len(ids) != 2 {
			t.Fatalf("%d revisions listed after four saves of which one changed something, want 2", len(ids))
		}
		wantBody(t, r, "revisions",
			`<time datetime="2026-11-10T09:01:22Z">10 Nov 2026, 09:01:22</time>`, // to the second
			`<time datetime="2026-11-10T09:00:00Z">10 Nov 2026, 09:00:00</time>`,
			"<td>con</td>", "<td>save</td>",
			"Headline, standfirst, body (&#43;1 paragraph, 1 paragraph changed, &#43;3 words)", "First version",
			`name="from"`, `name="to"`, "Compare the chosen revisions")
		if strings.Contains(r.body, "Restore") {
			t.Error("a contributor is offered Restore on the list")
		}
	})
}

func TestCompareTwoRevisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		id := savedID(t, c.post("/admin/articles/new", articleForm(a.section, ed.AuthorID, "Council votes", "The council met on Tuesday.\n\nIt voted.", "save")))
		a.clock.Add(time.Minute)
		f := articleForm(a.section, ed.AuthorID, "Council votes <script>alert(1)</script>", "The council met on Wednesday.\n\nIt voted.\n\n<script>alert(2)</script>", "save")
		f.Set("slug", "council-votes")
		savedID(t, c.post("/admin/articles/"+itoa(id), f))
		ids := revisionIDs(t, c.get("/admin/articles/"+itoa(id)+"/revisions").body)
		if len(ids) != 2 {
			t.Fatalf("%d revisions, want 2", len(ids))
		}
		base := "/admin/articles/" + itoa(id) + "/revisions/compare"
		for _, q := range []string{"?from=" + ids[1] + "&to=" + ids[0], "?from=" + ids[0] + "&to=" + ids[1], "", "?to=" + ids[0]} {
			r := c.get(base + q)
			wantStatus(t, r, http.StatusOK, "compare "+q)
			wantBody(t, r, "compare "+q,
				`<del><span class="visually-hidden">[removed: </span>Tuesday.<span class="visually-hidden">]</span></del>`,
				`<ins><span class="visually-hidden">[added: </span>Wednesday.<span class="visually-hidden">]</span></ins>`,
				`[added: </span>&lt;script&gt;alert(1)&lt;/script&gt;`, // the headline, escaped
				`&lt;script&gt;alert(2)&lt;/script&gt;`, "It voted.", "The same in both: address, placement,")
			if strings.Contains(r.body, "<script>alert") {
				t.Fatalf("compare %s: a script in a revision reached the page", q)
			}
		}
		// One revision with itself: the same in every part.
		wantBody(t, c.get(base+"?from="+ids[0]+"&to="+ids[0]), "the same revision", "These revisions are the same in every part.")
		wantStatus(t, c.get(base+"?from=x&to="+ids[0]), http.StatusUnprocessableEntity, "a revision that is not a number")
		other := savedID(t, c.post("/admin/articles/new", articleForm(a.section, ed.AuthorID, "Other", "Other body.", "save")))
		wantStatus(t, c.get("/admin/articles/"+itoa(other)+"/revisions/compare?from="+ids[1]+"&to="+ids[0]), http.StatusNotFound, "revisions of another article")
	})
}

func TestRestoreChosenPartsOfARevision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		con := a.user("con@example.org", auth.RoleContributor)
		a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("con@example.org")
		id := savedID(t, c.post("/admin/articles/new", articleForm(a.section, con.AuthorID, "First headline", "First body.", "save")))
		a.clock.Add(time.Minute)
		f := articleForm(a.section, con.AuthorID, "Second headline", "Second body.", "save")
		f.Set("slug", "second-headline")
		savedID(t, c.post("/admin/articles/"+itoa(id), f))
		ids := revisionIDs(t, c.get("/admin/articles/"+itoa(id)+"/revisions").body)
		oldest := ids[1]
		rev := "/admin/articles/" + itoa(id) + "/revisions/" + oldest

		// Contributors read revisions; only editors restore.
		r := c.get(rev)
		wantStatus(t, r, http.StatusOK, "a revision")
		wantBody(t, r, "a revision", "First headline", "First body.")
		if strings.Contains(r.body, "Restore the chosen parts") {
			t.Error("a contributor is offered Restore")
		}
		wantStatus(t, c.post(rev+"/restore", url.Values{"part": {"headline"}}), http.StatusForbidden, "contributor restores")

		ed := a.signIn("ed@example.org")
		r = ed.get(rev)
		wantBody(t, r, "the restore form",
			`<input type="checkbox" id="part-headline" name="part" value="headline" checked`,
			`<input type="checkbox" id="part-body" name="part" value="body" checked`,
			`<input type="checkbox" id="slug" name="part" value="slug" aria-describedby="slug-hint">`, // not ticked
			"The address would change from <code>/articles/second-headline</code> to <code>/articles/first-headline</code>",
			"nobody outside has the old address")
		before := a.article(id)
		// Nothing chosen: a clear error, nothing changes; nor for a part that does not exist.
		r = ed.post(rev+"/restore", url.Values{})
		wantStatus(t, r, http.StatusUnprocessableEntity, "restore with no part")
		wantBody(t, r, "restore with no part", "Choose at least one part of the revision to restore.", "Not restored: nothing was changed.")
		if strings.Contains(r.body, `value="headline" checked`) {
			t.Error("the refused form ticks a part that was not posted")
		}
		wantStatus(t, ed.post(rev+"/restore", url.Values{"part": {"everything"}}), http.StatusUnprocessableEntity, "restore an unknown part")
		if got := a.article(id); !got.UpdatedAt.Equal(before.UpdatedAt) || got.Headline != "Second headline" {
			t.Fatalf("a refused restore changed the article: %q at %v", got.Headline, got.UpdatedAt)
		}

		// Only the headline: the body and the address stay.
		a.clock.Add(time.Minute)
		r = ed.post(rev+"/restore", url.Values{"part": {"headline"}})
		if r.status != http.StatusSeeOther || r.location() != "/admin/articles/"+itoa(id)+"?done=restored" {
			t.Fatalf("restore: %d %q\n%s", r.status, r.location(), r.body)
		}
		if got := a.article(id); got.Headline != "First headline" || got.BodySource != "Second body." || got.Slug != "second-headline" {
			t.Fatalf("after restoring the headline: %q / %q / %q", got.Headline, got.BodySource, got.Slug)
		}
		r = ed.get("/admin/articles/" + itoa(id) + "/revisions")
		if n := len(revisionIDs(t, r.body)); n != 3 {
			t.Errorf("%d revisions after restore, want 3 (the restore is one)", n)
		}
		wantBody(t, r, "the restore's row", "<td>restore</td>",
			`Restored headline from the revision of <a href="`+rev+`"><time datetime="2026-11-10T09:00:00Z">10 Nov 2026, 09:00:00</time></a> by con`)

		// The address, when its box is ticked.
		r = ed.post(rev+"/restore", url.Values{"part": {"slug", "body", "standfirst"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("restore of the address: %d\n%s", r.status, r.body)
		}
		if got := a.article(id); got.Slug != "first-headline" || got.BodySource != "First body." {
			t.Fatalf("after restoring the address and body: %q / %q", got.Slug, got.BodySource)
		}
		wantBody(t, ed.get(rev), "a revision like the article now", "This revision is the same as the article now")

		// A revision of another article is not found under this one.
		other := savedID(t, ed.post("/admin/articles/new", articleForm(a.section, con.AuthorID, "Other", "Other body.", "save")))
		wantStatus(t, ed.get("/admin/articles/"+itoa(other)+"/revisions/"+oldest), http.StatusNotFound, "revision under the wrong article")
		wantStatus(t, ed.post("/admin/articles/"+itoa(other)+"/revisions/"+oldest+"/restore", url.Values{"part": {"headline"}}), http.StatusNotFound, "restore under the wrong article")
	})
}

func TestRestoreIntoAPublishedArticle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		// The first revision has no standfirst: it could not go live.
		f := articleForm(a.section, ed.AuthorID, "First headline", "First body.", "save")
		f.Set("standfirst", "")
		id := savedID(t, c.post("/admin/articles/new", f))
		a.clock.Add(time.Minute)
		f = articleForm(a.section, ed.AuthorID, "Live headline", "Live body.", "publish")
		f.Set("slug", "live-headline")
		savedID(t, c.post("/admin/articles/"+itoa(id), f))
		ids := revisionIDs(t, c.get("/admin/articles/"+itoa(id)+"/revisions").body)
		rev := "/admin/articles/" + itoa(id) + "/revisions/" + ids[len(ids)-1]
		wantBody(t, c.get(rev), "a live article's restore form", "the restore waits as pending changes",
			"The old address keeps working: it redirects permanently to the new one.")

		// The standfirst would fail the checks: refused, nothing staged.
		r := c.post(rev+"/restore", url.Values{"part": {"standfirst", "headline"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "a restore that fails the checks")
		wantBody(t, r, "a restore that fails the checks", "Not restored: the article, published or scheduled, would fail the checks")
		if _, err := db.GetPending(t.Context(), id); err == nil {
			t.Fatal("a refused restore staged pending changes")
		}
		// The headline alone: staged, the live article unchanged, the address kept.
		r = c.post(rev+"/restore", url.Values{"part": {"headline"}})
		if r.status != http.StatusSeeOther || r.location() != "/admin/articles/"+itoa(id)+"?done=restored-pending" {
			t.Fatalf("restore into a live article: %d %q\n%s", r.status, r.location(), r.body)
		}
		if got := a.article(id); got.Headline != "Live headline" {
			t.Errorf("the live article changed at once: %q", got.Headline)
		}
		if p := a.pending(id); p.Headline != "First headline" || p.Slug != "live-headline" || p.BodySource != "Live body." {
			t.Errorf("pending after restoring the headline: %q %q %q", p.Headline, p.Slug, p.BodySource)
		}
		wantBody(t, c.get("/admin/articles/"+itoa(id)+"/revisions"), "the list", "<td>restore, pending changes</td>")
	})
}

var olderRE = regexp.MustCompile(`revisions\?before=(\d+)">Older revisions`)

// An article with more revisions than a page lists them 50 at a time;
// the last row of a page still says what changed since the row after it.
func TestRevisionsListPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		id := savedID(t, c.post("/admin/articles/new", articleForm(a.section, ed.AuthorID, "Headline 0", "Body.", "save")))
		for i := 1; i < 55; i++ {
			a.clock.Add(time.Second)
			f := articleForm(a.section, ed.AuthorID, "Headline "+itoa(int64(i)), "Body.", "save")
			f.Set("slug", "headline-0")
			f.Set("standfirst", "Same.")
			savedID(t, c.post("/admin/articles/"+itoa(id), f))
		}
		list := "/admin/articles/" + itoa(id) + "/revisions"
		r := c.get(list)
		first := revisionIDs(t, r.body)
		m := olderRE.FindStringSubmatch(r.body)
		if len(first) != 50 || m == nil || m[1] != first[49] {
			t.Fatalf("first page: %d revisions, older link %v", len(first), m)
		}
		if strings.Contains(r.body, "First version") {
			t.Error("the first page's last row is said to be the first version")
		}
		r = c.get(list + "?before=" + m[1])
		rest := revisionIDs(t, r.body)
		if len(rest) != 5 || olderRE.MatchString(r.body) || !strings.Contains(r.body, "Newest revisions") || !strings.Contains(r.body, "First version") {
			t.Fatalf("second page: %d revisions, want 5 and no older page\n%s", len(rest), r.body)
		}
		wantStatus(t, c.get(list+"?before=abc"), http.StatusUnprocessableEntity, "a page that does not exist")
	})
}
