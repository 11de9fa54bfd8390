package admin

import (
	"net/http"
	"strings"

	"masthead/internal/body"
)

// The lead image's crop for one article (decision 0048): a select of the
// crops and the focal point as two numbers, in the editor form's
// "leadcrop" partial.

type cropOption struct{ Value, Label string }

// LeadCropOptions are the choices of the lead image's crop.
func (editorView) LeadCropOptions() []cropOption {
	out := []cropOption{{"", "Original (whole picture)"}}
	for _, r := range body.CropRatios {
		out = append(out, cropOption{r, body.CropLabel(r)})
	}
	return out
}

// readLeadCrop reads the crop fields of the editor form.
func (f *editorForm) readLeadCrop(r *http.Request) {
	f.LeadCrop = r.PostFormValue("lead_crop")
	f.LeadFocusX, f.LeadFocusY = strings.TrimSpace(r.PostFormValue("lead_focus_x")), strings.TrimSpace(r.PostFormValue("lead_focus_y"))
}

// setLeadFocus fills the two numbers from a stored "x,y".
func (f *editorForm) setLeadFocus(focus string) {
	f.LeadFocusX, f.LeadFocusY, _ = strings.Cut(focus, ",")
}

// leadFocus is the focal point typed: "" when both numbers are empty,
// else "x,y" as typed, which the content service checks.
func (f editorForm) leadFocus() string {
	if f.LeadFocusX == "" && f.LeadFocusY == "" {
		return ""
	}
	return f.LeadFocusX + "," + f.LeadFocusY
}
