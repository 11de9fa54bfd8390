package admin

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// Front-page curation (decision 0040): the desk pins the lead and top
// stories of the home page (/admin/front) and of each section page
// (/admin/front/sections/{slug}) in a draft, previews it as readers would
// see it, and publishes it. One form per page, with buttons to move a slot
// up or down and to clear it, so it works without JavaScript.

// DeskStore is what the desk's pages read; *store.DB is one.
type DeskStore interface {
	FrontLayout(ctx context.Context, sectionID int64, draft bool) (content.FrontLayout, error)
	ListPublished(ctx context.Context, f content.Filter, after content.Cursor, limit int) ([]content.Article, error)
	RecentImages(ctx context.Context, limit int) ([]content.Image, error)
	CountListArticles(ctx context.Context, kind string, id int64) (int, error)
}

// FrontPreviewer writes a front page with its draft layout; the reader
// site is one.
type FrontPreviewer interface {
	PreviewFront(w http.ResponseWriter, r *http.Request, sectionID int64, editURL string) error
}

// How many recent articles and images the pickers offer.
const (
	frontArticleChoices = 60
	frontImageChoices   = 40
)

type frontView struct {
	Heading   string // "Home page", "Section: News"
	Base      string // the form's address
	PublicURL string // the page readers see
	Slots     []frontSlotView
	Articles  []frontChoice
	Images    []content.Image
	Sections  []content.Section
	Current   int64 // the section shown, 0 for home
	HasDraft  bool
	DraftAt   time.Time
	DraftBy   string
	Published time.Time
	PubBy     string
}

type frontSlotView struct {
	N         int
	Name      string // "Lead", "Top story 2"
	ArticleID int64
	Headline  string
	ImageID   int64
	ImageAlt  string
	Gone      bool // pinned, but no longer published
	First     bool
	Last      bool
}

// Field is the form field of the slot named part ("" for its article).
func (s frontSlotView) Field(part string) string {
	f := "slot_" + strconv.Itoa(s.N)
	if part != "" {
		f += "_" + part
	}
	return f
}

type frontChoice struct {
	ID       int64
	Headline string
	Date     time.Time
}

// frontTarget is the page of the request: the home page, or the section
// of {slug}.
func (a *Admin) frontTarget(r *http.Request) (sec content.Section, base, public string, err error) {
	slug := r.PathValue("slug")
	if slug == "" {
		return content.Section{}, "/admin/front", "/", nil
	}
	secs, err := a.store.ListSections(r.Context())
	if err != nil {
		return sec, "", "", err
	}
	for _, s := range secs {
		if s.Slug == slug {
			return s, "/admin/front/sections/" + s.Slug, "/sections/" + s.Slug, nil
		}
	}
	return sec, "", "", errNotFound
}

func (a *Admin) frontPage(w http.ResponseWriter, r *http.Request) error {
	sec, base, public, err := a.frontTarget(r)
	if err != nil {
		return err
	}
	l, err := a.store.FrontLayout(r.Context(), sec.ID, true)
	if err != nil {
		return err
	}
	slots := make([]frontSlotView, content.FrontSlots)
	for _, s := range l.Slots {
		if s.Slot >= 0 && s.Slot < len(slots) {
			slots[s.Slot] = frontSlotView{ArticleID: s.ArticleID, Headline: s.Headline, ImageID: s.ImageID, ImageAlt: s.ImageAlt}
		}
	}
	v, err := a.frontView(r, sec, base, public, slots, l)
	if err != nil {
		return err
	}
	p := &page{Title: "Front page: " + v.Heading, Nav: "front", Data: v}
	switch r.URL.Query().Get("done") {
	case "saved":
		p.Notice = "Draft saved. Preview it, then publish it for readers to see."
	case "published":
		p.Notice = "Published: readers see this layout now."
	case "discarded":
		p.Notice = "Draft discarded: the layout is the one readers see."
	}
	return a.ok(w, r, "front", p)
}

// frontView gathers what the form shows around the slots.
func (a *Admin) frontView(r *http.Request, sec content.Section, base, public string, slots []frontSlotView, l content.FrontLayout) (*frontView, error) {
	ctx := r.Context()
	v := &frontView{Heading: "Home page", Base: base, PublicURL: public, Slots: slots, Current: sec.ID,
		HasDraft: !l.DraftAt.IsZero(), DraftAt: l.DraftAt, Published: l.PublishedAt}
	if sec.ID != 0 {
		v.Heading = "Section: " + sec.Name
	}
	var err error
	if v.Sections, err = a.store.ListSections(ctx); err != nil {
		return nil, err
	}
	recent, err := a.store.ListPublished(ctx, content.Filter{SectionID: sec.ID}, content.Cursor{}, frontArticleChoices)
	if err != nil {
		return nil, err
	}
	offered, live := map[int64]bool{}, map[int64]bool{}
	for _, art := range recent {
		v.Articles = append(v.Articles, frontChoice{ID: art.ID, Headline: art.Headline, Date: art.PublishedAt})
		offered[art.ID], live[art.ID] = true, true
	}
	// Pinned articles older than the list, or no longer published, are
	// offered too, so that the form shows what is pinned.
	var ids []int64
	for _, s := range slots {
		if s.ArticleID != 0 && !offered[s.ArticleID] {
			ids = append(ids, s.ArticleID)
		}
	}
	pinned := map[int64]content.ArticleRef{}
	if len(ids) > 0 {
		if pinned, err = a.store.ArticleRefs(ctx, ids); err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		if ref, ok := pinned[id]; ok && !offered[id] {
			v.Articles = append(v.Articles, frontChoice{ID: id, Headline: ref.Headline})
			offered[id], live[id] = true, ref.Status == content.StatusPublished
		}
	}
	images, err := a.store.RecentImages(ctx, frontImageChoices)
	if err != nil {
		return nil, err
	}
	haveImage := map[int64]bool{}
	for _, img := range images {
		haveImage[img.ID] = true
	}
	for _, s := range slots {
		if s.ImageID != 0 && !haveImage[s.ImageID] {
			if img, err := a.store.GetImage(ctx, s.ImageID); err == nil {
				images = append(images, img)
				haveImage[img.ID] = true
			}
		}
	}
	v.Images = images
	for i := range v.Slots {
		s := &v.Slots[i]
		s.N, s.Name, s.First, s.Last = i, "Lead", i == 0, i == len(v.Slots)-1
		if i > 0 {
			s.Name = "Top story " + strconv.Itoa(i)
		}
		s.Gone = s.ArticleID != 0 && !live[s.ArticleID]
	}
	v.DraftBy, v.PubBy = a.userName(ctx, l.DraftBy), a.userName(ctx, l.PublishedBy)
	return v, nil
}

