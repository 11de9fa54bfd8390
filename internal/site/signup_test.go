package site

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead/internal/httpx"
	"masthead/internal/mail/mailtest"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/ratelimit"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// signUpFixture is the site fixture with the newsletter service wired in
// as the application wires it: a public newsletter offered on article
// pages, a public one that is not, a hidden one, and a recording mailer.
type signUpFixture struct {
	*fixture
	svc                         *newsletter.Service
	q                           *queue.Queue
	mail                        *mailtest.Recorder
	onArticles, listOnly, staff int64
}

func newSignUpFixture(t testing.TB, db *store.DB, offerOnArticles bool, opts ...func(*Options)) *signUpFixture {
	t.Helper()
	ctx := context.Background()
	sf := &signUpFixture{mail: &mailtest.Recorder{}}
	now := func() time.Time { return fixtureNow }
	sf.svc = newsletter.NewService(newsletter.Options{Store: db, Mail: sf.mail, Now: now,
		Site: func(context.Context) (string, string) { return "The Northbridge Weekly", "https://news.example.org" }})
	sf.q = queue.New(db, slog.New(slog.DiscardHandler), queue.Options{Now: now})
	sf.svc.UseQueue(sf.q)
	for _, n := range []struct {
		id                 *int64
		name, cadence      string
		public, onArticles bool
	}{
		{&sf.onArticles, "The Saturday Guide", "every Saturday", true, offerOnArticles},
		{&sf.listOnly, "Policy Weekly", "every Thursday", true, false},
		{&sf.staff, "Staff Digest", "daily", false, false},
	} {
		var err error
		*n.id, err = sf.svc.SaveNewsletter(ctx, newsletter.Newsletter{Name: n.name, Cadence: n.cadence,
			Description: "About " + n.name + ".", SenderName: "The Northbridge Weekly", SenderEmail: "news@northbridge.example",
			Public: n.public, OnArticles: n.onArticles})
		if err != nil {
			t.Fatal(err)
		}
	}
	sf.fixture = newFixture(t, db, func(o *Options) {
		o.Newsletters = sf.svc
		o.Readers = sf.svc
		o.Limits = ratelimit.New(db, now)
		for _, fn := range opts {
			fn(o)
		}
	})
	return sf
}

// post sends a form to the site, from the site itself unless header says
// otherwise.
func (sf *signUpFixture) post(t *testing.T, path string, form url.Values, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	sf.h.ServeHTTP(w, r)
	return w
}

var versionRE = regexp.MustCompile(`name="consent_version" value="(\d+)"`)

// formFrom returns a filled-in sign-up as the page at path offers it.
func (sf *signUpFixture) formFrom(t *testing.T, path, email string, ids ...int64) url.Values {
	t.Helper()
	w := sf.get(t, path)
	m := versionRE.FindStringSubmatch(body(t, w))
	if m == nil {
		t.Fatalf("%s has no consent version in its form", path)
	}
	v := url.Values{"email": {email}, "consent_version": {m[1]}, "source": {path}}
	for _, id := range ids {
		v.Add("newsletter", strconv.FormatInt(id, 10))
	}
	return v
}

