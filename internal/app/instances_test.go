package app_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"masthead/internal/app"
	"masthead/internal/auth"
	"masthead/internal/config"
	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

// TestInstancesShareChanges runs two instances on one PostgreSQL database:
// an edit made through one is visible on the other's cached page at once.
func TestInstancesShareChanges(t *testing.T) {
	if len(storetest.Engines()) < 2 {
		t.Skip("needs MASTHEAD_TEST_POSTGRES")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url := storetest.URL(t, storetest.Postgres)
	var servers [2]*app.Server
	var sites [2]*httptest.Server
	for i := range servers {
		cfg := config.Config{Addr: ":0", DataDir: t.TempDir(), DatabaseURL: url}
		srv, err := app.Build(ctx, cfg, quiet, i == 0)
		if err != nil {
			t.Fatal(err)
		}
		stop := srv.Background(ctx)
		t.Cleanup(func() { stop(); srv.DB.Close() })
		select {
		case <-srv.Listening:
		case <-time.After(10 * time.Second):
			t.Fatal("instance is not listening for changes")
		}
		servers[i], sites[i] = srv, httptest.NewServer(srv.Handler)
		t.Cleanup(sites[i].Close)
	}
	arts, err := servers[0].DB.ListPublished(ctx, content.Filter{}, content.Cursor{}, 1)
	if err != nil || len(arts) == 0 {
		t.Fatalf("demo: %v", err)
	}
	a, err := servers[0].DB.GetArticle(ctx, arts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	path := "/articles/" + a.Slug
	// Instance B caches the page.
	for range 2 {
		if res, body := get(t, sites[1].URL+path); res.StatusCode != 200 || !strings.Contains(body, a.Headline) {
			t.Fatalf("instance B: %d", res.StatusCode)
		}
	}
	// An editor changes the headline through instance A.
	topics := []string{}
	views, _ := servers[0].DB.Views(ctx, []content.Article{a})
	for _, tp := range views[0].Topics {
		topics = append(topics, tp.Name)
	}
	editor := content.Actor{UserID: 0, Role: auth.RoleEditor}
	_, err = servers[0].Content.Save(ctx, editor, content.ArticleInput{ID: a.ID, Headline: "A new headline from instance A",
		Standfirst: a.Standfirst, Slug: a.Slug, SectionID: a.SectionID, SeriesID: a.SeriesID, AuthorIDs: a.AuthorIDs,
		Topics: strings.Join(topics, ", "), BodySource: a.BodySource, LeadImageID: a.LeadImageID, LeadAlt: a.LeadAlt,
		LeadCaption: a.LeadCaption, LeadCredit: a.LeadCredit, Correction: a.Correction, Action: content.ActionPublish})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, body := get(t, sites[1].URL+path)
		if strings.Contains(body, "A new headline from instance A") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("instance B still serves the old page 10s after the change")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
