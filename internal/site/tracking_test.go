package site

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image/gif"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead/internal/feedback"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// withFeedback gives the reader fixture's site the feedback service.
func withFeedback(db *store.DB, mailgunKey string) func(*readerFixture, *Options) {
	return func(rf *readerFixture, o *Options) {
		o.Feedback = feedback.New(feedback.Options{Readers: rf.svc, Store: db, Now: func() time.Time { return fixtureNow },
			BounceAddress: "bounce@news.example.org", MailgunKey: mailgunKey})
	}
}

func eventCounts(t *testing.T, db *store.DB, campaign int64) map[string]int {
	t.Helper()
	c, err := db.CampaignEventCounts(context.Background(), campaign)
	if err != nil {
		t.Fatal(err)
	}
	maps.DeleteFunc(c, func(_ string, n int) bool { return n == 0 })
	return c
}

func (rf *readerFixture) setTrack(t *testing.T, on bool) {
	t.Helper()
	ctx := context.Background()
	n, err := rf.svc.Newsletter(ctx, rf.weekly)
	if err != nil {
		t.Fatal(err)
	}
	n.Track = on
	if _, err := rf.svc.SaveNewsletter(ctx, n); err != nil {
		t.Fatal(err)
	}
}

func TestOpenAndClickTracking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rf := newReaderFixture(t, db, withFeedback(db, ""))
		const campaign = 5
		links := []string{"https://news.example.org/articles/library-hours", "https://example.org/other?a=1&b=2"}
		if err := db.SaveCampaignLinks(ctx, campaign, links); err != nil {
			t.Fatal(err)
		}
		tok := rf.link(t, newsletter.Link{Purpose: newsletter.PurposeTrack, NewsletterID: rf.weekly, CampaignID: campaign})
		pixelURL, clickURL := OpenPath+tok+".gif", ClickPath+tok+"/"

		isPixel := func(what string, w *httptest.ResponseRecorder) {
			t.Helper()
			if w.Code != 200 || w.Header().Get("Content-Type") != "image/gif" {
				t.Fatalf("%s: %d %q", what, w.Code, w.Header().Get("Content-Type"))
			}
			img, err := gif.Decode(bytes.NewReader(w.Body.Bytes()))
			if err != nil || img.Bounds().Dx() != 1 || img.Bounds().Dy() != 1 {
				t.Errorf("%s: not a 1×1 GIF: %v", what, err)
			}
			if !strings.Contains(w.Header().Get("Cache-Control"), "no-store") || w.Header().Get("Set-Cookie") != "" {
				t.Errorf("%s: Cache-Control %q, Set-Cookie %q", what, w.Header().Get("Cache-Control"), w.Header().Get("Set-Cookie"))
			}
		}
		redirects := func(what, path, want string) {
			t.Helper()
			w := rf.get(t, path)
			if w.Code != http.StatusFound || w.Header().Get("Location") != want {
				t.Errorf("%s: %d to %q, want 302 to %q", what, w.Code, w.Header().Get("Location"), want)
			}
			if w.Header().Get("Set-Cookie") != "" || !strings.Contains(w.Header().Get("Cache-Control"), "no-store") {
				t.Errorf("%s: Set-Cookie %q, Cache-Control %q", what, w.Header().Get("Set-Cookie"), w.Header().Get("Cache-Control"))
			}
		}

		// Tracking off (the default): the pixel and links work, nothing is recorded.
		isPixel("pixel, tracking off", rf.get(t, pixelURL))
		redirects("click, tracking off", clickURL+"1", links[1])
		if c := eventCounts(t, db, campaign); len(c) != 0 {
			t.Errorf("recorded with tracking off: %v", c)
		}

		// On: the same address now records (it was not cached), once.
		rf.setTrack(t, true)
		isPixel("pixel", rf.get(t, pixelURL))
		isPixel("pixel again", rf.get(t, pixelURL))
		redirects("click 1", clickURL+"1", links[1])
		redirects("click 1 again", clickURL+"1", links[1])
		redirects("click 0", clickURL+"0", links[0])
		// A query cannot choose the target.
		redirects("click with a url parameter", clickURL+"0?url=https%3A%2F%2Fevil.example%2F", links[0])
		if c := eventCounts(t, db, campaign); !maps.Equal(c, map[string]int{"open": 1, "click": 1}) {
			t.Errorf("counts: %v, want one reader opening and clicking", c)
		}
		if c, _ := db.CampaignClickCounts(ctx, campaign); !maps.Equal(c, map[int]int{0: 1, 1: 1}) {
			t.Errorf("per link: %v", c)
		}

		// Bad link numbers and tokens: the 404 of bad links, no Location.
		forged := []byte(tok)
		forged[len(forged)-2] ^= 1
		for _, path := range []string{
			clickURL + "2", clickURL + "-1", clickURL + "01", clickURL + "abc", clickURL + "99999999999", clickURL + "1.0",
			clickURL + "https:%2F%2Fevil.example",
			ClickPath + string(forged) + "/0",
			ClickPath + rf.link(t, newsletter.Link{Purpose: newsletter.PurposeUnsubscribe, NewsletterID: rf.weekly, CampaignID: campaign}) + "/0",
			ClickPath + rf.link(t, newsletter.Link{Purpose: newsletter.PurposeTrack, NewsletterID: rf.weekly, CampaignID: campaign + 1}) + "/0",
			ClickPath + rf.link(t, newsletter.Link{Purpose: newsletter.PurposeTrack, NewsletterID: rf.weekly}) + "/0",
			ClickPath + strings.Repeat("A", 300) + "/0",
			OpenPath + tok, OpenPath + ".gif",
		} {
			w := rf.get(t, path)
			if w.Code != http.StatusNotFound || w.Header().Get("Location") != "" {
				t.Errorf("%s: %d, Location %q; want 404", path, w.Code, w.Header().Get("Location"))
			}
			contains(t, path, w.Body.String(), "This link does not work")
		}
		// A forged pixel is still a pixel, and records nothing.
		isPixel("forged pixel", rf.get(t, OpenPath+string(forged)+".gif"))
		if c := eventCounts(t, db, campaign); !maps.Equal(c, map[string]int{"open": 1, "click": 1}) {
			t.Errorf("counts after bad links: %v", c)
		}

		// The reader's download lists the events, with the click targets.
		export, err := rf.svc.ExportJSON(ctx, rf.reader.ID)
		if err != nil {
			t.Fatal(err)
		}
		var e struct {
			Events []struct{ Kind, Link string } `json:"mail_events"`
		}
		if err := json.Unmarshal(export, &e); err != nil || len(e.Events) != 3 || e.Events[0].Kind != "open" || e.Events[1].Link != links[1] || e.Events[2].Link != links[0] {
			t.Errorf("export's events: %+v (%v)", e.Events, err)
		}

		// Erased: the events name nobody, the counts stay, the links work.
		if err := rf.svc.Erase(ctx, rf.reader.ID, newsletter.Meta{Method: newsletter.MethodStaff, Source: "request"}); err != nil {
			t.Fatal(err)
		}
		if evs, err := db.ListMailEvents(ctx, rf.reader.ID); err != nil || len(evs) != 0 {
			t.Errorf("events still name the erased reader: %+v (%v)", evs, err)
		}
		redirects("click after erasure", clickURL+"1", links[1])
		isPixel("pixel after erasure", rf.get(t, pixelURL))
		if c := eventCounts(t, db, campaign); !maps.Equal(c, map[string]int{"open": 1, "click": 1}) {
			t.Errorf("counts after erasure: %v", c)
		}
	})
}

