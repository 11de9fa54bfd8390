package site

import (
	"net/http"
	"strconv"

	"masthead/internal/newsletter"
)

// dataPage offers a reader's download and erasure: GET /newsletters/data/{token},
// the short-lived access link emailed on request.
func (s *Site) dataPage(w http.ResponseWriter, r *http.Request) error {
	rd, _, ok, err := s.readerFor(w, r, newsletter.PurposeAccess)
	if !ok {
		return err
	}
	return s.writeDataPage(w, r, rd, http.StatusOK, "")
}

func (s *Site) writeDataPage(w http.ResponseWriter, r *http.Request, rd newsletter.Reader, status int, problem string) error {
	prefs, err := s.prefsToken(r.Context(), rd)
	if err != nil {
		return err
	}
	return s.writeReaderPage(w, r, status, "reader-data", "Your data", &readerView{
		Email: rd.Email, Token: r.PathValue("token"), PrefsToken: prefs, Error: problem})
}

// download sends everything held about the reader as a JSON file:
// POST /newsletters/data/{token}/download.
func (s *Site) download(w http.ResponseWriter, r *http.Request) error {
	rd, _, ok, err := s.readerFor(w, r, newsletter.PurposeAccess)
	if !ok {
		return err
	}
	b, err := s.readers.ExportJSON(r.Context(), rd.ID)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Disposition", `attachment; filename="newsletter-data.json"`)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	_, err = w.Write(b)
	return err
}

// erase erases the reader once the box is ticked: POST /newsletters/data/{token}/erase.
func (s *Site) erase(w http.ResponseWriter, r *http.Request) error {
	rd, _, ok, err := s.readerFor(w, r, newsletter.PurposeAccess)
	if !ok {
		return err
	}
	if r.PostFormValue("confirm") != "yes" {
		return s.writeDataPage(w, r, rd, http.StatusBadRequest,
			"Tick “I understand that this cannot be undone” to erase your data. Nothing was erased.")
	}
	meta := newsletter.Meta{Method: newsletter.MethodSignedLink, Source: newsletter.DataPath}
	if err := s.readers.Erase(r.Context(), rd.ID, meta); err != nil {
		return err
	}
	return s.writeReaderPage(w, r, http.StatusOK, "reader-message", "Data erased", &readerView{
		Heading: "Your data is erased",
		Message: "Your address, newsletters, job sector and pending sign-ups are deleted, and no newsletter will be sent to " + rd.Email + " again.",
		Kept:    true,
	})
}
