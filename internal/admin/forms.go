package admin

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/media"
	"masthead/internal/web"
)

// Request body limits: an image upload may be up to 10 MB plus the rest of
// its form; any other form is small (web.ReadForm caps it at formLimit).
const (
	formLimit   = web.FormLimit
	uploadLimit = 11 << 20
)

// pathID reads a numeric id from the path; anything else is not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

// formID reads an optional id from a form field, 0 when empty or not a number.
func formID(r *http.Request, name string) int64 {
	id, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(name)), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// uploadedImage stores the image sent in the file field, if any. It returns
// 0 when no file was chosen, and a field error named field when the file is
// not an acceptable image (nothing is stored then).
func (a *Admin) uploadedImage(r *http.Request, field string, by int64) (int64, error) {
	if r.MultipartForm == nil {
		return 0, nil // a form without a file part
	}
	f, hdr, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) {
		return 0, nil
	}
	if err != nil {
		return 0, apperr.Fields{field: "The file could not be read. Choose it again."}
	}
	defer f.Close()
	if hdr.Size > media.MaxBytes {
		return 0, apperr.Fields{field: "The image is larger than 10 MB. Resize it and upload it again."}
	}
	img, err := a.media.Upload(r.Context(), f, hdr.Filename, by, media.Details{})
	if err != nil {
		var bad apperr.Fields
		if errors.As(err, &bad) {
			return 0, apperr.Fields{field: bad["image"]}
		}
		return 0, err
	}
	return img.ID, nil
}

// keptImage is the image id a form keeps: a new upload, else the one it
// had unless the remove box is ticked.
func keptImage(r *http.Request, uploaded int64, currentField, removeField string) int64 {
	if uploaded != 0 {
		return uploaded
	}
	if r.PostFormValue(removeField) != "" {
		return 0
	}
	return formID(r, currentField)
}

// notKept is the message on a file field whose upload was discarded
// because the form around it was not saved.
const notKept = "Not saved, so the image you chose was not kept: choose it again."

// discardRefusedUpload deletes the image uploaded with a form when the save
// failed (*err not nil), so a refused save leaves no file or record behind,
// and adds notKept on the field when the form is shown again. It reports
// whether it deleted the image: the form must then point at the image it had
// before. An image the save kept all the same (an article saved as a draft
// but not published) is in use and stays.
func (a *Admin) discardRefusedUpload(r *http.Request, err *error, uploaded int64, field string) bool {
	if *err == nil || uploaded == 0 {
		return false
	}
	deleted, derr := a.media.Discard(context.WithoutCancel(r.Context()), uploaded)
	if derr != nil {
		a.log.Error("admin: discard the upload of a refused save", "image", uploaded, "err", derr)
	}
	if !deleted {
		return false
	}
	var fe *formError
	if errors.As(*err, &fe) {
		var bad apperr.Fields
		if errors.As(fe.err, &bad) {
			merged := maps.Clone(bad)
			merged[field] = notKept
			fe.err = merged
		} else {
			if fe.p.Errors == nil {
				fe.p.Errors = apperr.Fields{}
			}
			fe.p.Errors[field] = notKept
		}
	}
	return true
}
