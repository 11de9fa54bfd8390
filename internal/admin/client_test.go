package admin_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// client is one browser: its own cookies, the last form token it saw, and
// no automatic redirects so tests see them.
type client struct {
	t    testing.TB
	app  *app
	hc   *http.Client
	csrf string
}

func (a *app) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: a.t, app: a, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// signIn returns a client signed in as email.
func (a *app) signIn(email string) *client {
	a.t.Helper()
	c := a.client()
	c.get("/admin/login")
	r := c.post("/admin/login", url.Values{"email": {email}, "password": {password}})
	if r.status != http.StatusSeeOther {
		a.t.Fatalf("sign in as %s: status %d\n%s", email, r.status, r.body)
	}
	c.get("/admin")
	return c
}

type resp struct {
	status int
	body   string
	header http.Header
}

func (r resp) location() string { return r.header.Get("Location") }

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (c *client) do(req *http.Request) resp {
	c.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if m := csrfRE.FindSubmatch(body); m != nil {
		c.csrf = string(m[1])
	}
	return resp{status: res.StatusCode, body: string(body), header: res.Header}
}

func (c *client) get(path string) resp {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.app.srv.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

// post sends a form with the client's token unless form sets "csrf" itself.
func (c *client) post(path string, form url.Values, headers ...string) resp {
	c.t.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	}
	req, err := http.NewRequest(http.MethodPost, c.app.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.do(req)
}

// postFile sends a multipart form with one file, and the client's token.
func (c *client) postFile(path string, form url.Values, field, name string, data []byte) resp {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	}
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		c.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.app.srv.URL+path, &buf)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// articleForm is an editor form that saves cleanly.
func articleForm(section, author int64, headline, body, action string) url.Values {
	return url.Values{"headline": {headline}, "standfirst": {"A standfirst for " + headline + "."},
		"section": {strconv.FormatInt(section, 10)}, "author1": {strconv.FormatInt(author, 10)},
		"body": {body}, "action": {action}}
}

var savedRE = regexp.MustCompile(`^/admin/articles/(\d+)\?done=`)

// savedID is the id of the article a successful save redirected to.
func savedID(t testing.TB, r resp) int64 {
	t.Helper()
	m := savedRE.FindStringSubmatch(r.location())
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("save: status %d, location %q\n%s", r.status, r.location(), r.body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func wantStatus(t testing.TB, r resp, status int, what string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, r.status, status, r.body)
	}
}

func wantBody(t testing.TB, r resp, what string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(r.body, w) {
			t.Errorf("%s: page does not contain %q", what, w)
		}
	}
}

func itoa(id int64) string { return fmt.Sprint(id) }
