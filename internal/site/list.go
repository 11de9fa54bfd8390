package site

import (
	"context"
	"net/http"
	"net/url"

	"masthead/internal/content"
)

// listSize is how many articles a section, series, topic or author page
// shows at a time.
const listSize = 12

// list fills the article list of a list page: one page of published
// articles matching f after the cursor, and the address of the next page.
func (s *Site) list(ctx context.Context, sh *shared, d *listView, f content.Filter, after content.Cursor) error {
	// One more tells whether a next page exists; those shown above the
	// list (a section's pinned stories) are left out of it.
	arts, err := s.store.ListPublished(ctx, f, after, listSize+1+len(d.shown))
	if err != nil {
		return err
	}
	if len(d.shown) > 0 {
		kept := arts[:0]
		for _, a := range arts {
			if !d.shown[a.ID] {
				kept = append(kept, a)
			}
		}
		arts = kept
	}
	more := len(arts) > listSize
	if more {
		arts = arts[:listSize]
	}
	views, err := s.store.Views(ctx, arts)
	if err != nil {
		return err
	}
	d.Cards = makeCards(views, sh.Loc, cardOpts{level: 2, section: f.SectionID})
	if more {
		last := arts[len(arts)-1]
		d.Next = d.Path + "?after=" + url.QueryEscape(formatCursor(content.Cursor{PublishedAt: last.PublishedAt, ID: last.ID}))
	}
	d.Older = !after.IsZero()
	return nil
}

// listPage starts the data of a list page at path.
func (s *Site) listPage(sh *shared, r *http.Request, kind, heading, intro, path string, after content.Cursor) (*pageData, *listView) {
	lv := &listView{Path: path, Kind: kind, Heading: heading, Intro: intro}
	d := s.pageData(sh, r, heading, path)
	d.List = lv
	d.Description = firstNonEmpty(intro, kind+": "+heading)
	d.Image = d.logoImage() // a writer's page shows their photo instead
	if !after.IsZero() {
		d.Title = heading + ", older articles — " + sh.Settings.Name
		d.Canonical += "?after=" + formatCursor(after)
	}
	return d, lv
}
