package admin

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strconv"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/media"
	"masthead/internal/store"
	"masthead/internal/web"
)

// The media library's JSON, for the rich editor (issue 9). Its contract:
//
//	POST /admin/media   multipart: file (required), alt, caption, credit,
//	                    and the session's token in the csrf field or the
//	                    X-CSRF-Token header
//	  201 {"id":12,"url":"/media/2026/11/abc.jpg","width":1200,"height":800,
//	       "mime":"image/jpeg","alt":"","caption":"","credit":""}
//	GET /admin/media.json?q=&page=1
//	  200 {"items":[objects as above],"next_page":2}   (0 on the last page)
//
// Every refusal is a 4xx with {"error":"a message to show"}: 422 no file,
// 401 signed out, 403 role or token, 413 too large, 422 not an acceptable
// image, 503 busy.

// mediaItem is one image as the JSON gives it.
type mediaItem struct {
	ID      int64  `json:"id"`
	URL     string `json:"url"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
	Mime    string `json:"mime"`
	Alt     string `json:"alt"`
	Caption string `json:"caption"`
	Credit  string `json:"credit"`
}

func itemOf(m content.Image) mediaItem {
	return mediaItem{ID: m.ID, URL: m.URL(), Width: m.Width, Height: m.Height, Mime: m.Mime, Alt: m.Alt, Caption: m.Caption, Credit: m.Credit}
}

type mediaList struct {
	Items    []mediaItem `json:"items"`
	NextPage int         `json:"next_page"`
}

type jsonError struct {
	Error string `json:"error"`
}

// jsonFunc answers a JSON request with a status and a value, or an error
// that staffJSON turns into {"error": ...}.
type jsonFunc func(w http.ResponseWriter, r *http.Request) (int, any, error)

// staffJSON is staff/staffForm for JSON: the same session, role, body
// limit and token checks, answered in JSON rather than with pages.
func (a *Admin) staffJSON(min auth.Role, limit int64, h jsonFunc) http.Handler {
	return a.crossJSON.Handler(a.signIns(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := sessionFrom(r.Context())
		if s == nil {
			writeJSON(w, http.StatusUnauthorized, jsonError{"You are signed out. Sign in again in another tab, then try again."})
			return
		}
		if !s.User.Role.AtLeast(min) {
			writeJSON(w, http.StatusForbidden, jsonError{"Your role (" + string(s.User.Role) + ") cannot do this."})
			return
		}
		if r.Method == http.MethodPost {
			if err := web.ParseForm(w, r, limit); err != nil {
				a.failJSON(w, r, err)
				return
			}
			tok := r.PostFormValue(web.TokenField)
			if tok == "" {
				tok = r.Header.Get("X-CSRF-Token")
			}
			if !web.TokenMatches(s.CSRFToken, tok) {
				writeJSON(w, http.StatusForbidden, jsonError{errFormExpired.Error()})
				return
			}
		}
		status, v, err := h(w, r)
		if err != nil {
			a.failJSON(w, r, err)
			return
		}
		writeJSON(w, status, v)
	})))
}

// failJSON answers err as {"error": message} with the admin's status for
// its kind; an internal error's cause goes to the log only.
func (a *Admin) failJSON(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		msg := "The file is too large: an image can be at most 10 MB."
		if r.URL.Path != "/admin/media" {
			msg = "What was sent is too large: at most 10 MB."
		}
		writeJSON(w, http.StatusRequestEntityTooLarge, jsonError{msg})
		return
	}
	if errors.Is(err, store.ErrNotFound) {
		writeJSON(w, http.StatusNotFound, jsonError{"There is no such image."})
		return
	}
	var se web.StatusError // a rate limit's 429, say
	if errors.As(err, &se) && apperr.Message(err) != "" {
		writeJSON(w, se.Status(), jsonError{apperr.Message(err)})
		return
	}
	var bad apperr.Fields
	if errors.As(err, &bad) {
		keys := make([]string, 0, len(bad))
		for k := range bad {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		writeJSON(w, http.StatusUnprocessableEntity, jsonError{bad[keys[0]]})
		return
	}
	status, ok := errorStatuses[apperr.KindOf(err)]
	msg := apperr.Message(err)
	if !ok || msg == "" {
		a.log.ErrorContext(r.Context(), "admin: media json", "path", r.URL.Path, "err", err)
		writeJSON(w, http.StatusInternalServerError, jsonError{"Something went wrong on our side and it has been logged. Try again."})
		return
	}
	writeJSON(w, status, jsonError{msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// uploadMediaJSON is POST /admin/media: one image from the editor.
func (a *Admin) uploadMediaJSON(w http.ResponseWriter, r *http.Request) (int, any, error) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return 0, nil, apperr.New(apperr.Invalid, "Choose an image file to upload (the form field is named file).")
	}
	defer f.Close()
	if hdr.Size > media.MaxBytes {
		return 0, nil, apperr.Fields{"image": "The image is larger than 10 MB. Resize it and upload it again."}
	}
	img, err := a.media.Upload(r.Context(), f, hdr.Filename, sessionFrom(r.Context()).User.ID, media.Details{
		Alt: r.PostFormValue("alt"), Caption: r.PostFormValue("caption"), Credit: r.PostFormValue("credit")})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, itemOf(img), nil
}

// listMediaJSON is GET /admin/media.json?q=&page=.
func (a *Admin) listMediaJSON(w http.ResponseWriter, r *http.Request) (int, any, error) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	imgs, next, err := a.media.List(r.Context(), r.URL.Query().Get("q"), max(page, 1))
	if err != nil {
		return 0, nil, err
	}
	out := mediaList{Items: make([]mediaItem, len(imgs)), NextPage: next}
	for i, m := range imgs {
		out.Items[i] = itemOf(m)
	}
	return http.StatusOK, out, nil
}
