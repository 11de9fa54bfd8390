package site

import (
	"context"
	"net/http"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// Section, series, topic and author pages are one kind of page: a heading
// and a paginated list of articles. Each differs only in how it finds its
// subject from the slug, which is all its function below says.

// listing is what a list page is about.
type listing struct {
	kind, heading, intro, path string
	filter                     content.Filter
	// decorate adds what only this kind of page shows (optional).
	decorate func(d *pageData, lv *listView)
	redirect string // a former address: where the page is now
	curated  bool   // a section: its first page starts with the desk's pinned stories
}

type findListing func(ctx context.Context, sh *shared, slug string) (listing, error)

// lookUpListing finds the list of the request's {slug} (a list page, or
// its feeds) with the shared page data.
func (s *Site) lookUpListing(ctx context.Context, r *http.Request, find findListing) (*shared, listing, error) {
	slug := r.PathValue("slug")
	if !content.ValidSlug(slug) {
		return nil, listing{}, errNotFound // no slug was ever stored like this: skip the database
	}
	sh, err := s.common(ctx)
	if err != nil {
		return nil, listing{}, err
	}
	l, err := find(ctx, sh, slug)
	return sh, l, err
}

// listingPage makes the page handler of one kind of list page.
func (s *Site) listingPage(find findListing) pageFunc {
	return func(ctx context.Context, r *http.Request, after content.Cursor) (view, error) {
		sh, l, err := s.lookUpListing(ctx, r, find)
		if err != nil {
			return view{}, err
		}
		if l.redirect != "" {
			return view{redirect: l.redirect}, nil
		}
		return s.listingView(ctx, r, sh, l, after, false)
	}
}

// listingView renders a list page; a section's first page starts with the
// stories the desk pinned there, from the draft layout when draft is set
// (front.go).
func (s *Site) listingView(ctx context.Context, r *http.Request, sh *shared, l listing, after content.Cursor, draft bool) (view, error) {
	d, lv := s.listPage(sh, r, l.kind, l.heading, l.intro, l.path, after)
	if l.decorate != nil {
		l.decorate(d, lv)
	}
	if l.curated && after.IsZero() {
		if err := s.sectionFront(ctx, sh, d, lv, l.filter, draft); err != nil {
			return view{}, err
		}
	}
	if err := s.list(ctx, sh, lv, l.filter, after); err != nil {
		return view{}, err
	}
	return view{page: "list", data: d}, nil
}

// findSection: GET /sections/{slug}. Sections are few and already in memory.
func (s *Site) findSection(ctx context.Context, sh *shared, slug string) (listing, error) {
	for _, sec := range sh.Sections {
		if sec.Slug == slug {
			return s.sectionListing(sec), nil
		}
	}
	return s.formerAddress(ctx, "section", "/sections/", slug)
}

// sectionListing is what a section's page lists.
func (s *Site) sectionListing(sec content.Section) listing {
	return listing{kind: "Section", heading: sec.Name, intro: sec.Description, path: "/sections/" + sec.Slug,
		filter: content.Filter{SectionID: sec.ID}, curated: true, decorate: func(d *pageData, _ *listView) { d.Current = sec.Slug }}
}

// findSeries: GET /series/{slug}, newest first. The list is already in memory.
func (s *Site) findSeries(ctx context.Context, sh *shared, slug string) (listing, error) {
	for _, ser := range sh.Series {
		if ser.Slug == slug {
			return listing{kind: "Series", heading: ser.Name, intro: ser.Description, path: "/series/" + ser.Slug,
				filter: content.Filter{SeriesID: ser.ID}}, nil
		}
	}
	return s.formerAddress(ctx, "series", "/series/", slug)
}

// formerAddress redirects a list page's former slug (renamed, or a topic
// merged into another) to where it is now; any other slug is not found.
func (s *Site) formerAddress(ctx context.Context, kind, prefix, slug string) (listing, error) {
	current, err := s.store.ListRedirect(ctx, kind, slug)
	if err != nil {
		return listing{}, asNotFound(err)
	}
	return listing{redirect: prefix + current}, nil
}

// findTopic: GET /topics/{slug}.
func (s *Site) findTopic(ctx context.Context, sh *shared, slug string) (listing, error) {
	t, err := s.store.GetTopicBySlug(ctx, slug)
	if apperr.KindOf(err) == apperr.NotFound {
		return s.formerAddress(ctx, "topic", "/topics/", slug)
	}
	if err != nil {
		return listing{}, err
	}
	return listing{kind: "Topic", heading: t.Name, path: "/topics/" + t.Slug, filter: content.Filter{TopicID: t.ID},
		decorate: func(d *pageData, _ *listView) {
			d.Description = "Articles about " + t.Name + " in " + sh.Settings.Name + "."
		}}, nil
}

// findAuthor: GET /authors/{slug}, a writer's bio, links and articles.
func (s *Site) findAuthor(ctx context.Context, _ *shared, slug string) (listing, error) {
	a, err := s.store.GetAuthorBySlug(ctx, slug)
	if apperr.KindOf(err) == apperr.NotFound {
		return s.formerAddress(ctx, "author", "/authors/", slug)
	}
	if err != nil {
		return listing{}, err
	}
	var photo *content.Image
	if a.PhotoID != 0 {
		img, err := s.store.GetImage(ctx, a.PhotoID)
		switch {
		case err == nil:
			photo = &img
		case apperr.KindOf(err) != apperr.NotFound: // a missing photo is no reason to fail the page
			return listing{}, err
		}
	}
	return listing{kind: "Writer", heading: a.Name, intro: a.Bio, path: "/authors/" + a.Slug, filter: content.Filter{AuthorID: a.ID},
		decorate: func(d *pageData, lv *listView) {
			d.OGType = "profile"
			lv.Links = a.Links
			if photo != nil {
				lv.Photo = photo
				d.Image = imageOf(photo, a.Name)
			}
		}}, nil
}