func (sf *signUpFixture) drain(t *testing.T) {
	t.Helper()
	if err := sf.q.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

var confirmRE = regexp.MustCompile(`https://news\.example\.org(/newsletters/confirm/[A-Za-z0-9_-]+)`)

// confirmPaths returns the confirmation links mailed to addr.
func (sf *signUpFixture) confirmPaths(addr string) []string {
	var out []string
	for _, m := range sf.mail.Messages() {
		if m.To[0] == addr {
			if sm := confirmRE.FindStringSubmatch(m.Text); sm != nil {
				out = append(out, sm[1])
			}
		}
	}
	return out
}

func TestSignUpBlockOnArticlePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sf := newSignUpFixture(t, db, true)
		w := sf.get(t, "/articles/council-budget")
		if w.Code != 200 {
			t.Fatalf("status %d", w.Code)
		}
		page := body(t, w)
		contains(t, "article page", page,
			`<form class="signup" method="post" action="/newsletters/subscribe"`,
			"Select and enter your email address.",
			`<input type="checkbox" name="newsletter" value="`+strconv.FormatInt(sf.onArticles, 10)+`" id="signup-nl-`,
			"The Saturday Guide", "every Saturday", "About The Saturday Guide.",
			`<select name="sector"`, "Arts and Culture", "so we can send you relevant job alerts",
			"uses your email address only to send the newsletters you choose", `<a href="/privacy"`,
			`name="source" value="/articles/council-budget"`, `tabindex="-1"`, `aria-hidden="true"`)
		if strings.Contains(page, "checked") {
			t.Error("a newsletter box is ticked before the reader ticks it")
		}
		if strings.Contains(page, "Policy Weekly") || strings.Contains(page, "Staff Digest") {
			t.Error("the article form offers newsletters not offered on article pages")
		}
		// After the body, before the topics.
		if b, f, tp := strings.Index(page, `class="story-body"`), strings.Index(page, `class="signup"`), strings.Index(page, `class="topics"`); !(b < f && f < tp) {
			t.Errorf("sign-up block at %d, want between the body (%d) and the topics (%d)", f, b, tp)
		}
		if m := versionRE.FindStringSubmatch(page); m == nil || m[1] == "0" {
			t.Fatal("no consent version")
		} else {
			v, _ := strconv.ParseInt(m[1], 10, 64)
			text, err := db.ConsentText(context.Background(), v)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"Select and enter your email address.", "The Saturday Guide: About The Saturday Guide. (every Saturday)",
				"so we can send you relevant job alerts", "uses your email address only", "Privacy notice: /privacy"} {
				if !strings.Contains(text, want) {
					t.Errorf("consent text %d lacks %q:\n%s", v, want, text)
				}
			}
		}
	})
}

func TestNoSignUpBlockWithoutArticleNewsletters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sf := newSignUpFixture(t, db, false)
		page := body(t, sf.get(t, "/articles/council-budget"))
		if strings.Contains(page, "signup") || strings.Contains(page, "newsletter") {
			t.Error("the article page has a sign-up block though no newsletter is offered on article pages")
		}
		// /newsletters still lists the public ones.
		list := body(t, sf.get(t, "/newsletters"))
		contains(t, "/newsletters", list, "The Saturday Guide", "Policy Weekly", "every Thursday", "About Policy Weekly.", `action="/newsletters/subscribe"`)
		if strings.Contains(list, "Staff Digest") {
			t.Error("/newsletters lists a hidden newsletter")
		}
	})
}

func TestSignUpAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sf := newSignUpFixture(t, db, true)
		ctx := context.Background()

		t.Run("cross-site post refused", func(t *testing.T) {
			w := sf.post(t, "/newsletters/subscribe", sf.formFrom(t, "/articles/council-budget", "eve@example.org", sf.onArticles), "Sec-Fetch-Site", "cross-site")
			if w.Code != http.StatusForbidden {
				t.Fatalf("status %d, want 403", w.Code)
			}
			sf.drain(t)
			if len(sf.mail.Messages()) != 0 {
				t.Fatal("a cross-site post sent mail")
			}
		})

		t.Run("honeypot", func(t *testing.T) {
			form := sf.formFrom(t, "/articles/council-budget", "bot@example.org", sf.onArticles)
			form.Set("website", "http://spam.example")
			w := sf.post(t, "/newsletters/subscribe", form)
			if w.Code != 200 || !strings.Contains(body(t, w), "Check your inbox") {
				t.Fatalf("status %d, want the check-your-inbox page", w.Code)
			}
			sf.drain(t)
			if len(sf.mail.Messages()) != 0 {
				t.Fatal("a filled-in honeypot sent mail")
			}
			if _, err := sf.svc.ReaderByEmail(ctx, "bot@example.org"); err == nil {
				t.Fatal("a filled-in honeypot recorded a reader")
			}
		})

		t.Run("validation", func(t *testing.T) {
			for name, tc := range map[string]struct {
				edit  func(url.Values)
				field string
			}{
				"no newsletter":  {func(v url.Values) { v.Del("newsletter") }, "Choose at least one newsletter."},
				"bad address":    {func(v url.Values) { v.Set("email", "not-an-address") }, "email"},
				"unknown sector": {func(v url.Values) { v.Set("sector", "999999") }, "Choose a sector from the list, or none."},
				"hidden list":    {func(v url.Values) { v.Set("newsletter", strconv.FormatInt(sf.staff, 10)) }, "Choose newsletters from the list."},
				"no wording":     {func(v url.Values) { v.Set("consent_version", "0") }, "privacy wording"},
			} {
				t.Run(name, func(t *testing.T) {
					form := sf.formFrom(t, "/articles/council-budget", "typed@example.org", sf.onArticles)
					tc.edit(form)
					w := sf.post(t, "/newsletters/subscribe", form)
					page := body(t, w)
					if w.Code != http.StatusUnprocessableEntity {
						t.Fatalf("status %d, want 422", w.Code)
					}
					contains(t, "422 page", page, "The form was not sent", `class="field-error"`, `<form class="signup"`)
					if tc.field != "email" {
						contains(t, "422 page", page, tc.field, `value="typed@example.org"`)
					} else {
						contains(t, "422 page", page, `aria-invalid="true"`, `value="not-an-address"`)
					}
					if w.Header().Get("Cache-Control") != "private, no-store" {
						t.Errorf("Cache-Control %q", w.Header().Get("Cache-Control"))
					}
				})
			}
			sf.drain(t)
			if n := len(sf.mail.Messages()); n != 0 {
				t.Fatalf("invalid forms sent %d emails", n)
			}
			// What was ticked stays ticked.
			form := sf.formFrom(t, "/articles/council-budget", "x", sf.onArticles)
			if page := body(t, sf.post(t, "/newsletters/subscribe", form)); !strings.Contains(page, `id="signup-nl-`+strconv.FormatInt(sf.onArticles, 10)+`" checked`) {
				t.Error("the re-shown form lost the ticked newsletter")
			}
		})

		t.Run("same answer whatever the address's state", func(t *testing.T) {
			if _, err := sf.svc.Import(ctx, "known@example.org", []int64{sf.onArticles}, 0, newsletter.Meta{Method: newsletter.MethodStaff, Source: "test"}); err != nil {
				t.Fatal(err)
			}
			sup, err := newsletter.Normalize("gone@example.org")
			if err != nil {
				t.Fatal(err)
			}
			hash, err := sf.svc.SubjectHash(ctx, sup)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Suppress(ctx, hash, newsletter.ReasonBounced, fixtureNow); err != nil {
				t.Fatal(err)
			}
			var first string
			for _, addr := range []string{"new@example.org", "known@example.org", "gone@example.org"} {
				w := sf.post(t, "/newsletters/subscribe", sf.formFrom(t, "/articles/council-budget", addr, sf.onArticles))
				page := body(t, w)
				if w.Code != 200 || !strings.Contains(page, "Check your inbox") || !strings.Contains(page, "Open it within 7 days") {
					t.Fatalf("%s: status %d", addr, w.Code)
				}
				for _, h := range []string{"Cache-Control", "X-Robots-Tag"} {
					if want := map[string]string{"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"}[h]; w.Header().Get(h) != want {
						t.Errorf("%s: %s %q, want %q", addr, h, w.Header().Get(h), want)
					}
				}
				if first == "" {
					first = page
				} else if page != first {
					t.Errorf("%s got a different answer from a new address", addr)
				}
			}
			sf.drain(t)
			if got := sf.confirmPaths("new@example.org"); len(got) != 1 {
				t.Errorf("new address: %d confirmation emails, want 1", len(got))
			}
			if got := sf.confirmPaths("gone@example.org"); len(got) != 0 {
				t.Errorf("suppressed address: %d confirmation emails, want 0", len(got))
			}
		})
	})
}

