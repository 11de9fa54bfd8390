package site

import (
	"context"
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
	"masthead/internal/httpx"
	"masthead/internal/newsletter"
	"masthead/internal/ratelimit"
	"masthead/internal/web"
)

// Newsletters is what the sign-up pages need from the newsletter service;
// *newsletter.Service is one.
type Newsletters interface {
	Newsletters(ctx context.Context) ([]newsletter.Newsletter, error)
	Sectors(ctx context.Context) ([]newsletter.Sector, error)
	ConsentVersion(ctx context.Context, text string) (int64, error)
	Subscribe(ctx context.Context, in newsletter.SignUp) error
	Confirm(ctx context.Context, token string) (newsletter.Confirmed, error)
	Signer(ctx context.Context) (*newsletter.Signer, error)
}

// Paths of the sign-up (decision 0020).
const (
	subscribePath      = "/newsletters/subscribe"
	embedPath          = "/newsletters/embed"
	embedSubscribePath = "/newsletters/embed/subscribe"
	// honeypotField is the field people never see: a bot that fills in
	// every field fills it in, and is answered as if it had signed up.
	honeypotField = "website"
	// embedCSP lets any page frame the embeddable form, and only it: its
	// one effect is to start a double opt-in, which a forged post could do
	// anyway (decision 0020).
	embedCSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors *"
)

// signUpForm is one sign-up form as every reader sees it: built once per
// Purge with the shared data, so a page that shows it costs no query.
type signUpForm struct {
	Newsletters []newsletter.Newsletter
	Sectors     []newsletter.Sector // active ones, in order
	Intro       string
	SectorHint  string
	Notice      string // the short privacy notice
	Version     int64  // of the consent wording: all of the above, as shown
}

// signUpWording is the consent text of a form: every sentence and label it
// shows, in order, so the consent record says exactly what the reader read.
func (f *signUpForm) wording() string {
	var b strings.Builder
	b.WriteString(f.Intro)
	for _, n := range f.Newsletters {
		b.WriteString("\n[ ] ")
		b.WriteString(n.Name)
		if n.Description != "" {
			b.WriteString(": " + n.Description)
		}
		if n.Cadence != "" {
			b.WriteString(" (" + n.Cadence + ")")
		}
	}
	b.WriteString("\nEmail address")
	if len(f.Sectors) > 0 {
		b.WriteString("\nJob sector (optional): " + f.SectorHint)
	}
	b.WriteString("\n" + f.Notice + " Privacy notice: /privacy")
	return b.String()
}

// formView is a sign-up form on one page: the shared form, where it posts
// and what this reader typed and got wrong.
type formView struct {
	Form      *signUpForm
	Action    string
	Source    string
	Heading   string // "" on the newsletters page, which has its own
	Checked   map[int64]bool
	Email     string
	Sector    int64
	Errors    apperr.Fields
	HasErrors bool
}

// signUpPage is the data of the newsletter pages other than the form.
type signUpPage struct {
	Kind      string // "list", "inbox", "confirm", "confirmed", "expired", "embed"
	Form      *formView
	Names     []string // newsletters just confirmed
	PrefsURL  string
	ActionURL string
	Embed     bool // the page is framed: no chrome
	Days      int  // how long a confirmation link lasts
}

// loadSignUp builds the two forms: one on article pages (the newsletters
// offered there) and one on /newsletters (every public one).
func (s *Site) loadSignUp(ctx context.Context, sh *shared) error {
	if s.newsletters == nil {
		return nil
	}
	all, err := s.newsletters.Newsletters(ctx)
	if err != nil {
		return fmt.Errorf("site: newsletters: %w", err)
	}
	secs, err := s.newsletters.Sectors(ctx)
	if err != nil {
		return fmt.Errorf("site: sectors: %w", err)
	}
	var active []newsletter.Sector
	for _, sec := range secs {
		if sec.Active {
			active = append(active, sec)
		}
	}
	var public, onArticles []newsletter.Newsletter
	for _, n := range all {
		if n.Public {
			public = append(public, n)
			if n.OnArticles {
				onArticles = append(onArticles, n)
			}
		}
	}
	name := sh.Settings.Name
	build := func(list []newsletter.Newsletter) (*signUpForm, error) {
		if len(list) == 0 {
			return nil, nil
		}
		f := &signUpForm{Newsletters: list, Sectors: active,
			Intro: "Select and enter your email address.",
			SectorHint: "Tell us the sector you work in, if you like, so we can send you relevant job alerts and " +
				"tell you about the events and offers that fit your work. We use it for nothing else.",
			Notice: name + " uses your email address only to send the newsletters you choose, after you confirm from the " +
				"email we send you. Every newsletter has a link to change your choices, unsubscribe, or download and erase " +
				"what we hold about you. See our privacy notice for your rights."}
		v, err := s.newsletters.ConsentVersion(ctx, f.wording())
		if err != nil {
			return nil, err
		}
		f.Version = v
		return f, nil
	}
	if sh.articleForm, err = build(onArticles); err != nil {
		return err
	}
	if sh.articleForm != nil {
		// Rendered once here, not on every article page: the block is the
		// same on all of them but for its source (see articleSignUp).
		buf := getBuf()
		defer putBuf(buf)
		fv := &formView{Form: sh.articleForm, Action: subscribePath, Source: sourceMarker, Heading: "Newsletters"}
		if err := s.pages.chrome.ExecuteTemplate(buf, "signup", fv); err != nil {
			return fmt.Errorf("site: render the sign-up block: %w", err)
		}
		if n := strings.Count(buf.String(), sourceMarker); n != 1 {
			return fmt.Errorf("site: the signup template shows the form's source %d times, want once (in its hidden field)", n)
		}
		sh.articleFormHTML = buf.String()
	}
	if sh.listForm, err = build(public); err != nil {
		return err
	}
	return nil
}

