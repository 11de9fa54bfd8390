package site

import (
	"context"
	"net/http"

	"masthead/internal/content"
)

// Home page sizes: the lead story, the latest list beside it (the top
// stories of a curated front page, front.go), and a block of the newest
// articles of each section below.
const (
	homeLatest     = 6
	homeBlockCards = 4
)

// home is the front page: GET /{$}.
func (s *Site) home(ctx context.Context, r *http.Request, _ content.Cursor) (view, error) {
	return s.homePage(ctx, r, false)
}

// homePage builds the front page with its live layout, or its draft for
// the newsroom's preview (front.go).
func (s *Site) homePage(ctx context.Context, r *http.Request, draft bool) (view, error) {
	sh, err := s.common(ctx)
	if err != nil {
		return view{}, err
	}
	fr, err := s.resolveFront(ctx, 0, draft, content.Filter{}, homeLatest)
	if err != nil {
		return view{}, err
	}
	var leadID int64
	if fr.hasLead {
		leadID = fr.arts[0].ID
	}
	// Section blocks leave out the lead story, which is already at the top.
	all := append([]content.Article(nil), fr.arts...)
	counts := make([]int, len(sh.Sections))
	for i, sec := range sh.Sections {
		arts, err := s.store.ListPublished(ctx, content.Filter{SectionID: sec.ID, ExcludeID: leadID}, content.Cursor{}, homeBlockCards)
		if err != nil {
			return view{}, err
		}
		counts[i] = len(arts)
		all = append(all, arts...)
	}
	// One batch of byline and image queries for the whole page.
	views, err := s.store.Views(ctx, all)
	if err != nil {
		return view{}, err
	}

	d := s.pageData(sh, r, "", "/")
	d.IsHome = true
	d.MostRead = s.mostRead(0, true)
	hv := &homeView{LatestHeading: "Latest"}
	d.Home = hv
	d.Description = firstNonEmpty(sh.Settings.Description, sh.Settings.Tagline)
	if fr.hasLead {
		c := fr.card(0, views[0], sh.Loc, cardOpts{level: 2})
		c.ImageHTML = Picture(c.Image, c.ImageAlt, sizesHome, "lead-story-image", `fetchpriority="high"`) // the lead's picture is described
		hv.Lead = &c
		d.Image = imageOf(c.Image, c.ImageAlt)
		for i := 1; i < len(fr.arts); i++ {
			hv.Latest = append(hv.Latest, fr.card(i, views[i], sh.Loc, cardOpts{level: 3, compact: true}))
			if fr.slots[i].ArticleID != 0 {
				hv.LatestHeading = "Top stories"
			}
		}
	}
	rest := views[len(fr.arts):]
	for i, sec := range sh.Sections {
		if counts[i] > 0 {
			hv.Blocks = append(hv.Blocks, sectionBlock{Section: sec, Cards: makeCards(rest[:counts[i]], sh.Loc, cardOpts{level: 3, section: sec.ID})})
		}
		rest = rest[counts[i]:]
	}
	if d.Image == nil {
		d.Image = d.logoImage()
	}
	return view{page: "home", data: d}, nil
}

// leadStory picks the front page's lead among the newest articles: the
// newest with a picture, which a front page needs at the top, else the
// newest. It returns -1 when nothing is published.
func leadStory(newest []content.Article) int {
	for i, a := range newest {
		if a.LeadImageID != 0 {
			return i
		}
	}
	if len(newest) > 0 {
		return 0
	}
	return -1
}
