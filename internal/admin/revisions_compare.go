package admin

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// partRow is one part of two revisions side by side: as words (Old, New)
// or, for texts compared word by word, as a difference.
type partRow struct {
	Label    string
	Old, New string
	Diff     *content.TextDiff
}

type compareView struct {
	Article      content.Article
	From, To     content.Revision
	FromBy, ToBy string
	Parts        []partRow // the parts that differ, body aside
	Same         []string  // the labels of the parts that do not
	Body         content.TextDiff
	BodyChanged  bool
	Identical    bool
}

// compareRevisions shows two revisions of an article side by side:
// GET /admin/articles/{id}/revisions/compare?from=A&to=B, the older on
// the left. Without to, the newest revision; without from, the revision
// to is compared with in the list.
func (a *Admin) compareRevisions(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	art, err := a.viewable(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	to, err := a.revisionParam(ctx, art, q.Get("to"), "to")
	if err != nil {
		return err
	}
	var from content.Revision
	if q.Get("from") == "" {
		from, err = a.store.StoredRevisionBefore(ctx, art.ID, to.ID)
		if apperr.KindOf(err) == apperr.NotFound {
			from, err = to, nil // the first revision: nothing before it
		}
	} else {
		from, err = a.revisionParam(ctx, art, q.Get("from"), "from")
	}
	if err != nil {
		return err
	}
	if from.ID > to.ID {
		from, to = to, from
	}
	names, err := a.userNames(ctx)
	if err != nil {
		return err
	}
	v := compareView{Article: art, From: from, To: to, FromBy: names[from.CreatedBy], ToBy: names[to.CreatedBy]}
	old, cur := a.describeSnapshot(ctx, from.Snapshot), a.describeSnapshot(ctx, to.Snapshot)
	changed := map[content.Part]bool{}
	for _, c := range content.Changes(from.Snapshot, to.Snapshot) {
		changed[c.Part] = true
	}
	for _, p := range content.Parts {
		label := strings.ToUpper(p.Label()[:1]) + p.Label()[1:]
		switch {
		case p == content.PartBody:
			v.BodyChanged = changed[p]
			if changed[p] {
				v.Body = content.DiffBody(from.Snapshot.BodySource, to.Snapshot.BodySource)
			}
		case !changed[p]:
			v.Same = append(v.Same, p.Label())
		case p == content.PartHeadline || p == content.PartStandfirst:
			o, n := from.Snapshot.Headline, to.Snapshot.Headline
			if p == content.PartStandfirst {
				o, n = from.Snapshot.Standfirst, to.Snapshot.Standfirst
			}
			d := content.DiffText(o, n)
			v.Parts = append(v.Parts, partRow{Label: label, Diff: &d})
		default:
			v.Parts = append(v.Parts, partRow{Label: label, Old: old[p], New: cur[p]})
		}
	}
	v.Identical = len(v.Parts) == 0 && !v.BodyChanged
	title := fmt.Sprintf("Compare revisions: %s", art.Headline)
	return a.ok(w, r, "revisions_compare", &page{Title: title, Nav: "articles", Data: v})
}

// revisionParam reads a revision of the article from a query parameter;
// empty means the newest.
func (a *Admin) revisionParam(ctx context.Context, art content.Article, s, name string) (content.Revision, error) {
	if s == "" {
		revs, err := a.store.RevisionsPage(ctx, art.ID, 0, 1)
		if err != nil {
			return content.Revision{}, err
		}
		if len(revs) == 0 {
			return content.Revision{}, errNotFound
		}
		return revs[0], nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return content.Revision{}, apperr.New(apperr.Invalid, fmt.Sprintf("Choose two revisions to compare: %q is not a revision (%s).", s, name))
	}
	rev, err := a.store.GetRevision(ctx, id)
	if err != nil {
		return rev, err
	}
	if rev.ArticleID != art.ID {
		return rev, errNotFound
	}
	return rev, nil
}

// describeSnapshot says each part of a snapshot other than the texts in
// words: names for ids, the address for the slug.
func (a *Admin) describeSnapshot(ctx context.Context, sn content.Snapshot) map[content.Part]string {
	out := map[content.Part]string{content.PartSlug: "/articles/" + sn.Slug}
	placement := "Section: " + a.sectionName(ctx, sn.SectionID)
	if sn.SeriesID != 0 {
		name := "(deleted series)"
		if ser, err := a.store.GetSeries(ctx, sn.SeriesID); err == nil {
			name = ser.Name
		}
		placement += "; series: " + name
	} else {
		placement += "; no series"
	}
	out[content.PartPlacement] = placement
	var authors []string
	for _, id := range sn.AuthorIDs {
		name := "(deleted author)"
		if au, err := a.store.GetAuthor(ctx, id); err == nil {
			name = au.Name
		}
		authors = append(authors, name)
	}
	out[content.PartByline] = orNone(strings.Join(authors, ", "))
	out[content.PartTopics] = orNone(strings.Join(sn.Topics, ", "))
	img := "None"
	if sn.LeadImageID != 0 {
		img = fmt.Sprintf("Image %d", sn.LeadImageID)
		if im, err := a.store.GetImage(ctx, sn.LeadImageID); err == nil && im.Name != "" {
			img = im.Name
		}
		img += "; alt text: " + orNone(sn.LeadAlt) + "; caption: " + orNone(sn.LeadCaption) + "; credit: " + orNone(sn.LeadCredit)
	}
	out[content.PartImage] = img
	out[content.PartSEO] = "SEO title: " + orNone(sn.SEOTitle) + "; social title: " + orNone(sn.SocialTitle) +
		"; social description: " + orNone(sn.SocialDescription)
	out[content.PartRelated] = "Shown at the end"
	if sn.HideRelated {
		out[content.PartRelated] = "Not shown"
	}
	return out
}

func (a *Admin) sectionName(ctx context.Context, id int64) string {
	if sec, err := a.store.GetSection(ctx, id); err == nil {
		return sec.Name
	}
	return "(deleted section)"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
