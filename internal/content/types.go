// Package content owns the newsroom's model: articles and the sections,
// series, topics and authors they belong to, revisions, pre-publish checks
// and the canonical article body format.
package content

import "time"

// Status is where an article is in its life.
type Status string

const (
	StatusDraft       Status = "draft"
	StatusReview      Status = "review" // submitted, waiting for an editor (workflow.go)
	StatusReady       Status = "ready"  // approved by an editor, not yet published
	StatusScheduled   Status = "scheduled"
	StatusPublished   Status = "published"
	StatusUnpublished Status = "unpublished"
)

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusReview, StatusReady, StatusScheduled, StatusPublished, StatusUnpublished:
		return true
	}
	return false
}

// Section is a top-level division of the publication (News, Culture...).
type Section struct {
	ID          int64
	Slug        string
	Name        string
	Description string
	Position    int
}

// Series is a recurring strand such as a column; it is the article's kicker.
type Series struct {
	ID          int64
	Slug        string
	Name        string
	Description string
}

// Topic is a subject tag; topics are created on the fly from the editor.
type Topic struct {
	ID   int64
	Slug string
	Name string
	// Articles counts the articles (of any status) tagged with it; only
	// the newsroom's topic list fills it in.
	Articles int
}

// Author is a byline with a public page.
type Author struct {
	ID      int64
	Slug    string
	Name    string
	Bio     string
	PhotoID int64    // media id, 0 when none
	Links   []string // absolute URLs shown on the author page
}

// Image is an uploaded picture kept in the media store.
type Image struct {
	ID     int64
	Path   string // relative to the media root, e.g. "2026/11/abc123.jpg"
	Mime   string
	Width  int
	Height int
	Size   int64
	// What the media library keeps about it: a name to find it by, and the
	// alt text, caption and credit a new use of it starts from.
	Name, Alt, Caption, Credit string
	// FocusX and FocusY are the focal point, 0..1 across and down the
	// upright picture (0.5, 0.5 is the centre): crops keep it in frame.
	FocusX, FocusY float64
	// Variants are its responsive copies that exist now (decision 0036),
	// narrowest first within each type; empty until the job made them.
	Variants []ImageVariant
	// UseCrops are the files of its per-use crops that exist now (each
	// with its Crop key, decision 0048); see Image.Cropped.
	UseCrops []ImageVariant
}

// URL is the image's address on the site.
func (m Image) URL() string { return "/media/" + m.Path }

// ImageVariant is one responsive copy of an image: a width in one type.
type ImageVariant struct {
	Path          string // relative to the media root, e.g. "2026/11/abc123.w640.webp"
	Mime          string // image/avif, image/webp, or the original's type
	Width, Height int
	Crop          string // the per-use crop it belongs to ("16x9@0.50,0.30"), or ""
}

// URL is the variant's address on the site.
func (v ImageVariant) URL() string { return "/media/" + v.Path }

// ImageUse is one thing that uses an image, which may then not be deleted.
type ImageUse struct {
	Kind  ImageUseKind
	ID    int64  // the article's or author's id; 0 for the logo
	Title string // the article's headline or the author's name
}

// ImageUseKind says how an image is used.
type ImageUseKind string

// The ways an image is used.
const (
	UseLead   ImageUseKind = "lead image"
	UseBody   ImageUseKind = "image in the text"
	UseAuthor ImageUseKind = "author photo"
	UseLogo   ImageUseKind = "logo"
)

// Article is one story. Body is the canonical stored body (sanitised HTML,
// see body.go); BodySource is the Markdown the editor wrote.
type Article struct {
	ID           int64
	Slug         string
	Headline     string
	Standfirst   string
	BodySource   string
	Body         string
	SectionID    int64
	SeriesID     int64 // 0 when none
	Status       Status
	LeadImageID  int64 // 0 when none
	LeadAlt      string
	LeadCaption  string
	LeadCredit   string
	Correction   string
	CreatedBy    int64
	PublishedAt  time.Time // zero until first published
	ScheduledAt  time.Time // zero unless scheduled
	ModifiedAt   time.Time // last edit of published content shown as "Updated"
	CreatedAt    time.Time
	UpdatedAt    time.Time
	AuthorIDs    []int64 // ordered byline
	TopicIDs     []int64 // ordered
	LinkedIDs    []int64 // articles referenced by see-also blocks and internal links
	AllowRepeats bool    // an editor explicitly allowed a repeated paragraph
	// HideRelated leaves the "Related" list off the article's page; the
	// zero value shows it, as every article did before the setting.
	HideRelated bool
	// The search and social texts, each optional: SEOTitle is the page's
	// <title> (else the headline); SocialTitle the title of a shared link
	// (else SEOTitle, else the headline); SocialDescription its
	// description (else the standfirst).
	SEOTitle          string
	SocialTitle       string
	SocialDescription string
	// EmbargoUntil, when not zero, is the hard embargo: before it no
	// reader sees the article anywhere, whatever its status (Public).
	EmbargoUntil time.Time
	// AssigneeID is the editor the article is assigned to, 0 for nobody
	// (workflow.go); only a whole article (GetArticle) reads it.
	AssigneeID int64
	// LeadCrop and LeadFocus are the lead image's crop for this use
	// (decision 0048): "" or a ratio such as "16x9", and "" (the image's
	// own focal point) or "x,y" in 0..1.
	LeadCrop, LeadFocus string
}

