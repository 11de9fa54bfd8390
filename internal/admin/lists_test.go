package admin_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestSectionsSeriesTopicsAndAuthors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")

		c.get("/admin/sections/new")
		r := c.post("/admin/sections/new", url.Values{"name": {"Culture"}, "slug": {"Bad Slug"}, "position": {"2"}, "description": {"Arts."}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad section slug")
		wantBody(t, r, "bad section slug", "Use lowercase letters", `value="Culture"`, "Arts.", `name="position" type="text" inputmode="numeric" value="2"`)
		r = c.post("/admin/sections/new", url.Values{"name": {"Culture"}, "position": {"first"}})
		wantBody(t, r, "bad position", "Use a whole number")
		r = c.post("/admin/sections/new", url.Values{"name": {"Culture"}, "position": {"2"}})
		if r.status != http.StatusSeeOther || r.location() != "/admin/sections?done=saved" {
			t.Fatalf("new section: %d %q\n%s", r.status, r.location(), r.body)
		}
		wantBody(t, c.get("/admin/sections?done=saved"), "sections", "Culture", "<code>culture</code>", "Saved.")
		r = c.post("/admin/sections/"+itoa(a.section), url.Values{"name": {"Culture"}, "slug": {"culture"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "duplicate section slug")
		wantBody(t, r, "duplicate section slug", "This slug is already used.")

		savedSeries := c.post("/admin/series/new", url.Values{"name": {"Town Hall Notebook"}})
		wantStatus(t, savedSeries, http.StatusSeeOther, "new series")
		wantBody(t, c.get("/admin/series"), "series", "Town Hall Notebook", "town-hall-notebook")

		r = c.postFile("/admin/authors/new", url.Values{"name": {"Ada Reporter"}, "links": {"not a link"}}, "photo", "ada.png", pngBytes(t))
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad author link")
		wantBody(t, r, "bad author link", "Each link must be a full", "not a link", "the image you chose was not kept")
		r = c.postFile("/admin/authors/new", url.Values{"name": {"Ada Reporter"}, "bio": {"Covers the council."}, "links": {"https://example.org/ada\r\nhttps://example.org/ada2"}}, "photo", "ada.png", pngBytes(t))
		wantStatus(t, r, http.StatusSeeOther, "new author")
		authors, _ := db.ListAuthors(ctx)
		var ada content.Author
		for _, au := range authors {
			if au.Name == "Ada Reporter" {
				ada = au
			}
		}
		if ada.PhotoID == 0 || len(ada.Links) != 2 || ada.Bio != "Covers the council." {
			t.Errorf("author stored as %+v", ada)
		}
		r = c.postFile("/admin/authors/"+itoa(ada.ID), url.Values{"name": {"Ada Reporter"}, "photo_id": {itoa(ada.PhotoID)}}, "photo", "notes.txt", []byte("hello"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "author photo not an image")
		wantBody(t, r, "author photo not an image", "This file is not an image", `id="photo-error"`)
		if got, _ := db.GetAuthor(ctx, ada.ID); got.PhotoID != ada.PhotoID {
			t.Error("a refused photo replaced the old one")
		}

		savedID(t, c.post("/admin/articles/new", func() url.Values {
			f := articleForm(a.section, ed.AuthorID, "Tagged", "Words.", "save")
			f.Set("topics", "Local Government, Housing")
			return f
		}()))
		topic, err := db.GetTopicBySlug(ctx, "local-government")
		if err != nil {
			t.Fatal(err)
		}
		wantBody(t, c.get("/admin/topics"), "topics", "Local Government", "Housing")
		r = c.post("/admin/topics/"+itoa(topic.ID), url.Values{"name": {"Council"}, "slug": {"housing"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "topic slug taken")
		wantStatus(t, c.post("/admin/topics/"+itoa(topic.ID), url.Values{"name": {"Council"}, "slug": {"council"}}), http.StatusSeeOther, "rename topic")
		if got, _ := db.GetTopic(ctx, topic.ID); got.Name != "Council" || got.Slug != "council" {
			t.Errorf("topic is %+v", got)
		}
	})
}

func TestSettingsAndStaff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		boss := a.user("boss@example.org", auth.RoleAdmin)
		writer := a.user("writer@example.org", auth.RoleContributor)
		c := a.signIn("boss@example.org")
		c.get("/admin/settings")

		f := url.Values{"name": {"The Northbridge Weekly"}, "tagline": {"Civic life"}, "time_zone": {"Mars/Olympus"},
			"support_text": {"Support us"}, "support_url": {"/support"}, "base_url": {"https://news.example.org/"}, "privacy_notice": {"We keep **little**."},
			"postal_address": {" 48 Wattle Street  \r\nNorthbridge <VIC> 3999\r\n"}}
		r := c.post("/admin/settings", f)
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad time zone")
		wantBody(t, r, "bad time zone", "Use a time zone name", `value="Mars/Olympus"`, "We keep **little**.", "Northbridge &lt;VIC&gt; 3999")
		f.Set("time_zone", "Europe/London")
		f.Set("feed_content", "summaries please")
		r = c.post("/admin/settings", f)
		wantStatus(t, r, http.StatusUnprocessableEntity, "unknown feed content")
		wantBody(t, r, "unknown feed content", "Choose whether feeds carry the whole article or the standfirst.")
		f.Set("feed_content", "standfirst")
		f.Set("language", "en-au")
		r = c.postFile("/admin/settings", f, "logo", "logo.png", pngBytes(t))
		wantStatus(t, r, http.StatusSeeOther, "save settings")
		st, _ := db.GetSettings(ctx)
		if st.Name != "The Northbridge Weekly" || st.TimeZone != "Europe/London" || st.BaseURL != "https://news.example.org" || st.LogoID == 0 ||
			st.PostalAddress != "48 Wattle Street\nNorthbridge <VIC> 3999" || st.Language != "en-AU" || !st.FeedSummaries {
			t.Errorf("settings stored as %+v", st)
		}
		wantBody(t, c.get("/admin/settings"), "settings page", "The Northbridge Weekly newsroom", "Current logo",
			"Postal address", "48 Wattle Street\nNorthbridge &lt;VIC&gt; 3999</textarea>",
			`value="en-AU"`, `<option value="standfirst" selected>The standfirst only</option>`)
		f.Set("postal_address", strings.Repeat("line\n", 9))
		r = c.post("/admin/settings", f)
		wantStatus(t, r, http.StatusUnprocessableEntity, "address too long")
		wantBody(t, r, "address too long", "The postal address can have at most 8 lines; this one has 9.")
		if st2, _ := db.GetSettings(ctx); st2 != st {
			t.Errorf("a refused save changed the settings: %+v", st2)
		}

		r = c.get("/admin/staff")
		wantBody(t, r, "staff", "boss@example.org", "writer@example.org")
		r = c.post("/admin/staff/"+itoa(writer.ID), url.Values{"name": {"Wren Writer"}, "role": {"overlord"}, "author": {"0"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "unknown role")
		r = c.post("/admin/staff/"+itoa(writer.ID), url.Values{"name": {"Wren Writer"}, "role": {"editor"}, "author": {itoa(writer.AuthorID)}})
		wantStatus(t, r, http.StatusSeeOther, "promote")
		if u, _ := a.auth.GetUser(ctx, writer.ID); u.Role != auth.RoleEditor || u.Name != "Wren Writer" || u.AuthorID != writer.AuthorID {
			t.Errorf("user stored as %+v", u)
		}
		wantBody(t, c.get("/admin/staff/"+itoa(writer.ID)), "staff member after the promotion", `<option value="editor" selected>`)
		wantBody(t, c.get("/admin/staff"), "invitation form", `<option value="contributor" selected>`)
		r = c.post("/admin/staff/"+itoa(boss.ID), url.Values{"name": {"Boss"}, "role": {"editor"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "admin demotes self")
		wantBody(t, r, "admin demotes self", "You cannot remove your own admin role.")
	})
}

var rowRE = regexp.MustCompile(`<td class="cell-title"><a href="/admin/articles/\d+">([^<]+)</a>`)

func TestArticleListFiltersAndPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		for i := 0; i < 30; i++ {
			action := content.ActionSave
			if i%3 == 0 {
				action = content.ActionPublish
			}
			_, err := a.content.Save(context.Background(), editorActor, content.ArticleInput{Headline: fmt.Sprintf("Story %02d", i),
				Standfirst: "S.", SectionID: a.section, AuthorIDs: []int64{ed.AuthorID}, BodySource: "B.", Action: action})
			if err != nil {
				t.Fatal(err)
			}
			a.clock.Add(time.Minute)
		}
		c := a.signIn("ed@example.org")
		r := c.get("/admin")
		wantBody(t, r, "dashboard", `<span class="count-n">20</span> <span class="count-label">draft</span>`, `<span class="count-n">10</span> <span class="count-label">published</span>`, "Story 29")

		r = c.get("/admin/articles")
		first := rowRE.FindAllStringSubmatch(r.body, -1)
		if len(first) != 25 || first[0][1] != "Story 29" || first[24][1] != "Story 05" {
			t.Fatalf("first page: %d rows from %v", len(first), first)
		}
		next := regexp.MustCompile(`href="(/admin/articles\?after=[^"]+)" rel="next"`).FindStringSubmatch(r.body)
		if next == nil {
			t.Fatal("no link to the next page")
		}
		r = c.get(strings.ReplaceAll(next[1], "&amp;", "&"))
		second := rowRE.FindAllStringSubmatch(r.body, -1)
		if len(second) != 5 || second[0][1] != "Story 04" || second[4][1] != "Story 00" {
			t.Fatalf("second page: %v", second)
		}
		if strings.Contains(r.body, `rel="next"`) {
			t.Error("the last page links to a next one")
		}

		// The search box is the full-text search: phrases and OR, over
		// every status unless one is chosen (Story 20 is a draft).
		q := `"story 20" OR "story 21" OR "story 24" OR "story 27"`
		r = c.get("/admin/articles?status=published&q=" + url.QueryEscape(q))
		rows := rowRE.FindAllStringSubmatch(r.body, -1)
		if len(rows) != 3 || rows[0][1] != "Story 27" || rows[2][1] != "Story 21" {
			t.Errorf("published matching %s: %v", q, rows)
		}
		wantBody(t, r, "filtered", `<option value="published" selected>`, `value="`+html.EscapeString(q)+`"`, "3 articles match, best first.")

		// A draft is found by a word of its body; a headline match ranks first.
		for _, in := range []content.ArticleInput{
			{Headline: "Harbour works", Standfirst: "S.", BodySource: "Cranes at the otter pier.", Action: content.ActionSave},
			{Headline: "Otter sighted", Standfirst: "S.", BodySource: "B.", Action: content.ActionSave},
		} {
			in.SectionID, in.AuthorIDs = a.section, []int64{ed.AuthorID}
			if _, err := a.content.Save(context.Background(), editorActor, in); err != nil {
				t.Fatal(err)
			}
			a.clock.Add(time.Minute)
		}
		r = c.get("/admin/articles?q=otters")
		rows = rowRE.FindAllStringSubmatch(r.body, -1)
		if len(rows) != 2 || rows[0][1] != "Otter sighted" || rows[1][1] != "Harbour works" {
			t.Errorf("drafts matching 'otters': %v", rows)
		}
		// A search's pages are numbered and keep the words.
		r = c.get("/admin/articles?q=story")
		if rows := rowRE.FindAllStringSubmatch(r.body, -1); len(rows) != 25 {
			t.Errorf("first page of 'story': %d rows", len(rows))
		}
		next = regexp.MustCompile(`href="(/admin/articles\?[^"]+)" rel="next"`).FindStringSubmatch(r.body)
		if next == nil || !strings.Contains(next[1], "page=2") || !strings.Contains(next[1], "q=story") {
			t.Fatalf("next page of a search: %v", next)
		}
		r = c.get(strings.ReplaceAll(next[1], "&amp;", "&"))
		if rows := rowRE.FindAllStringSubmatch(r.body, -1); len(rows) != 5 || strings.Contains(r.body, `rel="next"`) {
			t.Errorf("second page of 'story': %d rows", len(rows))
		}
		// Operators and junk are text, never an error.
		for _, q := range []string{`"`, `*`, `-`, `OR`, `NEAR(`, `%`, `_`, strings.Repeat("x", 5000)} {
			if r := c.get("/admin/articles?q=" + url.QueryEscape(q)); r.status != http.StatusOK {
				t.Errorf("search %.20q: %d", q, r.status)
			}
		}
	})
}

func TestEveryPageRenders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		boss := a.user("boss@example.org", auth.RoleAdmin)
		art := a.publishedArticle("a-story", boss.AuthorID)
		revs, err := db.ListRevisions(ctx, art.ID)
		if err != nil || len(revs) == 0 {
			t.Fatalf("revisions: %v %v", revs, err)
		}
		series, err := a.content.SaveSeries(ctx, editorActor, content.Series{Name: "Notebook"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.content.Save(ctx, editorActor, content.ArticleInput{Headline: "Tagged", Standfirst: "S.", SectionID: a.section,
			AuthorIDs: []int64{boss.AuthorID}, BodySource: "B.", Topics: "Housing", Action: content.ActionSave}); err != nil {
			t.Fatal(err)
		}
		topics, err := db.ListTopics(ctx)
		if err != nil || len(topics) != 1 {
			t.Fatalf("topics: %v %v", topics, err)
		}
		c := a.signIn("boss@example.org")
		for _, path := range []string{
			"/admin", "/admin/", "/admin/account", "/admin/articles", "/admin/articles?status=draft&q=x", "/admin/articles/new",
			"/admin/articles/" + itoa(art.ID), "/admin/articles/" + itoa(art.ID) + "/revisions",
			"/admin/articles/" + itoa(art.ID) + "/revisions/" + itoa(revs[0].ID),
			"/admin/sections", "/admin/sections/new", "/admin/sections/" + itoa(a.section),
			"/admin/series", "/admin/series/new", "/admin/series/" + itoa(series),
			"/admin/topics", "/admin/topics/" + itoa(topics[0].ID),
			"/admin/authors", "/admin/authors/new", "/admin/authors/" + itoa(boss.AuthorID),
			"/admin/settings", "/admin/staff", "/admin/staff/" + itoa(boss.ID),
		} {
			r := c.get(path)
			wantStatus(t, r, http.StatusOK, path)
			if !strings.Contains(r.body, "</html>") || !strings.Contains(r.body, "<h1") {
				t.Errorf("%s: not a whole page", path)
			}
			if r.header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: Cache-Control %q", path, r.header.Get("Cache-Control"))
			}
		}
		css := regexp.MustCompile(`href="(/admin/assets/admin\.[0-9a-f]+\.css)"`).FindStringSubmatch(c.get("/admin").body)
		if css == nil {
			t.Fatal("no stylesheet link")
		}
		r := c.get(css[1])
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "text/css; charset=utf-8" || !strings.Contains(r.header.Get("Cache-Control"), "immutable") {
			t.Errorf("stylesheet: %d %q %q", r.status, r.header.Get("Content-Type"), r.header.Get("Cache-Control"))
		}
		// Signed out pages.
		out := a.client()
		for _, path := range []string{"/admin/login", "/admin/forgot", css[1]} {
			wantStatus(t, out.get(path), http.StatusOK, "signed out "+path)
		}
		wantStatus(t, out.get("/admin/reset/not-a-token"), http.StatusNotFound, "bad reset token")
		wantStatus(t, out.get("/admin/invite/not-a-token"), http.StatusNotFound, "bad invitation token")
	})
}

func TestTopicsMergeAndDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		a.user("au@example.org", auth.RoleAuthor)
		c := a.signIn("ed@example.org")
		for i, topics := range []string{"Housng", "Housing, Transport", "Housing"} {
			f := articleForm(a.section, ed.AuthorID, "Story "+itoa(int64(i)), "Text "+itoa(int64(i))+".", "publish")
			f.Set("topics", topics)
			savedID(t, c.post("/admin/articles/new", f))
		}
		ctx := context.Background()
		typo, _ := db.GetTopicBySlug(ctx, "housng")
		housing, _ := db.GetTopicBySlug(ctx, "housing")
		transport, _ := db.GetTopicBySlug(ctx, "transport")
		wantBody(t, c.get("/admin/topics"), "topic list with counts", `<td class="num">2</td>`)
		page := "/admin/topics/" + itoa(typo.ID)
		wantBody(t, c.get(page), "topic page", "Merge into another topic", `<option value="`+itoa(housing.ID)+`">Housing (2)</option>`, "It is taken off 1 article;")

		wantStatus(t, a.signIn("au@example.org").post(page+"/merge", url.Values{"into": {itoa(housing.ID)}}), http.StatusForbidden, "an author merging topics")
		r := c.post(page+"/merge", url.Values{"into": {itoa(typo.ID)}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "merging a topic into itself")
		wantBody(t, r, "merging a topic into itself", "Choose another topic to merge into.")

		r = c.post(page+"/merge", url.Values{"into": {itoa(housing.ID)}})
		if r.status != http.StatusSeeOther || r.location() != "/admin/topics?done=merged" {
			t.Fatalf("merge: %d to %q\n%s", r.status, r.location(), r.body)
		}
		if list, _ := db.ListPublished(ctx, content.Filter{TopicID: housing.ID}, content.Cursor{}, 10); len(list) != 3 {
			t.Errorf("Housing has %d articles after the merge, want 3", len(list))
		}
		wantStatus(t, c.get(page), http.StatusNotFound, "the merged topic's page")

		r = c.post("/admin/topics/"+itoa(transport.ID)+"/delete", url.Values{})
		if r.status != http.StatusSeeOther || r.location() != "/admin/topics?done=deleted" {
			t.Fatalf("delete: %d to %q", r.status, r.location())
		}
		if list, _ := db.ListTopics(ctx); len(list) != 1 || list[0].Name != "Housing" {
			t.Errorf("topics after the merge and the delete: %+v", list)
		}
	})
}
