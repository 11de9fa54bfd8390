package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// A published article's saves wait as its pending version until someone
// who may publish it publishes them, now or at a time (decision 0039).

// pendingView is the editor's "Pending changes" panel.
type pendingView struct {
	content.Pending
	By string
}

// previewPending shows a published article with its pending changes, as
// readers would see it once they are published:
// GET /admin/articles/{id}/pending/preview.
func (a *Admin) previewPending(w http.ResponseWriter, r *http.Request) error {
	if a.preview == nil {
		return apperr.New(apperr.NotFound, "Previews are not available here.")
	}
	ctx := r.Context()
	art, err := a.editable(r)
	if err != nil {
		return err
	}
	p, err := a.content.PendingOf(ctx, art.ID)
	if err != nil {
		return err
	}
	v, err := a.pendingArticleView(ctx, art, p)
	if err != nil {
		return err
	}
	return a.preview.PreviewView(w, r, v, "/admin/articles/"+strconv.FormatInt(art.ID, 10))
}

// pendingArticleView is art with its pending changes, byline and topics
// included, as the site draws it.
func (a *Admin) pendingArticleView(ctx context.Context, art content.Article, p content.Pending) (content.ArticleView, error) {
	changed, err := a.content.PendingArticle(ctx, art, p)
	if err != nil {
		return content.ArticleView{}, err
	}
	views, err := a.store.Views(ctx, []content.Article{changed})
	if err != nil {
		return content.ArticleView{}, err
	}
	v := views[0]
	v.Authors = v.Authors[:0:0]
	for _, id := range changed.AuthorIDs {
		if au, err := a.store.GetAuthor(ctx, id); err == nil {
			v.Authors = append(v.Authors, au)
		}
	}
	topics, _ := content.ParseTopics(strings.Join(p.Snapshot.Topics, ","))
	v.Topics = topics
	return v, nil
}

// publishPending publishes the stored pending version now, after the
// checks: POST /admin/articles/{id}/pending/publish.
func (a *Admin) publishPending(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	art, err := a.editable(r)
	if err != nil {
		return err
	}
	res, err := a.content.PublishChanges(ctx, actor(sessionFrom(ctx)), art.ID)
	var checks *content.ChecksError
	if errors.As(err, &checks) {
		p, perr := a.editorPage(ctx, art)
		if perr != nil {
			return perr
		}
		p.Problems = res.Problems
		return refuse("editor", p, "Not published: the changes fail the checks marked below. Fix them and save, then publish.")
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/admin/articles/%d?done=publish-changes", art.ID))
}

// discardPending drops the pending version: POST /admin/articles/{id}/pending/discard.
func (a *Admin) discardPending(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	art, err := a.editable(r)
	if err != nil {
		return err
	}
	if err := a.content.DiscardChanges(ctx, actor(sessionFrom(ctx)), art.ID); err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/admin/articles/%d?done=discard-changes", art.ID))
}

// formOfSnapshot is the editor form filled from a stored version (a
// pending version or an autosave), at version.
func formOfSnapshot(sn content.Snapshot, version int64) editorForm {
	f := editorForm{Headline: sn.Headline, Standfirst: sn.Standfirst, Slug: sn.Slug, Body: sn.BodySource,
		SectionID: sn.SectionID, SeriesID: sn.SeriesID, LeadImageID: sn.LeadImageID, LeadAlt: sn.LeadAlt,
		LeadCaption: sn.LeadCaption, LeadCredit: sn.LeadCredit, Correction: sn.Correction, AllowRepeats: sn.AllowRepeats,
		ShowRelated: !sn.HideRelated, Topics: strings.Join(sn.Topics, ", "), Version: version,
		SEOTitle: sn.SEOTitle, SocialTitle: sn.SocialTitle, SocialDescription: sn.SocialDescription}
	f.AuthorIDs = append(f.AuthorIDs, sn.AuthorIDs...)
	f.LeadCrop = sn.LeadCrop
	f.setLeadFocus(sn.LeadFocus)
	return f
}