// PageTitle is the title search engines show: the SEO title, else the headline.
func (a Article) PageTitle() string {
	if a.SEOTitle != "" {
		return a.SEOTitle
	}
	return a.Headline
}

// ShareTitle is the title of a shared link: the social title, else the
// SEO title, else the headline.
func (a Article) ShareTitle() string {
	if a.SocialTitle != "" {
		return a.SocialTitle
	}
	return a.PageTitle()
}

// ShareDescription is the description of a shared link: the social
// description, else the standfirst.
func (a Article) ShareDescription() string {
	if a.SocialDescription != "" {
		return a.SocialDescription
	}
	return a.Standfirst
}

// ArticleView is an article with everything a page needs to show it.
type ArticleView struct {
	Article
	Section   Section
	Series    *Series
	Authors   []Author
	Topics    []Topic
	LeadImage *Image
}

// Kicker is the label above the headline: the series if any, else the section.
func (v ArticleView) Kicker() (name, url string) {
	if v.Series != nil {
		return v.Series.Name, "/series/" + v.Series.Slug
	}
	return v.Section.Name, "/sections/" + v.Section.Slug
}

// Revision is a saved state of an article.
type Revision struct {
	ID        int64
	ArticleID int64
	Snapshot  Snapshot
	CreatedBy int64
	CreatedAt time.Time
	// Kind is RevisionSave, RevisionPending for a published article's
	// staged edit, or RevisionAutosave for a person's working copy
	// (consecutive autosaves by one person update one row).
	Kind string
	// Dismissed is set on an autosave whose restore offer was declined.
	Dismissed bool
}

// Revision kinds.
const (
	RevisionSave     = "save"
	RevisionAutosave = "autosave"
	RevisionPending  = "pending" // a published article's staged edit
)

// Snapshot is the editable part of an article as it was at a save.
type Snapshot struct {
	Slug        string   `json:"slug"`
	Headline    string   `json:"headline"`
	Standfirst  string   `json:"standfirst"`
	BodySource  string   `json:"body_source"`
	SectionID   int64    `json:"section_id"`
	SeriesID    int64    `json:"series_id"`
	LeadImageID int64    `json:"lead_image_id"`
	LeadAlt     string   `json:"lead_alt"`
	LeadCaption string   `json:"lead_caption"`
	LeadCredit  string   `json:"lead_credit"`
	Correction  string   `json:"correction"`
	AuthorIDs   []int64  `json:"author_ids"`
	Topics      []string `json:"topics"`
	HideRelated bool     `json:"hide_related,omitempty"`
	// Empty in snapshots taken before the fields existed, as in the articles.
	SEOTitle          string `json:"seo_title,omitempty"`
	SocialTitle       string `json:"social_title,omitempty"`
	SocialDescription string `json:"social_description,omitempty"`
	// AllowRepeats is kept by pending versions (an editor's override).
	AllowRepeats bool `json:"allow_repeats,omitempty"`
	// EmbargoUntil is the embargo at the save; restoring keeps the
	// article's current one (decision 0042).
	EmbargoUntil time.Time `json:"embargo_until,omitzero"`
	LeadCrop     string    `json:"lead_crop,omitempty"`
	LeadFocus    string    `json:"lead_focus,omitempty"`
	// Restored is set on the revision a restore recorded (revisions.go).
	Restored *RestoreNote `json:"restored,omitempty"`
}

// Settings are the publication's editorial settings, edited in the admin.
type Settings struct {
	Name          string
	Tagline       string
	Description   string
	LogoID        int64
	TimeZone      string
	SupportText   string
	SupportURL    string
	PrivacyNotice string // Markdown
	BaseURL       string // absolute site URL used in links outside the site (email, feeds)
	PostalAddress string // several lines; every newsletter shows it, as commercial email must
	Language      string // BCP 47 tag of the publication's language, such as "en-AU"; "" means "en"
	FeedSummaries bool   // feeds carry each article's standfirst, not its full text
}

// Lang is the publication's language, "en" when unset.
func (s Settings) Lang() string {
	if s.Language == "" {
		return "en"
	}
	return s.Language
}

// Location returns the publication's time zone, UTC when unset or unknown.
func (s Settings) Location() *time.Location {
	if s.TimeZone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Page is one page of a keyset-paginated list, newest first.
type Page struct {
	Articles []ArticleView
	Next     Cursor // zero when there is no next page
}

// Cursor points after the last item of a page: (published_at, id).
type Cursor struct {
	PublishedAt time.Time
	ID          int64
}

// IsZero reports whether the cursor is empty (start of the list).
func (c Cursor) IsZero() bool { return c.ID == 0 }

// ArticleWrite is an article save: the row, its topics (created on the fly)
// and the revision recorded with it, written in one transaction.
type ArticleWrite struct {
	Article  Article
	Topics   []Topic // Slug and Name; ids are resolved by the store
	Revision Snapshot
	By       int64 // user id of the editor saving
	// Expect, when set, is the updated_at the editor started from: the
	// update is refused (a conflict) if the article was saved since.
	Expect time.Time
}

// Filter narrows a list of published articles to one section, series, topic
// or author.
type Filter struct {
	SectionID, SeriesID, TopicID, AuthorID int64
	ExcludeID                              int64
}

// ArticleRef is enough of an article to link to it.
type ArticleRef struct {
	ID       int64
	Slug     string
	Headline string
	Status   Status
	// EmbargoUntil is the article's embargo, zero when none.
	EmbargoUntil time.Time
}

// URL is the article's public path.
func (r ArticleRef) URL() string { return "/articles/" + r.Slug }
