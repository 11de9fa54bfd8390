package site

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/mail/mailtest"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// readerFixture is the site with the newsletter service on the same
// database: two public newsletters and a reader who confirmed the weekly
// one (an import, as staff would bring a list).
type readerFixture struct {
	*fixture
	svc           *newsletter.Service
	mail          *mailtest.Recorder
	weekly, daily int64
	sector        int64
	reader        newsletter.Reader
}

const readerEmail = "Ann.Reader@example.org"

func newReaderFixture(t *testing.T, db *store.DB, extra ...func(*readerFixture, *Options)) *readerFixture {
	t.Helper()
	ctx := context.Background()
	rf := &readerFixture{mail: &mailtest.Recorder{}}
	now := func() time.Time { return fixtureNow }
	rf.svc = newsletter.NewService(newsletter.Options{Store: db, Mail: rf.mail, Now: now,
		Site: func(context.Context) (string, string) { return "The Northbridge Weekly", "https://news.example.org" }})
	rf.svc.UseQueue(queue.New(db, slog.New(slog.DiscardHandler), queue.Options{Now: now}))
	rf.fixture = newFixture(t, db, func(o *Options) {
		o.Readers = rf.svc
		for _, f := range extra {
			f(rf, o)
		}
	})
	var err error
	for _, n := range []struct {
		id   *int64
		name string
	}{{&rf.weekly, "The Saturday Guide"}, {&rf.daily, "Morning Briefing"}} {
		if *n.id, err = rf.svc.SaveNewsletter(ctx, newsletter.Newsletter{Name: n.name, Cadence: "every Saturday",
			SenderName: "The Northbridge Weekly", SenderEmail: "news@northbridge.example", Public: true}); err != nil {
			t.Fatal(err)
		}
	}
	secs, err := rf.svc.Sectors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rf.sector = secs[4].ID
	if _, err := rf.svc.Import(ctx, readerEmail, []int64{rf.weekly}, 0, newsletter.Meta{Method: newsletter.MethodImport, Source: "launch list"}); err != nil {
		t.Fatal(err)
	}
	if rf.reader, err = rf.svc.ReaderByEmail(ctx, readerEmail); err != nil {
		t.Fatal(err)
	}
	return rf
}