func TestUnsubscribesCountForTheirCampaign(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rf := newReaderFixture(t, db, withFeedback(db, ""))
		// A one-click unsubscribe from a link without a campaign: none.
		unsub := unsubscribePathFor(rf.link(t, newsletter.Link{Purpose: newsletter.PurposeUnsubscribe, NewsletterID: rf.daily}))
		if w := rf.post(t, unsub, url.Values{"List-Unsubscribe": {"One-Click"}}, "-", ""); w.Code != 200 {
			t.Fatalf("one-click: %d", w.Code)
		}
		if evs, err := db.ListMailEvents(ctx, rf.reader.ID); err != nil || len(evs) != 0 {
			t.Errorf("events for a link without a campaign: %+v (%v)", evs, err)
		}
		// With its campaign: counted, once.
		unsub = unsubscribePathFor(rf.link(t, newsletter.Link{Purpose: newsletter.PurposeUnsubscribe, NewsletterID: rf.weekly, CampaignID: 9}))
		for range 2 {
			if w := rf.post(t, unsub, url.Values{"List-Unsubscribe": {"One-Click"}}, "Origin", "https://mail.provider.example"); w.Code != 200 {
				t.Fatalf("one-click: %d", w.Code)
			}
		}
		if c := eventCounts(t, db, 9); !maps.Equal(c, map[string]int{"unsubscribe": 1}) {
			t.Errorf("campaign 9: %v", c)
		}

		// The preference centre: saving without leaving anything counts
		// nothing; leaving everything counts for the link's campaign.
		if _, err := rf.svc.Import(ctx, readerEmail, []int64{rf.weekly}, 0, newsletter.Meta{Method: newsletter.MethodStaff, Source: "asked again"}); err != nil {
			t.Fatal(err)
		}
		if err := rf.svc.UpdatePreferences(ctx, rf.reader.ID, newsletter.Preferences{NewsletterIDs: []int64{rf.weekly}},
			newsletter.Meta{Method: newsletter.MethodStaff, Source: "test"}); err != nil {
			t.Fatal(err)
		}
		prefs := preferencesPathFor(rf.link(t, newsletter.Link{Purpose: newsletter.PurposePreferences, CampaignID: 10}))
		if w := rf.post(t, prefs, url.Values{"newsletter": {strconv.FormatInt(rf.weekly, 10)}}); w.Code != http.StatusSeeOther {
			t.Fatalf("save: %d", w.Code)
		}
		if c := eventCounts(t, db, 10); len(c) != 0 {
			t.Errorf("a save that left nothing counted %v", c)
		}
		if w := rf.post(t, prefs+"/all", url.Values{}); w.Code != 200 {
			t.Fatalf("unsubscribe all: %d", w.Code)
		}
		if c := eventCounts(t, db, 10); !maps.Equal(c, map[string]int{"unsubscribe": 1}) {
			t.Errorf("campaign 10 after unsubscribe all: %v", c)
		}
	})
}

