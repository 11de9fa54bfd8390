package browsertest_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"masthead/internal/browsertest"
)

// strictCSP is the kind of policy Masthead's pages send: no inline scripts.
const strictCSP = "default-src 'self'; script-src 'self'"

// The inline script would change the title if the browser ran it; under
// strictCSP it must not, which shows the policy is in force when axe-core runs.
const badPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Bad page</title>
<script>document.title = "inline script ran";</script>
</head>
<body>
<main>
<h1>A photo</h1>
<img src="/pixel.png">
</main>
</body>
</html>`

const formPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Subscribe</title></head>
<body>
<main>
<h1>Subscribe</h1>
<img src="/pixel.png" alt="A red dot">
<form method="post" action="/subscribe">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="email">
<button type="submit">Subscribe</button>
</form>
</main>
</body>
</html>`

const thanksPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Thanks</title></head>
<body><main><h1>Thanks</h1><p>Check your inbox.</p></main></body>
</html>`

const tallPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Tall</title><link rel="stylesheet" href="/tall.css"></head>
<body><main><h1>Tall</h1><div class="tall"></div></main></body>
</html>`

// site is a small server that sends strictCSP on every response and records
// the addresses posted to /subscribe.
type site struct {
	*httptest.Server
	mu     sync.Mutex
	posted []string
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{}
	pixel := redPixelPNG(t)
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("GET /bad", page(badPage))
	mux.Handle("GET /subscribe", page(formPage))
	mux.Handle("GET /thanks", page(thanksPage))
	mux.Handle("GET /tall", page(tallPage))
	mux.HandleFunc("GET /tall.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		fmt.Fprint(w, ".tall { height: 3000px; }")
	})
	mux.HandleFunc("GET /pixel.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pixel)
	})
	mux.HandleFunc("POST /subscribe", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.posted = append(s.posted, r.PostFormValue("email"))
		s.mu.Unlock()
		http.Redirect(w, r, "/thanks", http.StatusSeeOther)
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", strictCSP)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) postedEmails() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.posted...)
}

func redPixelPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 1, 1))
	img.Set(0, 0, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAxe(t *testing.T) {
	s := newSite(t)
	b := browsertest.Start(t)

	t.Run("finds an image without alt text under a strict CSP", func(t *testing.T) {
		ctx := b.NewTab(t)
		if got := browsertest.Navigate(t, ctx, s.URL+"/bad"); got != http.StatusOK {
			t.Fatalf("status = %d, want 200", got)
		}
		title := browsertest.Eval[string](t, ctx, "document.title")
		if title != "Bad page" {
			t.Fatalf("title = %q: the inline script ran, so the page's CSP is not in force", title)
		}

		vs := b.Axe(t, ctx)
		var found *browsertest.Violation
		for i, v := range vs {
			if v.ID == "image-alt" {
				found = &vs[i]
			} else {
				t.Errorf("unexpected violation %s", v)
			}
		}
		if found == nil {
			t.Fatalf("axe found %d violations, none of them image-alt: %v", len(vs), vs)
		}
		if found.Impact != "critical" || found.Help == "" || !strings.HasPrefix(found.HelpURL, "https://") {
			t.Errorf("image-alt violation lacks details: %+v", *found)
		}
		if len(found.Nodes) != 1 {
			t.Fatalf("image-alt nodes = %+v, want the one img", found.Nodes)
		}
		n := found.Nodes[0]
		if len(n.Target) != 1 || !strings.Contains(n.Target[0], "img") || !strings.HasPrefix(n.HTML, "<img") {
			t.Errorf("image-alt node = %+v, want a selector and the html of the img", n)
		}
	})

	t.Run("finds nothing on a clean page", func(t *testing.T) {
		ctx := b.NewTab(t)
		browsertest.Navigate(t, ctx, s.URL+"/subscribe")
		if vs := b.Axe(t, ctx); len(vs) != 0 {
			t.Errorf("axe found violations on a clean page:\n%v", vs)
		}
		browsertest.AssertNoAxeViolations(t, ctx)
	})

	t.Run("AssertNoAxeViolations reports each violation", func(t *testing.T) {
		ctx := b.NewTab(t)
		browsertest.Navigate(t, ctx, s.URL+"/bad")
		rec := &recorder{TB: t}
		browsertest.AssertNoAxeViolations(rec, ctx)
		if len(rec.errors) != 1 {
			t.Fatalf("AssertNoAxeViolations reported %d errors, want 1: %q", len(rec.errors), rec.errors)
		}
		msg := rec.errors[0]
		for _, want := range []string{"1 accessibility violations", s.URL + "/bad", "image-alt (critical)", "<img", "Fix any of the following"} {
			if !strings.Contains(msg, want) {
				t.Errorf("report lacks %q:\n%s", want, msg)
			}
		}
	})
}

// recorder is a testing.TB that records Errorf calls instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestFormSubmissionReachesServer(t *testing.T) {
	s := newSite(t)
	b := browsertest.Start(t)
	ctx := b.Ctx()

	browsertest.Navigate(t, ctx, s.URL+"/subscribe")
	browsertest.SendKeys(t, ctx, "#email", "reader@example.com")
	if got := browsertest.ClickAndWait(t, ctx, "button[type=submit]"); got != http.StatusOK {
		t.Errorf("status after submit = %d, want 200", got)
	}

	if got, want := s.postedEmails(), []string{"reader@example.com"}; !slices.Equal(got, want) {
		t.Errorf("server received %q, want %q", got, want)
	}
	if got, want := browsertest.Location(t, ctx), s.URL+"/thanks"; got != want {
		t.Errorf("location = %q, want %q", got, want)
	}
	if got := browsertest.Text(t, ctx, "h1"); got != "Thanks" {
		t.Errorf("heading = %q, want Thanks", got)
	}

	// SetValue replaces the value; a second submission carries it.
	browsertest.Navigate(t, ctx, s.URL+"/subscribe")
	browsertest.SetValue(t, ctx, "#email", "editor@example.com")
	browsertest.ClickAndWait(t, ctx, "button[type=submit]")
	if got, want := s.postedEmails(), []string{"reader@example.com", "editor@example.com"}; !slices.Equal(got, want) {
		t.Errorf("server received %q, want %q", got, want)
	}
}

func TestScreenshotIsFullPage(t *testing.T) {
	s := newSite(t)
	b := browsertest.Start(t)
	ctx := b.Ctx()
	browsertest.Navigate(t, ctx, s.URL+"/tall")

	path := filepath.Join(t.TempDir(), "shots", "tall.png")
	if err := browsertest.Screenshot(ctx, path); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if cfg.Height < 3000 {
		t.Errorf("screenshot is %dx%d, want the whole 3000px page", cfg.Width, cfg.Height)
	}
}