// link signs a link for the reader.
func (rf *readerFixture) link(t *testing.T, l newsletter.Link) string {
	t.Helper()
	signer, err := rf.svc.Signer(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if l.ReaderUID == "" {
		l.ReaderUID = rf.reader.UID
	}
	tok, err := signer.Sign(l)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// post sends a form as a browser on the site would (same-origin) unless
// header pairs say otherwise; "-" as the first pair sends no browser headers.
func (rf *readerFixture) post(t *testing.T, path string, form url.Values, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Host = "news.example.org"
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if len(header) == 0 {
		header = []string{"Sec-Fetch-Site", "same-origin", "Origin", "https://news.example.org"}
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] != "-" {
			r.Header.Set(header[i], header[i+1])
		}
	}
	w := httptest.NewRecorder()
	rf.h.ServeHTTP(w, r)
	return w
}

func (rf *readerFixture) statuses(t *testing.T) map[int64]string {
	t.Helper()
	subs, err := rf.svc.Subscriptions(context.Background(), rf.reader.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, s := range subs {
		out[s.NewsletterID] = s.Status
	}
	return out
}

func (rf *readerFixture) records(t *testing.T) []newsletter.ConsentRecord {
	t.Helper()
	recs, err := rf.svc.ConsentHistoryByAddress(context.Background(), readerEmail)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// private checks the headers every reader-link answer carries.
func private(t *testing.T, what string, w *httptest.ResponseRecorder) {
	t.Helper()
	h := w.Header()
	if h.Get("Cache-Control") != "private, no-store" || h.Get("X-Robots-Tag") != "noindex" || h.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("%s: Cache-Control %q, X-Robots-Tag %q, Referrer-Policy %q", what, h.Get("Cache-Control"), h.Get("X-Robots-Tag"), h.Get("Referrer-Policy"))
	}
}

func checkbox(id int64, checked bool) string {
	s := `name="newsletter" value="` + strconv.FormatInt(id, 10) + `"`
	if checked {
		s += " checked"
	}
	return s + ">"
}

func TestPreferenceCentreShowsAndSavesChoices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rf := newReaderFixture(t, db)
		prefs := "/newsletters/preferences/" + rf.link(t, newsletter.Link{Purpose: newsletter.PurposePreferences})
		// The daily one asked for on a form and not confirmed: shown, not ticked.
		wording, err := rf.svc.ConsentVersion(context.Background(), "We send the newsletters you choose.")
		if err != nil {
			t.Fatal(err)
		}
		if err := rf.svc.Subscribe(context.Background(), newsletter.SignUp{Email: readerEmail, NewsletterIDs: []int64{rf.daily},
			Source: "/newsletters", ConsentVersion: wording, Client: "192.0.2.1"}); err != nil {
			t.Fatal(err)
		}
		if got := rf.statuses(t); got[rf.daily] != newsletter.StatusPending {
			t.Fatalf("before: %v", got)
		}

		w := rf.get(t, prefs)
		if w.Code != 200 {
			t.Fatalf("GET preferences: %d\n%s", w.Code, w.Body)
		}
		contains(t, "pending", w.Body.String(), "have not confirmed yet")
		private(t, "GET preferences", w)
		contains(t, "preferences", w.Body.String(), readerEmail, checkbox(rf.weekly, true), checkbox(rf.daily, false),
			"The Saturday Guide", "Morning Briefing", `<option value="">Not given</option>`)
		if strings.Contains(w.Body.String(), `rel="canonical"`) {
			t.Error("the page names its tokened address as canonical")
		}

		// Another site's post changes nothing.
		form := url.Values{"newsletter": {strconv.FormatInt(rf.daily, 10)}, "sector": {strconv.FormatInt(rf.sector, 10)}}
		if w := rf.post(t, prefs, form, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); w.Code != 403 {
			t.Errorf("cross-site save: %d", w.Code)
		}
		if got := rf.statuses(t); got[rf.weekly] != newsletter.StatusConfirmed || got[rf.daily] != newsletter.StatusPending {
			t.Fatalf("after a cross-site save: %v", got)
		}

		before := len(rf.records(t))
		w = rf.post(t, prefs, form)
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != prefs+"?saved=1" {
			t.Fatalf("save: %d %q\n%s", w.Code, w.Header().Get("Location"), w.Body)
		}
		if got := rf.statuses(t); got[rf.weekly] != newsletter.StatusUnsubscribed || got[rf.daily] != newsletter.StatusConfirmed {
			t.Errorf("after saving: %v", got)
		}
		r, err := rf.svc.Reader(context.Background(), rf.reader.ID)
		if err != nil || r.SectorID != rf.sector {
			t.Errorf("sector %d (%v), want %d", r.SectorID, err, rf.sector)
		}
		recs := rf.records(t)[before:]
		var got []string
		for _, rec := range recs {
			got = append(got, rec.Action+" "+strconv.FormatInt(rec.NewsletterID, 10)+" "+rec.Method+" "+rec.Source)
			if strings.Contains(rec.Source, "preferences/") && len(rec.Source) > len("/newsletters/preferences/") {
				t.Errorf("a consent record keeps the link's token: %q", rec.Source)
			}
			if rec.Action != newsletter.ActionUnsubscribe && rec.ConsentVersion == 0 {
				t.Errorf("%s without the wording shown", rec.Action)
			}
		}
		want := []string{
			"unsubscribe " + strconv.FormatInt(rf.weekly, 10) + " signed link /newsletters/preferences/",
			"subscribe " + strconv.FormatInt(rf.daily, 10) + " signed link /newsletters/preferences/",
			"confirm " + strconv.FormatInt(rf.daily, 10) + " signed link /newsletters/preferences/",
		}
		for _, wnt := range want {
			if !strings.Contains(strings.Join(got, "\n"), wnt) {
				t.Errorf("consent records %q lack %q", got, wnt)
			}
		}

		w = rf.get(t, prefs+"?saved=1")
		contains(t, "after saving", w.Body.String(), "Your preferences are saved", checkbox(rf.weekly, false), checkbox(rf.daily, true),
			`value="`+strconv.FormatInt(rf.sector, 10)+`" selected`)

		// A sector that is not in the list is refused, naming the field.
		if w := rf.post(t, prefs, url.Values{"sector": {"x"}}); w.Code != 400 || !strings.Contains(w.Body.String(), "sector") {
			t.Errorf("bad sector: %d\n%s", w.Code, w.Body)
		}

		// Unsubscribe from everything.
		w = rf.post(t, prefs+"/all", nil)
		if w.Code != 200 {
			t.Fatalf("unsubscribe all: %d\n%s", w.Code, w.Body)
		}
		private(t, "unsubscribe all", w)
		contains(t, "unsubscribe all", w.Body.String(), "unsubscribed from every newsletter", `href="`+prefs+`"`)
		for id, st := range rf.statuses(t) {
			if st != newsletter.StatusUnsubscribed {
				t.Errorf("newsletter %d still %s", id, st)
			}
		}
	})
}

func TestReaderLinksRefuseBadTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rf := newReaderFixture(t, db)
		prefs := rf.link(t, newsletter.Link{Purpose: newsletter.PurposePreferences})
		unsub := rf.link(t, newsletter.Link{Purpose: newsletter.PurposeUnsubscribe, NewsletterID: rf.weekly})
		mid := len(prefs) / 2
		tampered := prefs[:mid] + map[bool]string{true: "A", false: "B"}[prefs[mid] != 'A'] + prefs[mid+1:]
		for _, path := range []string{
			"/newsletters/preferences/" + tampered,
			"/newsletters/preferences/" + unsub, // another purpose
			"/newsletters/preferences/not-a-token",
			"/newsletters/unsubscribe/" + prefs,
			"/newsletters/data/" + prefs,
		} {
			w := rf.get(t, path)
			if w.Code != 404 {
				t.Errorf("GET %s: %d", path, w.Code)
			}
			private(t, path, w)
			contains(t, path, w.Body.String(), "This link does not work", `href="/newsletters"`)
		}
		if w := rf.post(t, "/newsletters/unsubscribe/"+tampered, url.Values{"List-Unsubscribe": {"One-Click"}}, "-", ""); w.Code != 404 {
			t.Errorf("one-click with a tampered token: %d", w.Code)
		}
		if got := rf.statuses(t); got[rf.weekly] != newsletter.StatusConfirmed {
			t.Errorf("bad links changed something: %v", got)
		}
	})
}

var accessLinkRE = regexp.MustCompile(`https://news\.example\.org(/newsletters/data/[A-Za-z0-9_-]+)`)