// sourceMarker stands for an article's address in the pre-rendered
// sign-up block; it needs no escaping in any HTML context.
const sourceMarker = "masthead-signup-source-0a9f"

// articleSignUp is the sign-up block of the article at path, from the
// block rendered once per Purge; "" when there is none.
func articleSignUp(sh *shared, path string) template.HTML {
	if sh.articleFormHTML == "" {
		return ""
	}
	// The block was rendered by html/template; path is escaped here for
	// the attribute it replaces the marker in.
	return template.HTML(strings.Replace(sh.articleFormHTML, sourceMarker, html.EscapeString(path), 1))
}

// newslettersPage lists every public newsletter with the form:
// GET /newsletters. It is cached like any page: the form carries no token.
func (s *Site) newslettersPage(ctx context.Context, r *http.Request, _ content.Cursor) (view, error) {
	sh, err := s.common(ctx)
	if err != nil {
		return view{}, err
	}
	d := s.pageData(sh, r, "Newsletters", "/newsletters")
	d.Description = "The newsletters of " + sh.Settings.Name + " and how to sign up."
	d.SignUp = &signUpPage{Kind: "list"}
	if sh.listForm != nil {
		d.SignUp.Form = &formView{Form: sh.listForm, Action: subscribePath, Source: "/newsletters"}
	}
	return view{page: "newsletters", data: d}, nil
}

// embed is the form other sites frame: GET /newsletters/embed, a page
// without the site's chrome whose CSP lets any page frame it.
func (s *Site) embed(w http.ResponseWriter, r *http.Request) error {
	sh, err := s.common(r.Context())
	if err != nil {
		return err
	}
	if sh.listForm == nil {
		return errNotFound
	}
	fv := &formView{Form: sh.listForm, Action: embedSubscribePath, Source: "embed"}
	return s.signUpResponse(w, r, sh, http.StatusOK, "Newsletters", &signUpPage{Kind: "embed", Form: fv, Embed: true}, false)
}

// subscribe handles a sign-up: POST /newsletters/subscribe (same site
// only) and POST /newsletters/embed/subscribe (from any site). Every
// outcome but a mistake in the form is the same "check your inbox" page.
func (s *Site) subscribe(embed bool) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		sh, err := s.common(ctx)
		if err != nil {
			return err
		}
		form, action, source := sh.listForm, subscribePath, "/newsletters"
		if embed {
			action, source = embedSubscribePath, "embed"
		} else if src := r.PostFormValue("source"); strings.HasPrefix(src, "/articles/") && len(src) < 300 {
			source = src
			if sh.articleForm != nil {
				form = sh.articleForm
			}
		}
		if form == nil {
			return errNotFound
		}
		done := &signUpPage{Kind: "inbox", Embed: embed, Days: int(newsletter.ConfirmLifetime / (24 * time.Hour))}
		if r.PostFormValue(honeypotField) != "" {
			return s.signUpResponse(w, r, sh, http.StatusOK, "Check your inbox", done, false)
		}
		in := newsletter.SignUp{Email: strings.TrimSpace(r.PostFormValue("email")), Source: source, Client: s.proxies.ClientIP(r)}
		fv := &formView{Form: form, Action: action, Source: source, Email: in.Email, Checked: map[int64]bool{}, Errors: apperr.Fields{}}
		for _, v := range r.PostForm["newsletter"] {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 {
				fv.Errors.Add("newsletters", "Choose newsletters from the list.")
				continue
			}
			in.NewsletterIDs = append(in.NewsletterIDs, id)
			fv.Checked[id] = true
		}
		if v := r.PostFormValue("sector"); v != "" {
			if in.SectorID, err = strconv.ParseInt(v, 10, 64); err != nil || in.SectorID <= 0 {
				fv.Errors.Add("sector", "Choose a sector from the list, or none.")
				in.SectorID = 0
			}
			fv.Sector = in.SectorID
		}
		in.ConsentVersion, _ = strconv.ParseInt(r.PostFormValue("consent_version"), 10, 64)
		err = fv.Errors.Err()
		if err == nil {
			err = s.newsletters.Subscribe(ctx, in)
		}
		var bad apperr.Fields
		if errors.As(err, &bad) {
			for k, v := range bad {
				fv.Errors.Add(k, v)
			}
			if msg := fv.Errors["consent_version"]; msg != "" {
				// The page was older than the wording on record: show the
				// current wording and ask again.
				fv.Errors.Add("newsletters", msg+" Please check the form and send it again.")
			}
			fv.HasErrors = true
			p := &signUpPage{Kind: "list", Form: fv, Embed: embed}
			if embed {
				p.Kind = "embed"
			}
			return s.signUpResponse(w, r, sh, http.StatusUnprocessableEntity, "Newsletters: check the form", p, false)
		}
		if err != nil {
			return err
		}
		return s.signUpResponse(w, r, sh, http.StatusOK, "Check your inbox", done, false)
	}
}