// The limit counts by the client address the trusted proxy reports (the
// test's requests come from 192.0.2.1, the proxy).
func TestSignUpLimitPerClient(t *testing.T) {
	sf := newSignUpFixture(t, storetest.Open(t, storetest.SQLite), true, func(o *Options) {
		o.Proxies = httpx.NewProxies([]netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")})
	})
	form := sf.formFrom(t, "/articles/council-budget", "x", sf.onArticles) // invalid: changes nothing, still counted
	for i := 0; i < newsletter.MaxSignUpsPerClient; i++ {
		if w := sf.post(t, "/newsletters/subscribe", form, "X-Forwarded-For", "198.51.100.7"); w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("attempt %d: status %d", i+1, w.Code)
		}
	}
	w := sf.post(t, "/newsletters/subscribe", form, "X-Forwarded-For", "198.51.100.7")
	if w.Code != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", w.Code)
	}
	contains(t, "429 page", body(t, w), "Too many requests", "Please wait a while before signing up again.")
	// Inside another site's frame, the embedded form's 429 must be framable
	// too, or its reader sees an empty frame instead of the message.
	w = sf.post(t, "/newsletters/embed/subscribe", form, "X-Forwarded-For", "198.51.100.7")
	if csp := w.Header().Get("Content-Security-Policy"); w.Code != http.StatusTooManyRequests || !strings.Contains(csp, "frame-ancestors *") {
		t.Errorf("embedded form over the limit: status %d, CSP %q; want 429 that other sites may frame", w.Code, csp)
	}
	if w := sf.post(t, "/newsletters/subscribe", form, "X-Forwarded-For", "198.51.100.8"); w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("another client behind the same proxy: status %d, want its own limit", w.Code)
	}
}

func TestEmbeddableSignUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sf := newSignUpFixture(t, db, true)
		w := sf.get(t, "/newsletters/embed")
		page := body(t, w)
		if w.Code != 200 {
			t.Fatalf("status %d", w.Code)
		}
		contains(t, "embed", page, `action="/newsletters/embed/subscribe"`, "Policy Weekly", `name="source" value="embed"`)
		if strings.Contains(page, `class="masthead"`) {
			t.Error("the framed form carries the site's chrome")
		}
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") {
			t.Errorf("embed CSP %q does not let other sites frame it", csp)
		}
		// A post from another site is let through on the embed route only.
		form := sf.formFrom(t, "/newsletters/embed", "embedded@example.org", sf.listOnly)
		w = sf.post(t, "/newsletters/embed/subscribe", form, "Sec-Fetch-Site", "cross-site", "Origin", "https://partner.example")
		if w.Code != 200 || !strings.Contains(body(t, w), "Check your inbox") {
			t.Fatalf("cross-site embed post: status %d", w.Code)
		}
		sf.drain(t)
		if got := sf.confirmPaths("embedded@example.org"); len(got) != 1 {
			t.Fatalf("%d confirmation emails, want 1", len(got))
		}
		recs, err := db.ListConsentRecords(context.Background(), mustReader(t, sf, "embedded@example.org").ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) == 0 || recs[0].Source != "embed" {
			t.Errorf("consent records %+v, want the source embed", recs)
		}
	})
}

