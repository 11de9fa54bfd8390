package admin

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// saveArticle handles every button of the editor: save, publish, schedule
// and unpublish. A refused save shows the form again as typed, with the
// reasons next to the fields; nothing is lost.
func (a *Admin) saveArticle(w http.ResponseWriter, r *http.Request) (err error) {
	ctx := r.Context()
	sess := sessionFrom(ctx)
	act := actor(sess)
	var old content.Article
	if r.PathValue("id") != "" {
		if old, err = a.editable(r); err != nil {
			return err
		}
	}
	form := readEditorForm(r)
	if _, sent := r.PostForm["show_related"]; !sent {
		form.ShowRelated = !old.HideRelated // a form without the box leaves the setting alone
	}
	action := content.Action(r.PostFormValue("action"))
	if action == "" {
		action = content.ActionSave
	}
	// Refuse what the role cannot do before storing anything, uploads included.
	moves := action == content.ActionSubmit || action == content.ActionApprove
	if err := content.CheckSaveMove(act, old, action); apperr.KindOf(err) == apperr.Forbidden {
		return err
	}
	if action != content.ActionSave && !moves && !content.CanPublish(act, old, form.AuthorIDs) {
		return apperr.New(apperr.Forbidden, "Your role cannot publish, schedule or unpublish this article. Save it and ask an editor.")
	}
	st, err := a.store.GetSettings(ctx)
	if err != nil {
		return err
	}
	v, err := a.editorView(ctx, sess, old, form)
	if err != nil {
		return err
	}
	title := "New article"
	if old.ID != 0 {
		title = "Edit: " + old.Headline
	}
	v.Markdown = markdownMode(r)
	p := &page{Title: title, Nav: "articles", Data: v, Loc: st.Location(), Script: true, Editor: !v.Markdown}

	uploaded, err := a.uploadedImage(r, "lead_image", sess.User.ID)
	if err != nil {
		return again("editor", p, err)
	}
	// A refused save keeps no upload; the form goes back to the image it had.
	defer func() {
		if a.discardRefusedUpload(r, &err, uploaded, "lead_image") {
			v.Form.LeadImageID = keptImage(r, 0, "lead_image_id", "remove_lead_image")
			v.LeadImage = a.image(r, v.Form.LeadImageID)
		}
	}()
	v.Form.LeadImageID = keptImage(r, uploaded, "lead_image_id", "remove_lead_image")
	if err := a.refresh(ctx, sess, v); err != nil {
		return err
	}
	in := inputOf(old.ID, v.Form, action)
	if action == content.ActionSchedule && v.Form.ScheduleAt != "" {
		at, ok := parseLocal(v.Form.ScheduleAt, st.Location())
		if !ok {
			return again("editor", p, apperr.Fields{"schedule_at": "Enter a date and a time, such as 2026-11-20 09:30."})
		}
		in.ScheduleAt = at
	}

	if in.EmbargoUntil, err = embargoInput(r, st.Location()); err != nil {
		return again("editor", p, err)
	}
	res, err := a.content.Save(ctx, act, in)
	var checks *content.ChecksError
	var past *content.ScheduleInPastError
	var stale *content.EditConflictError
	switch {
	case err == nil:
		done := string(action)
		if res.Pending != nil {
			done = "staged"
			if action == content.ActionSchedule {
				done = "schedule-changes"
			}
		} else if action == content.ActionPublish && old.Status == content.StatusPublished {
			done = "publish-changes"
		} else if moves {
			done = "save-" + done
		}
		return seeOther(w, r, fmt.Sprintf("/admin/articles/%d?done=%s", res.Article.ID, done))
	case errors.As(err, &stale):
		// Keep what this writer typed; a second save is a deliberate
		// overwrite, and the other version stays in the revisions.
		v.Article, v.Form.Version = stale.Current, stale.Version
		return &formError{page: "editor", p: p, err: apperr.New(apperr.Conflict,
			"Not saved: this article was saved again at "+stale.At.In(st.Location()).Format("15:04 on 2 January")+
				", after you opened it (by someone else, or in another window). Your version is below and the other is in Revisions. Copy what you need, or save again to replace the other version with yours.")}
	case errors.As(err, &checks):
		p.Problems = res.Problems
		if action == content.ActionPublish && old.Status != content.StatusPublished && res.Article.ID != 0 {
			// The work was kept as a draft; from now on the form edits it.
			v.Article = res.Article
			st := content.StatsOf(res.Article)
			v.Stats = &st
			v.Form.Version = res.Article.UpdatedAt.UnixMicro()
			v.Action = "/admin/articles/" + strconv.FormatInt(res.Article.ID, 10)
			if strings.TrimSpace(v.Form.Slug) == "" {
				v.Form.Slug = res.Article.Slug
			}
			return refuse("editor", p, "Saved, but not published: fix the checks marked below first.")
		}
		if old.Status == content.StatusPublished {
			return refuse("editor", p, "Not saved: the published article would fail the checks marked below. Fix them, or unpublish it first.")
		}
		return refuse("editor", p, "Not scheduled: fix the checks marked below first.")
	case errors.As(err, &past):
		v.AskPublishNow = true
		return refuse("editor", p, "That time has passed — publish now?")
	case moves && apperr.KindOf(err) == apperr.Conflict:
		// The article's state allows no such move: nothing was saved, and
		// the form keeps what was typed.
		return &formError{page: "editor", p: p, err: err}
	}
	return again("editor", p, withoutGeneratedSlug(err, v.Form))
}

