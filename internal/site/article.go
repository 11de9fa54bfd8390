package site

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"masthead/internal/apperr"
	blocks "masthead/internal/body"
	"masthead/internal/content"
	"masthead/internal/media"
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
	f, err := s.articleFragment(ctx, sh, slug)
	if err != nil {
		return view{}, err
	}
	if f.redirect != "" {
		return view{redirect: f.redirect}, nil
	}
	d := s.articlePageData(sh, r, f)
	d.MostRead = s.mostRead(f.id, false)
	return view{page: "article", data: d, article: f.id, frames: f.frames}, nil
}

func (s *Site) articlePageData(sh *shared, r *http.Request, f *fragment) *pageData {
	d := s.pageData(sh, r, f.view.Headline, "/articles/"+url.PathEscape(f.slug))
	if f.seoTitle != "" {
		d.Title = f.seoTitle // written whole by the newsroom, without the publication's name
	}
	d.Article = f.view
	d.OGTitle = f.shareTitle
	d.OGType = "article"
	d.Description = f.description
	d.SocialDescription = f.shareDescription
	d.Current = f.section
	d.ArticleForm = f.signUp
	d.Image = f.image
	return d
}

// fragment is what an article page shows of one article, resolved and
// sanitised. It is kept with the shared data, which Purge drops, so it
// lives exactly as long as what it was built from: rendering the page
// without the page cache then costs one map lookup and the template.
type fragment struct {
	id          int64
	view        *articleView
	slug        string
	section     string
	description string
	// The search and social texts: seoTitle is the whole <title> when
	// set; shareTitle and shareDescription are those of shared links.
	seoTitle, shareTitle, shareDescription string
	image                                  *socialImage // the lead image's 16:9 crop, else the image; nil when none
	redirect                               string
	signUp                                 template.HTML // the newsletter sign-up block, "" when none
	frames                                 []string      // origins of the body's embed frames
}

// maxFragments bounds the fragments kept between purges.
const maxFragments = 5000

func (s *Site) articleFragment(ctx context.Context, sh *shared, slug string) (*fragment, error) {
	if f, ok := sh.fragments.Load(slug); ok {
		return f.(*fragment), nil
	}
	a, err := s.store.PublishedArticle(ctx, slug)
	if apperr.KindOf(err) == apperr.NotFound {
		current, rerr := s.store.RedirectSlug(ctx, slug)
		if rerr != nil {
			return nil, asNotFound(rerr)
		}
		if current == slug {
			return nil, errNotFound // renamed back and forth, and not published
		}
		return &fragment{redirect: "/articles/" + url.PathEscape(current)}, nil
	}
	if err != nil {
		return nil, err
	}
	f, err := s.newFragment(ctx, sh, a, a.PublishedAt)
	if err != nil {
		return nil, err
	}
	if sh.fragmentCount.Add(1) <= maxFragments {
		sh.fragments.Store(slug, f)
	}
	return f, nil
}

// newFragment resolves and sanitises what the article page shows of a;
// dated is the publication time shown.
func (s *Site) newFragment(ctx context.Context, sh *shared, a content.ArticleView, dated time.Time) (*fragment, error) {
	// See-also blocks show their target's current headline, and vanish
	// when it is no longer published.
	refs, images, err := s.bodyLinks(ctx, a.Body)
	if err != nil {
		return nil, err
	}
	rendered := content.Render(a.Body, content.RenderOptions{Target: blocks.Site, Refs: refs, Images: images, Now: s.now()})

	kicker, kickerURL := a.Kicker()
	av := &articleView{
		Headline: a.Headline, Standfirst: a.Standfirst, Kicker: kicker, KickerURL: kickerURL,
		Section: a.Section.Name, Published: dateStamp(dated, sh.Loc), Authors: bylineOf(a.Authors),
		LeadImage: a.LeadImageShown(), LeadAlt: a.LeadAlt, LeadCaption: a.LeadCaption, LeadCredit: a.LeadCredit,
		Body:   template.HTML(rendered.HTML), // sanitised by content.Render
		Topics: a.Topics,
	}
	notes, err := s.store.ArticleNotes(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	av.Notes = noteViews(notes, sh.Loc)
	related, err := s.related(ctx, sh, a)
	if err != nil {
		return nil, err
	}
	av.Related = related
	av.LeadImageHTML = Picture(av.LeadImage, a.LeadAlt, sizesLead, "", `fetchpriority="high"`)
	av.HasLeadCaption = a.LeadCaption != "" || a.LeadCredit != ""
	if !a.PublishedAt.IsZero() && a.ModifiedAt.After(a.PublishedAt) {
		u := timeStamp(a.ModifiedAt, sh.Loc)
		av.Updated = &u
	}
	f := &fragment{id: a.ID, view: av, slug: a.Slug, section: a.Section.Slug, frames: rendered.FrameOrigins,
		description: firstNonEmpty(a.Standfirst, clipText(content.PlainText(a.Body), 200)),
		seoTitle:    a.SEOTitle, shareTitle: a.ShareTitle()}
	f.shareDescription = firstNonEmpty(a.SocialDescription, f.description)
	s.addStructuredData(f, a)
	f.signUp = articleSignUp(sh, "/articles/"+url.PathEscape(a.Slug))
	return f, nil
}

// addStructuredData gives the fragment its social image and structured
// data. The lead image's crops are looked up here, once per fragment,
// since the page is rendered from the fragment until the next Purge (and a
// job that makes crops purges).
func (s *Site) addStructuredData(f *fragment, a content.ArticleView) {
	var images []string
	if img := a.LeadImage; img != nil {
		f.image = imageOf(img, a.LeadAlt)
		crops := media.Crops(context.Background(), s.files, *img)
		if a.LeadFocus != "" { // the article's own focal point (decision 0048)
			crops = media.UseCropsAt(*img, a.LeadFocus)
		}
		for _, c := range crops {
			images = append(images, mediaURL(c.Path))
			if c.Ratio == media.CropRatios[0] { // 16:9 suits every preview
				f.image = &socialImage{Path: mediaURL(c.Path), Width: c.Width, Height: c.Height, Alt: a.LeadAlt, Type: c.Mime}
			}
		}
		if len(images) == 0 {
			images = []string{mediaURL(img.Path)}
		}
	}
	av := f.view
	modified := av.Published.ISO
	if av.Updated != nil {
		modified = av.Updated.ISO
	}
	var series *crumb
	if a.Series != nil {
		series = &crumb{a.Series.Name, "/series/" + url.PathEscape(a.Series.Slug)}
	}
	topics := make([]string, len(a.Topics))
	for i, t := range a.Topics {
		topics[i] = t.Name
	}
	av.ld = newArticleLD(av, f.description, a.Section.Slug, series, topics, images, modified)
	if a.SEOTitle != a.Headline {
		av.ld.alternative = a.SEOTitle // "" when none
	}
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

// bodyLinks looks up what a stored body points at: its see-also targets
// and its images, as they are now.
func (s *Site) bodyLinks(ctx context.Context, stored string) (map[int64]content.ArticleRef, map[int64]content.Image, error) {
	var refs map[int64]content.ArticleRef
	if ids := content.SeeAlsoIDs(stored); len(ids) > 0 {
		var err error
		if refs, err = s.store.ArticleRefs(ctx, ids); err != nil {
			return nil, nil, err
		}
	}
	// One lookup for all the body's images (with their crops); an image
	// no longer in the library is rendered from the block's own copy of
	// its address.
	images, err := s.store.BodyImages(ctx, content.MediaIDs(stored))
	if err != nil {
		return nil, nil, err
	}
	return refs, images, nil
}