func mustReader(t *testing.T, sf *signUpFixture, email string) newsletter.Reader {
	t.Helper()
	r, err := sf.svc.ReaderByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestConfirmation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sf := newSignUpFixture(t, db, true)
		ctx := context.Background()
		form := sf.formFrom(t, "/articles/council-budget", "reader@example.org", sf.onArticles)
		if w := sf.post(t, "/newsletters/subscribe", form); w.Code != 200 {
			t.Fatalf("sign-up: status %d", w.Code)
		}
		sf.drain(t)
		links := sf.confirmPaths("reader@example.org")
		if len(links) != 1 {
			t.Fatalf("%d confirmation emails", len(links))
		}
		status := func() string {
			subs, err := sf.svc.Subscriptions(ctx, mustReader(t, sf, "reader@example.org").ID)
			if err != nil || len(subs) != 1 {
				t.Fatalf("subscriptions %v %v", subs, err)
			}
			return subs[0].Status
		}

		w := sf.get(t, links[0])
		page := body(t, w)
		if w.Code != 200 || !strings.Contains(page, "Confirm my subscription") || !strings.Contains(page, `method="post" action="`+links[0]+`"`) {
			t.Fatalf("GET: status %d\n%s", w.Code, page)
		}
		for h, want := range map[string]string{"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"} {
			if got := w.Header().Get(h); got != want {
				t.Errorf("GET: %s %q, want %q", h, got, want)
			}
		}
		if got := status(); got != newsletter.StatusPending {
			t.Fatalf("after GET: %s, want pending: fetching the link must not confirm", got)
		}

		if w := sf.post(t, links[0], nil, "Sec-Fetch-Site", "cross-site"); w.Code != http.StatusForbidden || status() != newsletter.StatusPending {
			t.Fatalf("cross-site confirm: status %d, subscription %s", w.Code, status())
		}

		w = sf.post(t, links[0], nil)
		page = body(t, w)
		if w.Code != 200 {
			t.Fatalf("POST: status %d", w.Code)
		}
		contains(t, "confirmed page", page, "You're subscribed to:", "<li>The Saturday Guide</li>", `href="/newsletters/preferences/`)
		if got := w.Header().Get("Referrer-Policy"); got != "no-referrer" {
			t.Errorf("POST: Referrer-Policy %q", got)
		}
		if got := status(); got != newsletter.StatusConfirmed {
			t.Fatalf("after POST: %s, want confirmed", got)
		}
		// The consent records name the article and the wording it showed.
		recs, err := db.ListConsentRecords(ctx, mustReader(t, sf, "reader@example.org").ID)
		if err != nil || len(recs) != 2 {
			t.Fatalf("consent records %+v, %v", recs, err)
		}
		for _, rec := range recs {
			if rec.Source != "/articles/council-budget" || strconv.FormatInt(rec.ConsentVersion, 10) != form.Get("consent_version") {
				t.Errorf("consent record %+v, want the article and wording %s", rec, form.Get("consent_version"))
			}
		}
		// The preference link is a valid signed link for this reader.
		tok := regexp.MustCompile(`/newsletters/preferences/([A-Za-z0-9_-]+)`).FindStringSubmatch(page)[1]
		if r, _, err := sf.svc.ReaderForLink(ctx, tok, newsletter.PurposePreferences); err != nil || r.Email != "reader@example.org" {
			t.Errorf("preference link: %v %v", r.Email, err)
		}
		if w := sf.get(t, newsletter.PreferencesPath+tok); w.Code != 200 || !strings.Contains(body(t, w), "The Saturday Guide") {
			t.Errorf("the preference centre from the confirmed page: status %d", w.Code)
		}

		w = sf.post(t, links[0], nil)
		if w.Code != http.StatusGone {
			t.Fatalf("used link: status %d, want 410", w.Code)
		}
		contains(t, "used link", body(t, w), "expired or was already used", `href="/newsletters"`)
		if w := sf.post(t, "/newsletters/confirm/nonsense", nil); w.Code != http.StatusGone {
			t.Fatalf("unknown token: status %d, want 410", w.Code)
		}
	})
}

// The forms come from shared data: a newsletter added shows after the
// next Purge, with a new consent wording version, and not before.
func TestSignUpFormFollowsPurge(t *testing.T) {
	sf := newSignUpFixture(t, storetest.Open(t, storetest.SQLite), true)
	before := body(t, sf.get(t, "/articles/council-budget"))
	if _, err := sf.svc.SaveNewsletter(context.Background(), newsletter.Newsletter{Name: "Events and Offers", Cadence: "twice a month",
		SenderName: "The Northbridge Weekly", SenderEmail: "news@northbridge.example", Public: true, OnArticles: true}); err != nil {
		t.Fatal(err)
	}
	if page := body(t, sf.get(t, "/articles/council-budget")); strings.Contains(page, "Events and Offers") {
		t.Fatal("the cached page changed before a Purge")
	}
	sf.site.Purge()
	after := body(t, sf.get(t, "/articles/council-budget"))
	contains(t, "article after Purge", after, "Events and Offers", "twice a month", "The Saturday Guide")
	if versionRE.FindStringSubmatch(before)[1] == versionRE.FindStringSubmatch(after)[1] {
		t.Error("the wording changed but its consent version did not")
	}
}