func TestReaderDownloadsAndErasesTheirData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rf := newReaderFixture(t, db)
		prefs := "/newsletters/preferences/" + rf.link(t, newsletter.Link{Purpose: newsletter.PurposePreferences})

		// The preference link asks for an access link by email.
		w := rf.post(t, prefs+"/access", nil)
		if w.Code != 200 {
			t.Fatalf("ask for access: %d\n%s", w.Code, w.Body)
		}
		contains(t, "access asked", w.Body.String(), "Check your inbox")
		m, ok := rf.mail.Last()
		if !ok || m.To[0] != readerEmail {
			t.Fatalf("access link mail: %v %+v", ok, m)
		}
		sm := accessLinkRE.FindStringSubmatch(m.Text)
		if sm == nil {
			t.Fatalf("no access link in:\n%s", m.Text)
		}
		data := sm[1]

		w = rf.get(t, data)
		if w.Code != 200 {
			t.Fatalf("data page: %d\n%s", w.Code, w.Body)
		}
		private(t, "data page", w)
		contains(t, "data page", w.Body.String(), readerEmail, "Download my data", "Erase my data", `name="confirm"`)

		// Download: a JSON attachment with the address and consent history.
		w = rf.post(t, data+"/download", nil)
		if w.Code != 200 || w.Header().Get("Content-Type") != "application/json" ||
			!strings.HasPrefix(w.Header().Get("Content-Disposition"), "attachment;") {
			t.Fatalf("download: %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Header().Get("Content-Disposition"))
		}
		private(t, "download", w)
		var exp newsletter.Export
		if err := json.Unmarshal(w.Body.Bytes(), &exp); err != nil {
			t.Fatal(err)
		}
		if exp.Email != readerEmail || len(exp.Consent) == 0 || exp.Consent[0].Source != "launch list" || len(exp.Subscriptions) != 1 {
			t.Errorf("export: %+v", exp)
		}

		// Not with the preference link (it may be in a forwarded email),
		// not with an expired access link.
		expired := "/newsletters/data/" + rf.link(t, newsletter.Link{Purpose: newsletter.PurposeAccess, Expires: fixtureNow.Add(-time.Second)})
		for _, path := range []string{
			prefs + "/download",
			"/newsletters/data/" + strings.TrimPrefix(prefs, "/newsletters/preferences/") + "/download",
			expired + "/download",
			expired,
		} {
			method := http.MethodPost
			if !strings.HasSuffix(path, "/download") {
				method = http.MethodGet
			}
			var w *httptest.ResponseRecorder
			if method == http.MethodPost {
				w = rf.post(t, path, nil)
			} else {
				w = rf.get(t, path)
			}
			if w.Code != 404 && w.Code != 405 || strings.Contains(w.Body.String(), "consent_records") {
				t.Errorf("%s %s: %d\n%s", method, path, w.Code, w.Body)
			}
		}

		// Erasing asks for the box to be ticked first.
		w = rf.post(t, data+"/erase", nil)
		if w.Code != 400 || !strings.Contains(w.Body.String(), "Nothing was erased") {
			t.Errorf("erase without confirming: %d\n%s", w.Code, w.Body)
		}
		if _, err := rf.svc.Reader(ctx, rf.reader.ID); err != nil {
			t.Fatalf("erased without confirmation: %v", err)
		}
		if w := rf.post(t, data+"/erase", url.Values{"confirm": {"yes"}}, "Sec-Fetch-Site", "cross-site"); w.Code != 403 {
			t.Errorf("cross-site erase: %d", w.Code)
		}
		w = rf.post(t, data+"/erase", url.Values{"confirm": {"yes"}})
		if w.Code != 200 {
			t.Fatalf("erase: %d\n%s", w.Code, w.Body)
		}
		private(t, "erase", w)
		contains(t, "erased", w.Body.String(), "Your data is erased", "What we kept, and why", "suppression list", "consent")
		if _, err := rf.svc.Reader(ctx, rf.reader.ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("reader after erasure: %v", err)
		}
		if sup, err := rf.svc.Suppressed(ctx, readerEmail); err != nil || !sup {
			t.Errorf("suppressed after erasure: %v %v", sup, err)
		}
		recs := rf.records(t)
		if len(recs) == 0 || recs[len(recs)-1].Action != newsletter.ActionErase || recs[0].ReaderID != 0 {
			t.Errorf("consent records after erasure: %+v", recs)
		}
		// A later sign-up does nothing.
		wording, err := rf.svc.ConsentVersion(ctx, "We send the newsletters you choose.")
		if err != nil {
			t.Fatal(err)
		}
		if err := rf.svc.Subscribe(ctx, newsletter.SignUp{Email: readerEmail, NewsletterIDs: []int64{rf.weekly}, Source: "/newsletters", Client: "192.0.2.1",
			ConsentVersion: wording}); err != nil {
			t.Fatal(err)
		}
		if _, err := rf.svc.ReaderByEmail(ctx, readerEmail); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("a sign-up after erasure made a reader: %v", err)
		}
		// The old links now find nobody.
		if w := rf.get(t, data); w.Code != 404 {
			t.Errorf("access link after erasure: %d", w.Code)
		}
		if w := rf.get(t, prefs); w.Code != 404 {
			t.Errorf("preference link after erasure: %d", w.Code)
		}
	})
}

