package site

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/feedback"
	"masthead/internal/newsletter"
)

// What comes back from sent mail through the site (decision 0025): the
// open pixel, click redirects, and the mail provider's webhook. They use
// no session and set no cookie, and are never cached: each answer is
// about one reader.

// Feedback is what these routes need; *feedback.Service has it.
type Feedback interface {
	Unsubscribed(ctx context.Context, readerID int64, l newsletter.Link)
	Open(ctx context.Context, token string) error
	Click(ctx context.Context, token string, n int) (string, error)
	MailgunEnabled() bool
	Mailgun(ctx context.Context, body []byte) error
}

// Where emails point (the campaign sender builds the same addresses).
const (
	OpenPath           = "/newsletters/o/" // OpenPath + token + ".gif"
	ClickPath          = "/newsletters/c/" // ClickPath + token + "/" + n
	MailgunWebhookPath = "/webhooks/mailgun"
)

// pixel is a transparent 1×1 GIF.
var pixel = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

// open answers GET /newsletters/o/{file}, file being TOKEN.gif, with the
// pixel whatever the token, so no mail client shows a broken image, and
// records an open when the token verifies and the newsletter tracks.
func (s *Site) open(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".gif")
	if !ok || token == "" {
		return s.badLink(w, r)
	}
	if err := s.feedback.Open(r.Context(), token); err != nil {
		s.log.Error("site: open not recorded", "err", err)
	}
	h := w.Header()
	h.Set("Content-Type", "image/gif")
	h.Set("Content-Length", strconv.Itoa(len(pixel)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(pixel)
	}
	return nil
}

// click answers GET /newsletters/c/{token}/{n}: a 302 to link n of the
// token's campaign, as stored when the send started. It never redirects
// to an address the request names; a token that does not verify or a
// link the campaign does not have is the 404 of bad links.
func (s *Site) click(w http.ResponseWriter, r *http.Request) error {
	raw := r.PathValue("n")
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 || len(raw) > 6 || raw != strconv.Itoa(n) {
		return s.badLink(w, r)
	}
	target, err := s.feedback.Click(r.Context(), r.PathValue("token"), n)
	if apperr.KindOf(err) == apperr.NotFound {
		return s.badLink(w, r)
	} else if err != nil {
		return err
	}
	w.Header().Set("Location", target)
	w.WriteHeader(http.StatusFound)
	return nil
}

// mailgunWebhook answers POST /webhooks/mailgun. Mailgun posts from its
// servers, so the route is exempt from the cross-site check; the
// signature is what it is judged by.
func (s *Site) mailgunWebhook(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, feedback.MaxMailgunBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		http.Error(w, "The body is larger than a Mailgun webhook.", http.StatusRequestEntityTooLarge)
		return
	} else if err != nil {
		http.Error(w, "The body could not be read.", http.StatusBadRequest)
		return
	}
	err = s.feedback.Mailgun(r.Context(), body)
	switch apperr.KindOf(err) {
	case apperr.Internal:
		if err == nil {
			_, _ = io.WriteString(w, "ok\n")
			return
		}
		s.log.Error("site: mailgun webhook", "err", err)
		http.Error(w, "The event could not be recorded; try again.", http.StatusInternalServerError)
	case apperr.Invalid:
		http.Error(w, apperr.Message(err), http.StatusBadRequest)
	case apperr.Forbidden:
		http.Error(w, apperr.Message(err), http.StatusForbidden)
	case apperr.NotFound:
		http.NotFound(w, r)
	default:
		http.Error(w, apperr.Message(err), http.StatusServiceUnavailable)
	}
}
