package site

import (
	"net/http"

	"masthead/internal/apperr"
	"masthead/internal/newsletter"
)

// unsubscribePage asks before unsubscribing: GET /newsletters/unsubscribe/{token}.
// It never unsubscribes by itself: mail scanners open links.
func (s *Site) unsubscribePage(w http.ResponseWriter, r *http.Request) error {
	rd, l, ok, err := s.readerFor(w, r, newsletter.PurposeUnsubscribe)
	if !ok {
		return err
	}
	name, err := s.newsletterName(r, l.NewsletterID)
	if err != nil {
		return err
	}
	prefs, err := s.prefsToken(r.Context(), rd)
	if err != nil {
		return err
	}
	return s.writeReaderPage(w, r, http.StatusOK, "reader-unsubscribe", "Unsubscribe", &readerView{
		Email: rd.Email, Token: r.PathValue("token"), Newsletter: name, PrefsToken: prefs})
}

// unsubscribe is the one-click unsubscribe of RFC 8058 and the button of
// the page above: POST /newsletters/unsubscribe/{token}. It answers 200
// with a page, never a redirect; again, or for an erased reader, it has
// nothing to do and says so the same way.
func (s *Site) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	signer, err := s.readers.Signer(ctx)
	if err != nil {
		return err
	}
	token := r.PathValue("token")
	l, err := signer.Verify(token, newsletter.PurposeUnsubscribe, s.now())
	if apperr.KindOf(err) == apperr.NotFound {
		return s.badLink(w, r)
	} else if err != nil {
		return err
	}
	name, err := s.newsletterName(r, l.NewsletterID)
	if err != nil {
		return err
	}
	v := &readerView{Heading: "You are unsubscribed", Newsletter: name, Done: true}
	rd, _, err := s.readers.ReaderForLink(ctx, token, newsletter.PurposeUnsubscribe)
	switch {
	case apperr.KindOf(err) == apperr.NotFound:
		// Erased: nothing is held and nothing will be sent.
	case err != nil:
		return err
	default:
		method := newsletter.MethodSignedLink
		if r.PostFormValue("List-Unsubscribe") == "One-Click" {
			method = newsletter.MethodOneClick
		}
		if err := s.readers.Unsubscribe(ctx, rd.ID, l.NewsletterID, newsletter.Meta{Method: method, Source: unsubscribePath}); err != nil {
			return err
		}
		if s.feedback != nil {
			s.feedback.Unsubscribed(ctx, rd.ID, l)
		}
		v.Email = rd.Email
		if v.PrefsToken, err = s.prefsToken(ctx, rd); err != nil {
			return err
		}
	}
	return s.writeReaderPage(w, r, http.StatusOK, "reader-unsubscribe", "Unsubscribed", v)
}

// newsletterName names a link's newsletter; one since deleted is "this newsletter".
func (s *Site) newsletterName(r *http.Request, id int64) (string, error) {
	n, err := s.readers.Newsletter(r.Context(), id)
	if apperr.KindOf(err) == apperr.NotFound {
		return "this newsletter", nil
	}
	return n.Name, err
}
