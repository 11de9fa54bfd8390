package site

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"masthead/internal/apperr"
	"masthead/internal/newsletter"
)

// Pages reached by signed links from emails: the preference centre, the
// reader's data (download and erasure) and unsubscribing (decision 0021).
// The token in the address is the reader's proof: these pages are never
// cached, ask not to be indexed and send no Referer, so the token stays
// between the reader and us.

// Readers is what the reader-link pages need; *newsletter.Service has it.
type Readers interface {
	Signer(ctx context.Context) (*newsletter.Signer, error)
	ReaderForLink(ctx context.Context, token string, purpose newsletter.Purpose) (newsletter.Reader, newsletter.Link, error)
	Newsletters(ctx context.Context) ([]newsletter.Newsletter, error)
	Newsletter(ctx context.Context, id int64) (newsletter.Newsletter, error)
	Sectors(ctx context.Context) ([]newsletter.Sector, error)
	Subscriptions(ctx context.Context, readerID int64) ([]newsletter.Subscription, error)
	ConsentVersion(ctx context.Context, text string) (int64, error)
	UpdatePreferences(ctx context.Context, readerID int64, p newsletter.Preferences, meta newsletter.Meta) error
	Unsubscribe(ctx context.Context, readerID, newsletterID int64, meta newsletter.Meta) error
	UnsubscribeAll(ctx context.Context, readerID int64, meta newsletter.Meta) error
	SendAccessLink(ctx context.Context, readerID int64) error
	ExportJSON(ctx context.Context, readerID int64) ([]byte, error)
	Erase(ctx context.Context, readerID int64, meta newsletter.Meta) error
}

// Where the pages are, as links in emails name them; consent records name
// them too, never with the token.
const (
	preferencesPath = newsletter.PreferencesPath
	unsubscribePath = newsletter.UnsubscribePath
)

// linkPage sets the headers of every answer to a signed link, error pages
// included: not stored anywhere, not indexed, no Referer to other sites.
func (s *Site) linkPage(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Cache-Control", "private, no-store")
		hd.Set("X-Robots-Tag", "noindex")
		hd.Set("Referrer-Policy", "no-referrer")
		h.ServeHTTP(w, r)
	})
}

// readerView is the data of the reader-link pages.
type readerView struct {
	Heading     string
	Message     string
	Email       string
	Token       string // the link's token, for the forms' actions
	PrefsToken  string // a preference-centre token, for links back to it
	Newsletters []prefNewsletter
	Sectors     []prefSector
	Wording     string
	Saved       bool
	Error       string
	Newsletter  string // the newsletter of an unsubscribe link
	Done        bool   // the unsubscribe has been done
	Kept        bool   // the erasure page: say what was kept
}

type prefNewsletter struct {
	ID          int64
	Name        string
	Description string
	Cadence     string
	Checked     bool
	Pending     bool // asked for on a form, not confirmed yet
}

type prefSector struct {
	ID       int64
	Name     string
	Selected bool
}

// writeReaderPage renders one of the reader-link pages with status.
func (s *Site) writeReaderPage(w http.ResponseWriter, r *http.Request, status int, page, title string, v *readerView) error {
	sh, err := s.common(r.Context())
	if err != nil {
		return err
	}
	d := s.pageData(sh, r, title, "")
	d.Canonical = "" // the address holds a token: no canonical, no og:url
	d.Reader = v
	buf := getBuf()
	defer putBuf(buf)
	if err := s.execute(buf, view{page: page, data: d}); err != nil {
		return fmt.Errorf("site: render %s: %w", page, err)
	}
	h := w.Header()
	h.Set("Content-Type", htmlType)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, err = w.Write(buf.Bytes())
	}
	return err
}

// badLink answers a link that is tampered with, expired, for another
// purpose or of an erased reader: 404 with a way on.
func (s *Site) badLink(w http.ResponseWriter, r *http.Request) error {
	return s.writeReaderPage(w, r, http.StatusNotFound, "reader-message", "Link not valid", &readerView{
		Heading: "This link does not work",
		Message: "The link is not valid, has expired, or its address is no longer on our lists. Use the link in a more recent email, or sign up again from the newsletters page.",
	})
}

// readerFor checks the path's token for purpose; ok is false when it
// answered a bad link itself.
func (s *Site) readerFor(w http.ResponseWriter, r *http.Request, purpose newsletter.Purpose) (newsletter.Reader, newsletter.Link, bool, error) {
	rd, l, err := s.readers.ReaderForLink(r.Context(), r.PathValue("token"), purpose)
	if apperr.KindOf(err) == apperr.NotFound {
		return rd, l, false, s.badLink(w, r)
	}
	return rd, l, err == nil, err
}

// prefsToken signs a preference-centre link for a reader reached by
// another link, so every page can lead back to the preference centre.
func (s *Site) prefsToken(ctx context.Context, rd newsletter.Reader) (string, error) {
	signer, err := s.readers.Signer(ctx)
	if err != nil {
		return "", err
	}
	return signer.Sign(newsletter.Link{ReaderUID: rd.UID, Purpose: newsletter.PurposePreferences})
}