// withoutGeneratedSlug drops the slug's message when the slug was left
// empty to be made from a headline that is itself missing: the headline's
// message says what to do.
func withoutGeneratedSlug(err error, f editorForm) error {
	var bad apperr.Fields
	if !errors.As(err, &bad) || strings.TrimSpace(f.Slug) != "" || bad["headline"] == "" || bad["slug"] == "" {
		return err
	}
	out := apperr.Fields{}
	for k, m := range bad {
		if k != "slug" {
			out[k] = m
		}
	}
	return out
}

// refuse shows a form again with a message about the whole form.
func refuse(name string, p *page, msg string) error {
	return &formError{page: name, p: p, err: apperr.New(apperr.Invalid, msg)}
}

func readEditorForm(r *http.Request) editorForm {
	f := editorForm{
		Headline: r.PostFormValue("headline"), Standfirst: r.PostFormValue("standfirst"), Slug: r.PostFormValue("slug"),
		Topics: r.PostFormValue("topics"), Body: r.PostFormValue("body"), BodyHTML: r.PostFormValue("body_html"),
		SectionID: formID(r, "section"), SeriesID: formID(r, "series"),
		LeadAlt: r.PostFormValue("lead_alt"), LeadCaption: r.PostFormValue("lead_caption"), LeadCredit: r.PostFormValue("lead_credit"),
		Correction: r.PostFormValue("correction"), AllowRepeats: r.PostFormValue("allow_repeats") != "",
		ScheduleAt: r.PostFormValue("schedule_at"), EmbargoUntil: r.PostFormValue("embargo_until"), ShowRelated: slices.Contains(r.PostForm["show_related"], "1"),
		SEOTitle: r.PostFormValue("seo_title"), SocialTitle: r.PostFormValue("social_title"),
		SocialDescription: r.PostFormValue("social_description"),
	}
	_, f.richSent = r.PostForm["body_html"]
	f.readLeadCrop(r)
	f.Version, _ = strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	for i := 1; i <= maxAuthors; i++ {
		f.AuthorIDs = append(f.AuthorIDs, formID(r, "author"+strconv.Itoa(i)))
	}
	return f
}

func inputOf(id int64, f editorForm, action content.Action) content.ArticleInput {
	in := content.ArticleInput{ID: id, Headline: f.Headline, Standfirst: f.Standfirst, Slug: f.Slug,
		SectionID: f.SectionID, SeriesID: f.SeriesID, Topics: f.Topics, BodySource: f.Body, BodyHTML: f.BodyHTML,
		LeadImageID: f.LeadImageID, LeadAlt: f.LeadAlt, LeadCaption: f.LeadCaption, LeadCredit: f.LeadCredit,
		Correction: f.Correction, AllowRepeats: f.AllowRepeats, Action: action, Version: f.Version, HideRelated: !f.ShowRelated,
		SEOTitle: f.SEOTitle, SocialTitle: f.SocialTitle, SocialDescription: f.SocialDescription,
		LeadCrop: f.LeadCrop, LeadFocus: f.leadFocus()}
	for _, id := range f.AuthorIDs {
		if id != 0 {
			in.AuthorIDs = append(in.AuthorIDs, id)
		}
	}
	return in
}
