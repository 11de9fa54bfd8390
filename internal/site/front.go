package site

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// Curated front pages (decision 0040). The home page and each section page
// show a lead story and top stories: those the desk pinned, where they are
// still published, and in every other slot the latest articles, as an
// uncurated page does. A pinned article that was unpublished or deleted
// drops out and its slot fills from the latest: never an empty slot, never
// a dead link.

// front is a page's stories in order, the lead first when hasLead.
type front struct {
	arts    []content.Article
	slots   []content.FrontSlot // beside arts: the pin and its overrides, zero when not pinned
	hasLead bool
	pinned  bool // some slot shows a pinned article
	images  map[int64]*content.Image
}

// resolveFront fills the lead and up to tops top stories of a page (the
// home page for sectionID 0) from its live layout, or its draft, and the
// latest published articles matching f.
func (s *Site) resolveFront(ctx context.Context, sectionID int64, draft bool, f content.Filter, tops int) (front, error) {
	var fr front
	l, err := s.store.FrontLayout(ctx, sectionID, draft)
	if err != nil {
		return fr, err
	}
	ids := make([]int64, 0, len(l.Slots))
	for _, sl := range l.Slots {
		ids = append(ids, sl.ArticleID)
	}
	published, err := s.store.PublishedArticles(ctx, ids)
	if err != nil {
		return fr, err
	}
	pinned := make(map[int64]content.Article, len(published))
	for _, a := range published {
		pinned[a.ID] = a
	}
	latest, err := s.store.ListPublished(ctx, f, content.Cursor{}, tops+1+len(pinned))
	if err != nil {
		return fr, err
	}
	fill := make([]content.Article, 0, len(latest))
	for _, a := range latest {
		if _, ok := pinned[a.ID]; !ok {
			fill = append(fill, a)
		}
	}
	pick := func(n int) bool {
		if sl, ok := l.Pinned(n); ok {
			if a, ok := pinned[sl.ArticleID]; ok {
				fr.arts, fr.slots, fr.pinned = append(fr.arts, a), append(fr.slots, sl), true
				return true
			}
		}
		i := 0
		if n == 0 {
			i = leadStory(fill)
		}
		if i < 0 || i >= len(fill) {
			return false
		}
		fr.arts, fr.slots = append(fr.arts, fill[i]), append(fr.slots, content.FrontSlot{})
		fill = append(fill[:i:i], fill[i+1:]...)
		return true
	}
	fr.hasLead = pick(0)
	for n := 1; n <= tops; n++ {
		pick(n)
	}
	// Everything published is pinned as a top story: the first leads.
	fr.hasLead = fr.hasLead || len(fr.arts) > 0
	// The pictures chosen for this page: few, loaded one by one.
	for _, sl := range fr.slots {
		if sl.ImageID == 0 {
			continue
		}
		img, err := s.store.GetImage(ctx, sl.ImageID)
		switch {
		case err == nil:
			if fr.images == nil {
				fr.images = map[int64]*content.Image{}
			}
			fr.images[sl.ImageID] = &img
		case apperr.KindOf(err) != apperr.NotFound: // a missing picture leaves the article's own
			return fr, err
		}
	}
	return fr, nil
}

// card makes the card of story i of the page from its view, with the
// page's own headline and picture when the desk gave them.
func (fr *front) card(i int, v content.ArticleView, loc *time.Location, o cardOpts) card {
	sl := fr.slots[i]
	if sl.Headline != "" {
		v.Headline = sl.Headline
	}
	if img := fr.images[sl.ImageID]; img != nil {
		v.LeadImage, v.LeadAlt = img, sl.ImageAlt
		v.LeadCrop, v.LeadFocus = "", "" // the article's crop is of its own picture
	}
	return makeCard(v, loc, o)
}

// PreviewFront writes the home page (sectionID 0) or a section's page as
// readers would see it with the page's draft layout, for the newsroom:
// never cached, not indexed, with a banner linking back to editURL. The
// caller checks that the signed-in user may see it.
func (s *Site) PreviewFront(w http.ResponseWriter, r *http.Request, sectionID int64, editURL string) error {
	ctx := r.Context()
	var v view
	var err error
	if sectionID == 0 {
		v, err = s.homePage(ctx, r, true)
	} else {
		v, err = s.sectionPreview(ctx, r, sectionID)
	}
	if err != nil {
		return err
	}
	v.data.Preview = &previewNote{Front: true, EditURL: editURL}
	buf := getBuf()
	defer putBuf(buf)
	if err := s.execute(buf, v); err != nil {
		return fmt.Errorf("site: preview of front page %d: %w", sectionID, err)
	}
	h := w.Header()
	h.Set("Content-Type", htmlType)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Robots-Tag", "noindex")
	_, err = w.Write(buf.Bytes())
	return err
}

// sectionPreview is a section's first page with its draft layout.
func (s *Site) sectionPreview(ctx context.Context, r *http.Request, sectionID int64) (view, error) {
	sh, err := s.common(ctx)
	if err != nil {
		return view{}, err
	}
	for _, sec := range sh.Sections {
		if sec.ID == sectionID {
			return s.listingView(ctx, r, sh, s.sectionListing(sec), content.Cursor{}, true)
		}
	}
	return view{}, errNotFound
}

// sectionFront puts a section's pinned stories, and the latest filling its
// other slots, above its list; a section with nothing pinned is listed as
// it always was.
func (s *Site) sectionFront(ctx context.Context, sh *shared, d *pageData, lv *listView, f content.Filter, draft bool) error {
	fr, err := s.resolveFront(ctx, f.SectionID, draft, f, content.FrontTopStories)
	if err != nil || !fr.pinned {
		return err
	}
	views, err := s.store.Views(ctx, fr.arts)
	if err != nil {
		return err
	}
	lv.shown = make(map[int64]bool, len(fr.arts))
	for i, v := range views {
		lv.shown[v.ID] = true
		if i == 0 && fr.hasLead {
			c := fr.card(i, v, sh.Loc, cardOpts{level: 2, section: f.SectionID})
			c.ImageHTML = Picture(c.Image, c.ImageAlt, sizesHome, "lead-story-image", `fetchpriority="high"`) // the lead's picture is described
			lv.Lead = &c
			continue
		}
		lv.Top = append(lv.Top, fr.card(i, v, sh.Loc, cardOpts{level: 3, section: f.SectionID}))
	}
	return nil
}
