package admin_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// deskList is a newsroom of 40 articles, six hours apart, differing in
// section, series, topic, byline and status, with each one's facts.
type deskList struct {
	*app
	culture, series int64
	ada, ben        int64
	housing         int64
	editor          auth.User
	arts            []deskRow
}

type deskRow struct {
	id                int64
	headline          string
	section, series   int64
	housing           bool
	author            int64
	published         bool
	created, editedAt time.Time
}

func newDeskList(t *testing.T, db *store.DB) *deskList {
	t.Helper()
	a := newApp(t, db)
	d := &deskList{app: a, culture: a.saveSection("Culture"), ada: a.saveAuthor("Ada Reporter"), ben: a.saveAuthor("Ben Critic")}
	d.editor = a.user("edie.torres@example.org", auth.RoleEditor)
	var err error
	if d.series, err = a.content.SaveSeries(context.Background(), editorActor, content.Series{Name: "Budget watch"}); err != nil {
		t.Fatal(err)
	}
	// Headlines are not in the order of creation: "Story 07 …" is the
	// 8th written, "Item …" mixes case.
	for i := range 40 {
		r := deskRow{headline: fmt.Sprintf("Story %02d", (i*7)%40), section: a.section, author: d.ada, created: a.clock.Now()}
		if i%4 == 3 {
			r.section = d.culture
		}
		if i%5 == 0 {
			r.series = d.series
		}
		if i%6 == 0 {
			r.headline = strings.ToLower(r.headline)
		}
		r.housing = i%3 == 1
		if i%2 == 1 {
			r.author = d.ben
		}
		r.published = i%3 == 0
		in := content.ArticleInput{Headline: r.headline, Standfirst: "S.", SectionID: r.section, SeriesID: r.series,
			AuthorIDs: []int64{r.author}, BodySource: "The harbour story.", Action: content.ActionSave}
		if r.housing {
			in.Topics = "Housing"
		}
		if r.published {
			in.Action = content.ActionPublish
		}
		res, err := a.content.Save(context.Background(), content.Actor{UserID: d.editor.ID, Role: auth.RoleEditor}, in)
		if err != nil {
			t.Fatal(err)
		}
		r.id, r.editedAt = res.Article.ID, a.clock.Now()
		d.arts = append(d.arts, r)
		a.clock.Add(6 * time.Hour)
	}
	topic, err := db.GetTopicBySlug(context.Background(), "housing")
	if err != nil {
		t.Fatal(err)
	}
	d.housing = topic.ID
	return d
}

// want are the headlines of the articles keep keeps, in the order of
// less (the newest change first when nil).
func (d *deskList) want(keep func(deskRow) bool, less func(x, y deskRow) bool) []string {
	var rows []deskRow
	for _, r := range d.arts {
		if keep(r) {
			rows = append(rows, r)
		}
	}
	if less == nil {
		less = func(x, y deskRow) bool { return x.editedAt.After(y.editedAt) }
	}
	sort.SliceStable(rows, func(i, j int) bool { return less(rows[i], rows[j]) })
	out := []string{}
	for _, r := range rows {
		out = append(out, r.headline)
	}
	return out
}

func byHeadline(x, y deskRow) bool {
	hx, hy := strings.ToLower(x.headline), strings.ToLower(y.headline)
	return hx < hy || hx == hy && x.id < y.id
}

var listNextRE = regexp.MustCompile(`href="(/admin/articles\?[^"]+)" rel="next"`)

// pages follows the list's next links from path and returns every row's
// headline and every address it read.
func pages(t *testing.T, c *client, path string) (titles, addrs []string) {
	t.Helper()
	titles = []string{}
	for range 10 {
		r := c.get(path)
		wantStatus(t, r, http.StatusOK, path)
		addrs = append(addrs, path)
		for _, m := range rowRE.FindAllStringSubmatch(r.body, -1) {
			titles = append(titles, html.UnescapeString(m[1]))
		}
		next := listNextRE.FindStringSubmatch(r.body)
		if next == nil {
			return titles, addrs
		}
		path = html.UnescapeString(next[1])
	}
	t.Fatalf("%s: the pages never end", path)
	return nil, nil
}