func unsubscribePathFor(tok string) string { return unsubscribePath + tok }
func preferencesPathFor(tok string) string { return preferencesPath + tok }

func mailgunBody(key string, ts int64, token string, event map[string]any) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(strconv.FormatInt(ts, 10) + token))
	b, _ := json.Marshal(map[string]any{
		"signature":  map[string]any{"timestamp": strconv.FormatInt(ts, 10), "token": token, "signature": hex.EncodeToString(m.Sum(nil))},
		"event-data": event,
	})
	return string(b)
}

func TestMailgunWebhookRoute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const key = "whsec-test-key-0123456789"
		rf := newReaderFixture(t, db, withFeedback(db, key))
		post := func(body string, header ...string) *httptest.ResponseRecorder {
			t.Helper()
			r := httptest.NewRequest(http.MethodPost, MailgunWebhookPath, strings.NewReader(body))
			r.Host = "news.example.org"
			r.Header.Set("Content-Type", "application/json")
			for i := 0; i+1 < len(header); i += 2 {
				r.Header.Set(header[i], header[i+1])
			}
			w := httptest.NewRecorder()
			rf.h.ServeHTTP(w, r)
			return w
		}
		now := fixtureNow.Unix()
		failed := map[string]any{"event": "failed", "severity": "permanent", "recipient": readerEmail,
			"delivery-status": map[string]any{"code": 550, "message": "5.1.1 no such user"}, "user-variables": map[string]any{"campaign_id": "3"}}
		suppressed := func() bool {
			sup, err := rf.svc.Suppressed(ctx, readerEmail)
			if err != nil {
				t.Fatal(err)
			}
			return sup
		}
		for name, c := range map[string]struct {
			body string
			code int
		}{
			"wrong key":  {mailgunBody("other-key", now, "tok-1", failed), 403},
			"stale":      {mailgunBody(key, now-301, "tok-2", failed), 403},
			"not JSON":   {"event=failed", 400},
			"too big":    {`{"signature": {"token": "` + strings.Repeat("x", feedback.MaxMailgunBody) + `"}}`, 413},
			"no content": {"", 400},
		} {
			if w := post(c.body); w.Code != c.code {
				t.Errorf("%s: %d, want %d: %s", name, w.Code, c.code, w.Body)
			}
		}
		if suppressed() {
			t.Fatal("a refused webhook suppressed the reader")
		}
		// From Mailgun's servers, with an Origin of theirs: the route is exempt.
		good := mailgunBody(key, now, "tok-3", failed)
		if w := post(good, "Origin", "https://mailgun.example", "Sec-Fetch-Site", "cross-site"); w.Code != 200 {
			t.Fatalf("good webhook: %d %s", w.Code, w.Body)
		}
		if !suppressed() {
			t.Error("a permanent failure did not suppress the reader")
		}
		if c := eventCounts(t, db, 3); !maps.Equal(c, map[string]int{"bounce": 1}) {
			t.Errorf("campaign 3: %v", c)
		}
		if w := post(good); w.Code != 403 {
			t.Errorf("replayed: %d, want 403", w.Code)
		}
		if w := post(mailgunBody(key, now, "tok-4", map[string]any{"event": "delivered", "recipient": readerEmail})); w.Code != 200 {
			t.Errorf("an event it ignores: %d", w.Code)
		}

		// Without a key there is no webhook.
		plain := newReaderFixture(t, storetest.Open(t, storetest.SQLite), func(rf *readerFixture, o *Options) {
			o.Feedback = feedback.New(feedback.Options{Readers: rf.svc, Store: db})
		})
		r := httptest.NewRequest(http.MethodPost, MailgunWebhookPath, strings.NewReader(mailgunBody("", now, "tok-5", failed)))
		w := httptest.NewRecorder()
		plain.h.ServeHTTP(w, r)
		if w.Code != http.StatusMethodNotAllowed && w.Code != http.StatusNotFound {
			t.Errorf("webhook without a key: %d", w.Code)
		}
	})
}
