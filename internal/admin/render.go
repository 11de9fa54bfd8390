package admin

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageTemplate is one page: the layout and partials plus the page's own
// "content" block.
type pageTemplate struct{ t *template.Template }

// parsePages parses every page once, each in its own set so that pages can
// all define "content". Templates get what they need from the page's
// methods, not from a function map.
func parsePages() (map[string]*pageTemplate, error) {
	base, err := template.New("base").ParseFS(templateFS, "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("admin: parse layout: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*pageTemplate{}
	for _, n := range names {
		if strings.HasPrefix(path.Base(n), "_") {
			continue
		}
		t, err := base.Clone()
		if err == nil {
			t, err = t.ParseFS(templateFS, n)
		}
		if err != nil {
			return nil, fmt.Errorf("admin: parse %s: %w", n, err)
		}
		pages[strings.TrimSuffix(path.Base(n), ".html")] = &pageTemplate{t: t}
	}
	return pages, nil
}

// page is what every template gets: the common frame plus Data, the page's
// own view.
type page struct {
	Title  string
	Nav    string // the main menu entry to mark as current
	Notice string // a confirmation shown at the top
	Data   any

	// Set by render.
	Session  *auth.Session
	CSRF     string
	CSS      string
	SiteName string
	Loc      *time.Location
	// Newsletters is whether the newsletter pages are there; Campaigns
	// whether the send pages are.
	Newsletters bool
	Campaigns   bool
	// Script loads the admin script (the live progress of a send).
	Script bool
	JS     string
	// Editor loads the rich editor's script and stylesheet (the article page).
	Editor              bool
	EditorJS, EditorCSS string
	// Refresh, when set, reloads the page after that many seconds in a
	// browser without JavaScript (a send in progress).
	Refresh int
	// Jobs is whether the background jobs page is there; Analytics
	// whether the analytics pages are.
	Jobs      bool
	Analytics bool

	// Errors are field messages; Problem is a message about the whole form.
	Errors   apperr.Fields
	Problem  string
	Problems []content.Problem // pre-publish checks, on the editor
}

func (p *page) setError(err error) {
	var f apperr.Fields
	if errors.As(err, &f) {
		p.Errors = f
		if p.Problem == "" {
			p.Problem = "Some fields need changing before this can be saved."
		}
		return
	}
	if msg := apperr.Message(err); msg != "" {
		p.Problem = msg
	}
}

// User is the signed-in user, nil when signed out.
func (p *page) User() *auth.User {
	if p.Session == nil {
		return nil
	}
	return &p.Session.User
}

// Can reports whether the signed-in user has at least role min.
func (p *page) Can(min string) bool {
	return p.Session != nil && p.Session.User.Role.AtLeast(auth.Role(min))
}

// Checks lists the pre-publish problems that point at a field.
func (p *page) Checks(field string) []content.Problem {
	var out []content.Problem
	for _, pr := range p.Problems {
		if pr.Field == field {
			out = append(out, pr)
		}
	}
	return out
}

// HasOverridable reports whether a check failed that an editor may
// override: the repeated text checks.
func (p *page) HasOverridable() bool {
	for _, pr := range p.Problems {
		if pr.Overridable {
			return true
		}
	}
	return false
}

type fieldMessage struct{ Field, Anchor, Message string }

// ErrorList is the error summary: each message linking to its field.
func (p *page) ErrorList() []fieldMessage {
	out := make([]fieldMessage, 0, len(p.Errors))
	for f, m := range p.Errors {
		out = append(out, fieldMessage{Field: f, Anchor: anchorOf(f), Message: m})
	}
	sort.Slice(out, func(i, j int) bool {
		oi, oj := fieldRank(out[i].Field), fieldRank(out[j].Field)
		if oi != oj {
			return oi < oj
		}
		return out[i].Field < out[j].Field
	})
	return out
}

// fieldOrder is the order fields appear in on the forms, so the error
// summary reads in the same order as the page.
var fieldOrder = []string{"headline", "standfirst", "body", "action", "schedule_at", "section", "series", "topics", "slug",
	"authors", "seo_title", "social_title", "social_description", "lead_image", "lead_alt", "lead_caption", "lead_credit", "lead_crop", "lead_focus", "correction", "note_kind", "note_text", "current_password", "name", "email", "password",
	"password2", "role", "tagline", "description", "time_zone", "base_url", "support_text", "support_url", "postal_address", "privacy_notice",
	"cadence", "sender_name", "sender_email", "reply_to", "list_id", "position", "reason",
	"newsletter", "articles", "subject", "preheader", "intro", "addresses", "scheduled_at"}

func fieldRank(f string) int {
	for i, x := range fieldOrder {
		if x == f {
			return i
		}
	}
	return len(fieldOrder)
}

// anchorOf is the id of the control a field's message links to.
func anchorOf(field string) string {
	switch field {
	case "authors":
		return "author1"
	case "image":
		return "lead_image"
	case "action":
		return "actions"
	}
	return field
}

// Describe gives a control its aria-describedby (hints, then its error and
// checks) and aria-invalid when it has an error.
func (p *page) Describe(field string, hints ...string) template.HTMLAttr {
	ids := append([]string(nil), hints...)
	invalid := p.Errors[field] != ""
	if invalid {
		ids = append(ids, field+"-error")
	}
	if len(p.Checks(field)) > 0 {
		ids = append(ids, field+"-checks")
	}
	var b strings.Builder
	if len(ids) > 0 {
		fmt.Fprintf(&b, `aria-describedby="%s"`, template.HTMLEscapeString(strings.Join(ids, " ")))
	}
	if invalid {
		b.WriteString(` aria-invalid="true"`)
	}
	return template.HTMLAttr(b.String())
}

type fieldState struct {
	Name, Error string
	Checks      []content.Problem
}

// Field is what the "msg" template shows for a field.
func (p *page) Field(name string) fieldState {
	return fieldState{Name: name, Error: p.Errors[name], Checks: p.Checks(name)}
}

// Current marks the main menu entry of the page.
func (p *page) Current(nav string) template.HTMLAttr {
	if p.Nav == nav {
		return `aria-current="page"`
	}
	return ""
}

type nameSlug struct {
	Page       *page
	Name, Slug string
}

// imageField is what the "imagefield" template needs: an image upload
// with the current image, if any, and a box to remove it.
type imageField struct {
	Page   *page
	Name   string         // form field of the file; remove_<Name> removes the current one
	Noun   string         // "photo", "logo", "image"
	Upload string         // label while there is no image
	Image  *content.Image // the current image, or nil
	Small  bool           // a small preview
}

// ImageField is what the "imagefield" template needs.
func (p *page) ImageField(name, noun, upload string, img *content.Image, small bool) imageField {
	return imageField{Page: p, Name: name, Noun: noun, Upload: upload, Image: img, Small: small}
}

type roleField struct {
	Page     *page
	Selected auth.Role
	Roles    []auth.Role
}

// RoleField is what the "rolefield" template needs.
func (p *page) RoleField(selected auth.Role) roleField {
	return roleField{Page: p, Selected: selected, Roles: auth.Roles}
}

// NameSlug is what the "namefields" template needs.
func (p *page) NameSlug(name, slug string) nameSlug { return nameSlug{Page: p, Name: name, Slug: slug} }

type articleTable struct {
	Rows []articleRow
	Page *page
}

// Table is what the "articletable" template needs.
func (p *page) Table(rows []articleRow) articleTable { return articleTable{Rows: rows, Page: p} }

// Time shows a time in the publication's zone; zero shows nothing.
func (p *page) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(p.location()).Format("2 Jan 2006, 15:04")
}