// signUpLimit is the per-client limit of the sign-up forms, in front of the
// service's own (which answers like success, so as not to tell an address's
// state): a person who reaches it is told to wait.
func (s *Site) signUpLimit(h web.HandlerFunc) web.HandlerFunc {
	if s.limits == nil {
		return h
	}
	return web.Limit(s.limits, func(r *http.Request) []ratelimit.Rule {
		return []ratelimit.Rule{{Key: "signup-ip:" + web.ClientKey(s.proxies, r), Max: newsletter.MaxSignUpsPerClient, Window: time.Hour}}
	}, "You have sent this form many times in the last hour. Please wait a while before signing up again.", h)
}

// confirmPage asks the reader to press a button: GET
// /newsletters/confirm/{token}. Mail scanners fetch links; only the POST
// confirms.
func (s *Site) confirmPage(w http.ResponseWriter, r *http.Request) error {
	sh, err := s.common(r.Context())
	if err != nil {
		return err
	}
	action := newsletter.ConfirmPath + url.PathEscape(r.PathValue("token"))
	return s.signUpResponse(w, r, sh, http.StatusOK, "Confirm your subscription", &signUpPage{Kind: "confirm", ActionURL: action}, true)
}

// confirm uses the token: POST /newsletters/confirm/{token}.
func (s *Site) confirm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sh, err := s.common(ctx)
	if err != nil {
		return err
	}
	c, err := s.newsletters.Confirm(ctx, r.PathValue("token"))
	if apperr.KindOf(err) == apperr.NotFound {
		return s.signUpResponse(w, r, sh, http.StatusGone, "Link expired", &signUpPage{Kind: "expired"}, true)
	}
	if err != nil {
		return err
	}
	p := &signUpPage{Kind: "confirmed"}
	all, err := s.newsletters.Newsletters(ctx)
	if err != nil {
		return err
	}
	for _, id := range c.NewsletterIDs {
		for _, n := range all {
			if n.ID == id {
				p.Names = append(p.Names, n.Name)
			}
		}
	}
	signer, err := s.newsletters.Signer(ctx)
	if err != nil {
		return err
	}
	tok, err := signer.Sign(newsletter.Link{ReaderUID: c.Reader.UID, Purpose: newsletter.PurposePreferences})
	if err != nil {
		return err
	}
	p.PrefsURL = preferencesPath + tok
	return s.signUpResponse(w, r, sh, http.StatusOK, "You're subscribed", p, true)
}

// signUpResponse renders a sign-up page for this request only: never
// cached, not indexed; private says the address holds a token, which must
// not leak in a Referer.
func (s *Site) signUpResponse(w http.ResponseWriter, r *http.Request, sh *shared, status int, title string, p *signUpPage, private bool) error {
	d := s.pageData(sh, r, title, "")
	d.Canonical = ""
	d.NoIndex = true
	d.SignUp = p
	buf := getBuf()
	defer putBuf(buf)
	var err error
	if p.Embed {
		err = s.pages.executeAs(buf, "newsletters", "embed-layout", d)
	} else {
		err = s.execute(buf, view{page: "newsletters", data: d})
	}
	if err != nil {
		return fmt.Errorf("site: render %s: %w", r.URL.Path, err)
	}
	h := w.Header()
	h.Set("Content-Type", htmlType)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Robots-Tag", "noindex")
	if private {
		h.Set("Referrer-Policy", "no-referrer")
	}
	if p.Embed {
		h.Set("Content-Security-Policy", embedCSP)
	}
	defer httpx.HoldWrites(w, r)()
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, err = w.Write(buf.Bytes())
	}
	return err
}
