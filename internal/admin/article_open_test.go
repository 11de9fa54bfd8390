package admin_test

import (
	"net/http"
	"strings"
	"testing"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// "Assigned to me" is the work still open: an article assigned to me
// that was published (or unpublished) long ago is not on the dashboard
// nor under its "all" link, a draft is; the list keeps "Open (not
// published)" in its address and its status select.
func TestDashboardAssignedOpenOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		p := newDesk(a)
		draft := a.articleBy(p.cy, "Cy's draft to edit", content.StatusDraft)
		published := a.articleBy(p.cy, "Cy's old published piece", content.StatusPublished)
		unpublished := a.articleBy(p.cy, "Cy's withdrawn piece", content.StatusUnpublished)
		ed := a.signIn(p.ed.Email)
		ed.get("/admin")
		for _, art := range []content.Article{draft, published, unpublished} {
			if r := ed.post("/admin/articles/"+itoa(art.ID)+"/assign", map[string][]string{"assignee": {itoa(p.ed.ID)}}); r.status != http.StatusSeeOther {
				t.Fatalf("assign %q: %d", art.Headline, r.status)
			}
		}
		// Without the open filter all three are assigned to me.
		wantBody(t, ed.get("/admin/articles?assignee=me"), "everything assigned to me",
			"Cy&#39;s draft to edit", "Cy&#39;s old published piece", "Cy&#39;s withdrawn piece")

		s := section(ed.get("/admin").body, "assigned")
		wantBody(t, resp{body: s}, "Assigned to me", "Cy&#39;s draft to edit", `href="/admin/articles?assignee=me&amp;status=open"`)
		for _, h := range []string{"Cy&#39;s old published piece", "Cy&#39;s withdrawn piece"} {
			if strings.Contains(s, h) {
				t.Errorf("Assigned to me lists %s", h)
			}
		}
		r := ed.get("/admin/articles?assignee=me&status=open")
		wantStatus(t, r, http.StatusOK, "open work assigned to me")
		wantBody(t, r, "open work assigned to me", "Cy&#39;s draft to edit", `<option value="open" selected>Open (not published)</option>`)
		for _, h := range []string{"Cy&#39;s old published piece", "Cy&#39;s withdrawn piece", "There is no status"} {
			if strings.Contains(r.body, h) {
				t.Errorf("the open list shows %s", h)
			}
		}
		// A search over open work keeps the filter.
		r = ed.get("/admin/articles?q=Cy&status=open")
		wantStatus(t, r, http.StatusOK, "a search over open work")
		wantBody(t, r, "a search over open work", "Cy&#39;s draft to edit", `<option value="open" selected>`)
		if strings.Contains(r.body, "Cy&#39;s old published piece") {
			t.Error("a search over open work shows a published article")
		}
	})
}
