package site

import (
	"context"
	"html/template"
	"net/http"
	"net/url"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// article shows one published article: GET /articles/{slug}. A former
// slug redirects to the current one, so old links keep working.
func (s *Site) article(ctx context.Context, r *http.Request, _ content.Cursor) (view, error) {
	slug := r.PathValue("slug")
	if !content.ValidSlug(slug) {
		return view{}, errNotFound // no slug was ever stored like this: skip the database
	}
	sh, err := s.common(ctx)
	if err != nil {
		return view{}, err
	}
	a, err := s.store.PublishedArticle(ctx, slug)
	if apperr.KindOf(err) == apperr.NotFound {
		current, rerr := s.store.RedirectSlug(ctx, slug)
		if rerr != nil {
			return view{}, asNotFound(rerr)
		}
		if current == slug {
			return view{}, errNotFound // renamed back and forth, and not published
		}
		return view{redirect: "/articles/" + url.PathEscape(current)}, nil
	}
	if err != nil {
		return view{}, err
	}

	// See-also blocks show their target's current headline, and vanish
	// when it is no longer published.
	var refs map[int64]content.ArticleRef
	if ids := content.SeeAlsoIDs(a.Body); len(ids) > 0 {
		if refs, err = s.store.ArticleRefs(ctx, ids); err != nil {
			return view{}, err
		}
	}

	kicker, kickerURL := a.Kicker()
	av := &articleView{
		Headline: a.Headline, Standfirst: a.Standfirst, Kicker: kicker, KickerURL: kickerURL,
		Section: a.Section.Name, Published: dateStamp(a.PublishedAt, sh.Loc), Authors: a.Authors,
		LeadImage: a.LeadImage, LeadAlt: a.LeadAlt, LeadCaption: a.LeadCaption, LeadCredit: a.LeadCredit,
		Body:       template.HTML(content.RenderBody(a.Body, refs)), // sanitised by RenderBody
		Correction: a.Correction, Topics: a.Topics,
	}
	if a.ModifiedAt.After(a.PublishedAt) {
		u := timeStamp(a.ModifiedAt, sh.Loc)
		av.Updated = &u
	}
	d := s.pageData(sh, a.Headline, "/articles/"+url.PathEscape(a.Slug))
	d.Article = av
	d.OGTitle = a.Headline
	d.OGType = "article"
	d.Description = firstNonEmpty(a.Standfirst, clipText(content.PlainText(a.Body), 200))
	d.Current = a.Section.Slug
	if a.LeadImage != nil {
		d.OGImage = d.absolute(mediaURL(a.LeadImage.Path))
	}
	return view{page: "article", data: d}, nil
}

// clipText shortens s to at most n runes, at a word boundary when it can.
func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n
	for cut > n/2 && r[cut] != ' ' {
		cut--
	}
	return string(r[:cut]) + "…"
}