// ISO is a time for a datetime attribute.
func (p *page) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Zone names the publication's time zone.
func (p *page) Zone() string { return p.location().String() }

func (p *page) location() *time.Location {
	if p.Loc == nil {
		return time.UTC
	}
	return p.Loc
}

// render fills in the frame and writes the page, buffered, so a template
// error is an error and never half a page.
func (a *Admin) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) error {
	pt, ok := a.pages[name]
	if !ok {
		return fmt.Errorf("admin: no page %q", name)
	}
	p.Session = sessionFrom(r.Context())
	if p.Session != nil {
		p.CSRF = p.Session.CSRFToken
	} else {
		p.CSRF = a.formToken.Token(w, r)
	}
	p.CSS = a.assets.cssURL
	p.Newsletters = a.newsletters != nil
	p.Campaigns = a.campaigns != nil
	if p.Script {
		p.JS = a.assets.jsURL
	}
	if p.Editor {
		p.EditorJS, p.EditorCSS = a.assets.editorJSURL, a.assets.editorCSSURL
	}
	p.Jobs = a.jobs != nil
	p.Analytics = a.analytics != nil
	p.SiteName = "Masthead"
	if st, err := a.store.GetSettings(r.Context()); err == nil {
		if st.Name != "" {
			p.SiteName = st.Name
		}
		if p.Loc == nil {
			p.Loc = st.Location()
		}
	}
	var buf bytes.Buffer
	if err := pt.t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("admin: render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// ok renders a page with status 200.
func (a *Admin) ok(w http.ResponseWriter, r *http.Request, name string, p *page) error {
	return a.render(w, r, http.StatusOK, name, p)
}

// seeOther redirects after a successful POST.
func seeOther(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