// The list's filters, orders and pages are all in the address: what a
// filtered page shows comes back from its address alone, page after page,
// and the form shows what is chosen.
func TestArticleListAddressRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		d := newDeskList(t, db)
		c := d.signIn("edie.torres@example.org")
		day := func(r deskRow) string { return r.created.UTC().Format("2006-01-02") }
		cases := []struct {
			path string
			keep func(deskRow) bool
			less func(x, y deskRow) bool
		}{
			{"/admin/articles?section=" + itoa(d.section) + "&sort=headline", func(r deskRow) bool { return r.section == d.section }, byHeadline},
			{"/admin/articles?sort=headline-desc", func(deskRow) bool { return true }, func(x, y deskRow) bool { return byHeadline(y, x) }},
			{"/admin/articles?section=" + itoa(d.culture) + "&status=published&sort=headline", func(r deskRow) bool { return r.section == d.culture && r.published }, byHeadline},
			{"/admin/articles?series=" + itoa(d.series) + "&sort=changed-asc", func(r deskRow) bool { return r.series == d.series },
				func(x, y deskRow) bool { return x.editedAt.Before(y.editedAt) }},
			{"/admin/articles?topic=" + itoa(d.housing) + "&author=" + itoa(d.ben), func(r deskRow) bool { return r.housing && r.author == d.ben }, nil},
			{"/admin/articles?status=draft&created_from=" + day(d.arts[8]) + "&created_to=" + day(d.arts[20]),
				func(r deskRow) bool { return !r.published && day(r) >= day(d.arts[8]) && day(r) <= day(d.arts[20]) }, nil},
			{"/admin/articles?published_from=" + day(d.arts[12]) + "&sort=published",
				func(r deskRow) bool { return r.published && day(r) >= day(d.arts[12]) }, nil},
			// Every article by publication, oldest first: the never
			// published ones come after, oldest id first, over two pages.
			{"/admin/articles?sort=published-asc", func(deskRow) bool { return true }, func(x, y deskRow) bool {
				if x.published != y.published {
					return x.published
				}
				return x.id < y.id
			}},
			// The scheduled order, soonest first: nothing here is
			// scheduled, so all come by id, oldest first, over two pages.
			{"/admin/articles?sort=scheduled", func(deskRow) bool { return true }, func(x, y deskRow) bool { return x.id < y.id }},
			// A search in an order of the list, its matches filtered.
			{"/admin/articles?q=harbour&author=" + itoa(d.ada) + "&sort=headline", func(r deskRow) bool { return r.author == d.ada }, byHeadline},
		}
		for _, tc := range cases {
			got, addrs := pages(t, c, tc.path)
			want := d.want(tc.keep, tc.less)
			if len(want) < 2 {
				t.Fatalf("%s: the fixture leaves %d articles; the case tests nothing", tc.path, len(want))
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s lists\n%q, want\n%q", tc.path, got, want)
			}
			// Each page's address keeps the first's filters and order.
			first, _ := url.Parse(tc.path)
			for _, addr := range addrs[1:] {
				u, _ := url.Parse(addr)
				for k, vs := range first.Query() {
					if u.Query().Get(k) != vs[0] {
						t.Errorf("%s: the next page %s has %s=%q, want %q", tc.path, addr, k, u.Query().Get(k), vs[0])
					}
				}
			}
			if len(want) > 25 && len(addrs) != 2 {
				t.Errorf("%s: %d articles on %d pages, want 2", tc.path, len(want), len(addrs))
			}
		}

		// The form shows the view: a bookmark opens the same filters.
		path := "/admin/articles?section=" + itoa(d.culture) + "&status=published&sort=headline&author=" + itoa(d.ben) +
			"&created_from=2026-11-11&published_to=2026-11-19&q=harbour"
		r := c.get(path)
		wantBody(t, r, "the form", `<option value="`+itoa(d.culture)+`" selected>Culture</option>`, `<option value="published" selected>`,
			`<option value="headline" selected>Headline, A to Z</option>`, `<option value="`+itoa(d.ben)+`" selected>Ben Critic</option>`,
			`name="created_from" type="date" value="2026-11-11"`, `name="published_to" type="date" value="2026-11-19"`, `value="harbour"`, "Show all")
		if strings.Contains(r.body, "not understood") {
			t.Errorf("a good address gets a note: %s", r.body)
		}

		// The columns: who wrote it, who saved it last and when.
		r = c.get("/admin/articles?sort=headline&section=" + itoa(d.culture))
		row := regexp.MustCompile(`(?s)<tr>\s*<td class="cell-title">.*?</tr>`).FindString(r.body)
		want := d.want(func(r deskRow) bool { return r.section == d.culture }, byHeadline)[0]
		var wr deskRow
		for _, x := range d.arts {
			if x.headline == want {
				wr = x
			}
		}
		byline := map[int64]string{d.ada: "Ada Reporter", d.ben: "Ben Critic"}[wr.author]
		for _, s := range []string{">" + want + "<", `<td class="cell-byline">` + byline + `</td>`, `<span class="edited-by">edie.torres</span>`,
			`<time datetime="` + wr.editedAt.UTC().Format(time.RFC3339) + `">`} {
			if !strings.Contains(row, s) {
				t.Errorf("the first row lacks %q: %s", s, row)
			}
		}
	})
}