func TestOneClickUnsubscribe(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rf := newReaderFixture(t, db)
		if _, err := rf.svc.Import(ctx, readerEmail, []int64{rf.daily}, 0, newsletter.Meta{Method: newsletter.MethodImport, Source: "launch list"}); err != nil {
			t.Fatal(err)
		}
		unsub := "/newsletters/unsubscribe/" + rf.link(t, newsletter.Link{Purpose: newsletter.PurposeUnsubscribe, NewsletterID: rf.weekly})

		// GET asks and never unsubscribes, however often scanners open it.
		for range 2 {
			w := rf.get(t, unsub)
			if w.Code != 200 {
				t.Fatalf("GET unsubscribe: %d\n%s", w.Code, w.Body)
			}
			private(t, "GET unsubscribe", w)
			contains(t, "GET unsubscribe", w.Body.String(), "Unsubscribe from The Saturday Guide", `method="post" action="`+unsub+`"`)
		}
		if got := rf.statuses(t); got[rf.weekly] != newsletter.StatusConfirmed {
			t.Fatalf("GET unsubscribed: %v", got)
		}

		oneClick := url.Values{"List-Unsubscribe": {"One-Click"}}
		// A mail provider's server: no cookies, no browser headers.
		w := rf.post(t, unsub, oneClick, "-", "")
		if w.Code != 200 || w.Header().Get("Location") != "" {
			t.Fatalf("one-click: %d, Location %q\n%s", w.Code, w.Header().Get("Location"), w.Body)
		}
		private(t, "one-click", w)
		contains(t, "one-click", w.Body.String(), "You are unsubscribed", "The Saturday Guide", `href="/newsletters/preferences/`)
		if got := rf.statuses(t); got[rf.weekly] != newsletter.StatusUnsubscribed || got[rf.daily] != newsletter.StatusConfirmed {
			t.Fatalf("after one-click: %v", got)
		}
		recs := rf.records(t)
		last := recs[len(recs)-1]
		if last.Action != newsletter.ActionUnsubscribe || last.Method != newsletter.MethodOneClick || last.NewsletterID != rf.weekly || last.Source != "/newsletters/unsubscribe/" {
			t.Errorf("one-click record: %+v", last)
		}

		// Again, from a provider that sends its own Origin: 200, nothing more.
		for _, h := range [][]string{
			{"Origin", "https://mail.provider.example"},
			{"Origin", "https://mail.provider.example", "Sec-Fetch-Site", "cross-site"},
		} {
			w := rf.post(t, unsub, oneClick, h...)
			if w.Code != 200 || w.Header().Get("Location") != "" {
				t.Errorf("one-click with %v: %d\n%s", h, w.Code, w.Body)
			}
		}
		if n := len(rf.records(t)); n != len(recs) {
			t.Errorf("repeating the one-click added %d records", n-len(recs))
		}

		// The page's button (a browser on the site) unsubscribes the same way.
		daily := "/newsletters/unsubscribe/" + rf.link(t, newsletter.Link{Purpose: newsletter.PurposeUnsubscribe, NewsletterID: rf.daily})
		if w := rf.post(t, daily, nil); w.Code != 200 {
			t.Errorf("button: %d", w.Code)
		}
		if got := rf.statuses(t); got[rf.daily] != newsletter.StatusUnsubscribed {
			t.Errorf("after the button: %v", got)
		}

		// An erased reader's link: 200, nothing to do.
		if err := rf.svc.Erase(ctx, rf.reader.ID, newsletter.Meta{Method: newsletter.MethodStaff, Source: "request"}); err != nil {
			t.Fatal(err)
		}
		w = rf.post(t, unsub, oneClick, "-", "")
		if w.Code != 200 || w.Header().Get("Location") != "" {
			t.Errorf("one-click of an erased reader: %d\n%s", w.Code, w.Body)
		}
		contains(t, "erased one-click", w.Body.String(), "not on our lists any more")
	})
}
