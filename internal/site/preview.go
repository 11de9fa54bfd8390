package site

import (
	"fmt"
	"net/http"
	"strconv"

	"masthead/internal/content"
)

// previewNote is the banner of a newsroom preview.
type previewNote struct {
	Status  content.Status
	EditURL string
	// Embargo is when the article's embargo ends, in the publication's
	// zone, "" when none holds now: readers cannot see it until then.
	Embargo string
	Front   bool // a front page's draft layout (front.go), not an article
}

// Public reports whether readers see the article too.
func (p previewNote) Public() bool { return p.Status == content.StatusPublished && p.Embargo == "" }

// Preview writes the article page of an article of any status as readers
// would see it once published, for the newsroom: the stored version, with
// a banner saying whether readers can see it and a link back to editURL. It is
// never cached, by Masthead or by anyone else, and asks not to be indexed.
// The caller checks that the signed-in user may see the article.
func (s *Site) Preview(w http.ResponseWriter, r *http.Request, id int64, editURL string) error {
	a, err := s.store.ArticleView(r.Context(), id)
	if err != nil {
		return err
	}
	return s.PreviewView(w, r, a, editURL)
}

// PreviewView is Preview of an article that is not stored as it is shown:
// a published article with its pending changes (decision 0039).
func (s *Site) PreviewView(w http.ResponseWriter, r *http.Request, a content.ArticleView, editURL string) error {
	ctx := r.Context()
	sh, err := s.common(ctx)
	if err != nil {
		return err
	}
	// A draft has no publication time yet: show when it would go live.
	dated := a.PublishedAt
	if dated.IsZero() {
		dated = a.ScheduledAt
	}
	if dated.IsZero() {
		dated = s.now()
	}
	f, err := s.newFragment(ctx, sh, a, dated)
	if err != nil {
		return err
	}
	d := s.articlePageData(sh, r, f)
	d.Preview = &previewNote{Status: a.Status, EditURL: editURL}
	if now := s.now(); content.Embargoed(a.EmbargoUntil, now) {
		d.Preview.Embargo = a.EmbargoUntil.In(sh.Loc).Format("2 January 2006 15:04 MST")
	}
	buf := getBuf()
	defer putBuf(buf)
	if err := s.execute(buf, view{page: "article", data: d}); err != nil {
		return fmt.Errorf("site: preview of article %d: %w", a.ID, err)
	}
	h := w.Header()
	h.Set("Content-Type", htmlType)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Robots-Tag", "noindex")
	_, err = w.Write(buf.Bytes())
	return err
}