// What the address holds that the list does not understand is left out
// and said so; the page is never an error.
func TestArticleListBadAddresses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		d := newDeskList(t, db)
		c := d.signIn("edie.torres@example.org")
		all := d.want(func(deskRow) bool { return true }, nil)[:25]
		culture := d.want(func(r deskRow) bool { return r.section == d.culture }, nil)
		for _, tc := range []struct {
			query, note string
			want        []string
		}{
			{"status=bogus", `There is no status &#34;bogus&#34;`, all},
			{"status=Draft", `There is no status &#34;Draft&#34;`, all},
			{"section=abc", `There is no section &#34;abc&#34;`, all},
			{"section=99999", `There is no section &#34;99999&#34;`, all},
			{"section=" + url.QueryEscape("1' OR '1'='1"), `There is no section &#34;1&#39; OR &#39;1&#39;=&#39;1&#34;`, all},
			{"series=-2", `There is no series &#34;-2&#34;`, all},
			{"topic=1e3", `There is no topic &#34;1e3&#34;`, all},
			{"author=99999999999999999999999", `There is no author`, all},
			{"created_from=2026-13-45", `&#34;2026-13-45&#34; is not a date`, all},
			{"published_to=" + url.QueryEscape("<script>alert(1)</script>"), `&#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34; is not a date`, all},
			{"created_from=2026-11-15&created_to=2026-11-12", `The creation dates are the wrong way round`, all},
			{"sort=" + url.QueryEscape("headline; DROP TABLE articles"), `There is no order`, all},
			{"after=garbage", `The link to this page was damaged`, all},
			{"sort=headline&after=" + url.QueryEscape("x:Story"), `The link to this page was damaged`, d.want(func(deskRow) bool { return true }, byHeadline)[:25]},
			{"sort=published&after=none-abc", `The link to this page was damaged`, d.want(func(deskRow) bool { return true }, func(x, y deskRow) bool {
				if x.published != y.published {
					return x.published
				}
				if x.published {
					return x.editedAt.After(y.editedAt)
				}
				return x.id > y.id
			})[:25]},
			{"after=" + strings.Repeat("9", 25) + "-1", `The link to this page was damaged`, all},
			// A good filter beside a bad one still applies.
			{"section=" + itoa(d.culture) + "&status=nope", `There is no status`, culture},
			{"q=harbour&page=abc", `There is no page &#34;abc&#34;`, nil},
			{"q=harbour&page=-1", `There is no page &#34;-1&#34;`, nil},
		} {
			r := c.get("/admin/articles?" + tc.query)
			if r.status != http.StatusOK {
				t.Errorf("%s: status %d", tc.query, r.status)
				continue
			}
			if !strings.Contains(r.body, tc.note) || !strings.Contains(r.body, "not understood") {
				t.Errorf("%s: no note %q", tc.query, tc.note)
			}
			if strings.Contains(r.body, "<script>alert") {
				t.Errorf("%s: the page holds the address's script", tc.query)
			}
			var got []string
			for _, m := range rowRE.FindAllStringSubmatch(r.body, -1) {
				got = append(got, m[1])
			}
			if tc.want != nil && !slices.Equal(got, tc.want) {
				t.Errorf("%s lists %q, want %q", tc.query, got, tc.want)
			}
			if tc.want == nil && len(got) != 25 {
				t.Errorf("%s lists %d articles, want the first page's 25", tc.query, len(got))
			}
		}
		// A page number past any search's end is the last page a search
		// can have, which is empty here, not an error.
		for _, q := range []string{"q=harbour&page=99999999999999999999999", "q=harbour&page=41"} {
			r := c.get("/admin/articles?" + q)
			if r.status != http.StatusOK || len(rowRE.FindAllStringSubmatch(r.body, -1)) != 0 || !strings.Contains(r.body, "No articles match") {
				t.Errorf("%s: status %d", q, r.status)
			}
		}
	})
}