// userName is a staff member's name, "" when unknown or gone.
func (a *Admin) userName(ctx context.Context, id int64) string {
	if id == 0 {
		return ""
	}
	u, err := a.auth.GetUser(ctx, id)
	if err != nil {
		return ""
	}
	return u.Name
}

// saveFront saves the draft as the form has it, after the move or clear
// button pressed, if any.
func (a *Admin) saveFront(w http.ResponseWriter, r *http.Request) error {
	sec, base, public, err := a.frontTarget(r)
	if err != nil {
		return err
	}
	slots := make([]frontSlotView, content.FrontSlots)
	bad := apperr.Fields{}
	for i := range slots {
		s := &slots[i]
		s.N = i
		s.ArticleID = formNumber(r, s.Field(""), bad, "Choose an article from the list.")
		s.Headline = r.PostFormValue(s.Field("headline"))
		s.ImageID = formNumber(r, s.Field("image"), bad, "Choose a picture from the list.")
		s.ImageAlt = r.PostFormValue(s.Field("alt"))
	}
	move := func(i, j int) {
		if i >= 0 && j >= 0 && i < len(slots) && j < len(slots) {
			slots[i], slots[j] = slots[j], slots[i]
		}
	}
	if m := r.PostFormValue("move"); m != "" {
		dir, n, _ := strings.Cut(m, "-")
		i, err := strconv.Atoi(n)
		switch {
		case err != nil:
		case dir == "up":
			move(i, i-1)
		case dir == "down":
			move(i, i+1)
		}
	}
	if c := r.PostFormValue("clear"); c != "" {
		if i, err := strconv.Atoi(c); err == nil && i >= 0 && i < len(slots) {
			slots[i] = frontSlotView{}
		}
	}
	l := content.FrontLayout{SectionID: sec.ID}
	for i, s := range slots {
		if s.ArticleID != 0 || strings.TrimSpace(s.Headline) != "" || s.ImageID != 0 {
			l.Slots = append(l.Slots, content.FrontSlot{Slot: i, ArticleID: s.ArticleID, Headline: s.Headline, ImageID: s.ImageID, ImageAlt: s.ImageAlt})
		}
	}
	err = bad.Err()
	if err == nil {
		err = a.content.SaveFrontDraft(r.Context(), actor(sessionFrom(r.Context())), l)
	}
	if err != nil {
		cur, lerr := a.store.FrontLayout(r.Context(), sec.ID, true)
		if lerr != nil {
			return lerr
		}
		v, verr := a.frontView(r, sec, base, public, slots, cur)
		if verr != nil {
			return verr
		}
		return again("front", &page{Title: "Front page: " + v.Heading, Nav: "front", Data: v}, err)
	}
	return seeOther(w, r, base+"?done=saved#slots")
}

// formNumber reads an optional id from a form field: 0 when empty, and a
// message on bad when it is not a positive number.
func formNumber(r *http.Request, field string, bad apperr.Fields, msg string) int64 {
	s := strings.TrimSpace(r.PostFormValue(field))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		bad.Add(field, msg)
		return 0
	}
	return n
}

func (a *Admin) publishFront(w http.ResponseWriter, r *http.Request) error {
	sec, base, _, err := a.frontTarget(r)
	if err != nil {
		return err
	}
	if err := a.content.PublishFront(r.Context(), actor(sessionFrom(r.Context())), sec.ID); err != nil {
		return err
	}
	return seeOther(w, r, base+"?done=published")
}

func (a *Admin) discardFront(w http.ResponseWriter, r *http.Request) error {
	sec, base, _, err := a.frontTarget(r)
	if err != nil {
		return err
	}
	if err := a.content.DiscardFrontDraft(r.Context(), actor(sessionFrom(r.Context())), sec.ID); err != nil {
		return err
	}
	return seeOther(w, r, base+"?done=discarded")
}

// previewFront shows the page with its draft, as readers would see it.
func (a *Admin) previewFront(w http.ResponseWriter, r *http.Request) error {
	fp, ok := a.preview.(FrontPreviewer)
	if !ok {
		return apperr.New(apperr.NotFound, "Previews are not available here.")
	}
	sec, base, _, err := a.frontTarget(r)
	if err != nil {
		return err
	}
	return fp.PreviewFront(w, r, sec.ID, base)
}
