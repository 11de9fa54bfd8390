package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/campaign"
	"masthead/internal/content"
	"masthead/internal/newsletter"
)

// The send pages (decision record 0028): editors and admins compose an
// issue from published articles, preview it, test it on staff addresses
// and send it to a newsletter's confirmed readers, now or at a time. They
// see counts, never a subscriber's address. Every change goes through
// campaign.Service, which refuses a change the campaign's state does not
// allow; the pages show its message.

const (
	campaignsPerPage = 25
	pickerSize       = 10 // recent published articles offered by the picker
	recentSize       = 10 // articles "Add the week's most recent" brings in
	maxQuery         = 200
)

type campaignRow struct {
	campaign.Campaign
	Newsletter string
}

type campaignListView struct {
	Rows        []campaignRow
	Newsletters []newsletter.Newsletter
	Newsletter  int64 // the filter, 0 for all
	Next, First string
	Paged       bool
}

// campaignList lists campaigns, newest first, 25 a page, by newsletter.
func (a *Admin) campaignList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	v := &campaignListView{}
	v.Newsletter, _ = strconv.ParseInt(q.Get("newsletter"), 10, 64)
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	v.Newsletter, before = max(v.Newsletter, 0), max(before, 0)
	v.Paged = before > 0
	list, err := a.campaigns.List(ctx, v.Newsletter, before, campaignsPerPage+1)
	if err != nil {
		return err
	}
	if v.Newsletters, err = a.newsletters.Newsletters(ctx); err != nil {
		return err
	}
	filter := url.Values{}
	if v.Newsletter != 0 {
		filter.Set("newsletter", strconv.FormatInt(v.Newsletter, 10))
	}
	v.First = "/admin/campaigns"
	if len(filter) > 0 {
		v.First += "?" + filter.Encode()
	}
	if len(list) > campaignsPerPage {
		list = list[:campaignsPerPage]
		filter.Set("before", strconv.FormatInt(list[len(list)-1].ID, 10))
		v.Next = "/admin/campaigns?" + filter.Encode()
	}
	for _, c := range list {
		v.Rows = append(v.Rows, campaignRow{Campaign: c, Newsletter: newsletterName(v.Newsletters, c.NewsletterID)})
	}
	p := &page{Title: "Send newsletters", Nav: "campaigns", Data: v}
	return a.ok(w, r, "campaigns", p)
}

func newsletterName(list []newsletter.Newsletter, id int64) string {
	for _, n := range list {
		if n.ID == id {
			return n.Name
		}
	}
	return "(removed newsletter)"
}

// composeForm is the issue as its form holds it: ArticleIDs in order.
type composeForm struct {
	ID, Version  int64
	NewsletterID int64
	Subject      string
	Preheader    string
	Intro        string
	ArticleIDs   []int64
	Query        string // the picker's search
}

type newsletterOption struct {
	newsletter.Newsletter
	Confirmed int
}

type pickedArticle struct {
	Index       int
	ID          int64
	Headline    string
	Published   bool
	First, Last bool
}

type composeView struct {
	Action      string
	F           composeForm
	Newsletters []newsletterOption
	Chosen      []pickedArticle
	Results     []pickedArticle // the picker: recent published articles not chosen yet
	Max         int
	Full        bool // MaxArticles chosen
}

// newCampaign opens the form for a new issue; ?article= chooses an article
// (the editor's "Send as newsletter") and its headline as the subject.
func (a *Admin) newCampaign(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	f := composeForm{}
	f.NewsletterID, _ = strconv.ParseInt(q.Get("newsletter"), 10, 64)
	if id, err := strconv.ParseInt(q.Get("article"), 10, 64); err == nil && id > 0 {
		if art, err := a.store.GetArticle(ctx, id); err == nil && art.Status == content.StatusPublished {
			f.ArticleIDs, f.Subject = []int64{id}, art.Headline
		}
	}
	return a.showCompose(w, r, http.StatusOK, f, "/admin/campaigns/new", nil)
}

// editCampaign opens the form of a campaign whose send has not started.
func (a *Admin) editCampaign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := a.campaigns.Get(r.Context(), id)
	if err != nil {
		return err
	}
	if !c.Editable() {
		return apperr.New(apperr.Conflict, "This campaign can no longer be changed: its send has started or finished.")
	}
	f := composeForm{ID: c.ID, Version: c.Version, NewsletterID: c.NewsletterID, Subject: c.Subject, Preheader: c.Preheader,
		Intro: c.Intro, ArticleIDs: c.ArticleIDs}
	return a.showCompose(w, r, http.StatusOK, f, r.URL.Path, nil)
}

// readCompose reads the form; ids that are not numbers are dropped, and
// at most a few more than MaxArticles are read (the service refuses more).
func readCompose(r *http.Request, id int64) composeForm {
	pf := r.PostFormValue
	f := composeForm{ID: id, Version: formID(r, "version"), NewsletterID: formID(r, "newsletter"), Subject: pf("subject"),
		Preheader: pf("preheader"), Intro: pf("intro"), Query: strings.TrimSpace(pf("q"))}
	for _, s := range r.PostForm["article"] {
		if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && n > 0 && len(f.ArticleIDs) <= campaign.MaxArticles {
			f.ArticleIDs = append(f.ArticleIDs, n)
		}
	}
	return f
}

// composeCampaign handles every button of the form. Only "Save draft"
// stores anything; the others (search, add, remove, move up or down, add
// the week's most recent) change the form and show it again, so the form
// works without JavaScript.
func (a *Admin) composeCampaign(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sess := sessionFrom(ctx)
	id, err := optionalID(r)
	if err != nil {
		return err
	}
	if id != 0 {
		c, err := a.campaigns.Get(ctx, id)
		if err != nil {
			return err
		}
		if !c.Editable() {
			return apperr.New(apperr.Conflict, "This campaign can no longer be changed: its send has started or finished.")
		}
	}
	f := readCompose(r, id)
	action := r.URL.Path
	ids := f.ArticleIDs
	index := func(name string) (int, bool) {
		i, err := strconv.Atoi(r.PostFormValue(name))
		return i, err == nil && i >= 0 && i < len(ids)
	}
	var msg apperr.Fields
	switch {
	case r.PostFormValue("add") != "":
		n := formID(r, "add")
		switch {
		case n == 0 || slices.Contains(ids, n):
		case len(ids) >= campaign.MaxArticles:
			msg = apperr.Fields{"articles": fmt.Sprintf("An issue can have at most %d articles.", campaign.MaxArticles)}
		default:
			ids = append(ids, n)
		}
	case r.PostFormValue("remove") != "":
		if i, ok := index("remove"); ok {
			ids = slices.Delete(ids, i, i+1)
		}
	case r.PostFormValue("up") != "":
		if i, ok := index("up"); ok && i > 0 {
			ids[i-1], ids[i] = ids[i], ids[i-1]
		}
	case r.PostFormValue("down") != "":
		if i, ok := index("down"); ok && i < len(ids)-1 {
			ids[i+1], ids[i] = ids[i], ids[i+1]
		}
	case r.PostFormValue("recent") != "":
		recent, err := a.campaigns.Recent(ctx, recentSize)
		if err != nil {
			return err
		}
		if len(recent) == 0 {
			msg = apperr.Fields{"articles": "Nothing was published in the last seven days: choose articles from the list."}
		}
		for _, n := range recent {
			if !slices.Contains(ids, n) && len(ids) < campaign.MaxArticles {
				ids = append(ids, n)
			}
		}
	case r.PostFormValue("save") != "":
		return a.saveCampaign(w, r, sess, f, action)
	}
	f.ArticleIDs = ids
	if msg != nil {
		return a.showCompose(w, r, http.StatusUnprocessableEntity, f, action, msg)
	}
	return a.showCompose(w, r, http.StatusOK, f, action, nil)
}

func (a *Admin) saveCampaign(w http.ResponseWriter, r *http.Request, sess *auth.Session, f composeForm, action string) error {
	ctx := r.Context()
	if strings.TrimSpace(f.Subject) == "" && len(f.ArticleIDs) == 1 {
		// One article: its headline is the subject unless one is typed.
		if art, err := a.store.GetArticle(ctx, f.ArticleIDs[0]); err == nil && art.Status == content.StatusPublished {
			f.Subject = art.Headline
		}
	}
	id, err := a.campaigns.Save(ctx, campaign.Draft{ID: f.ID, NewsletterID: f.NewsletterID, Subject: f.Subject, Preheader: f.Preheader,
		Intro: f.Intro, ArticleIDs: f.ArticleIDs, Version: f.Version, By: sess.User.ID})
	switch apperr.KindOf(err) {
	case apperr.Invalid:
		return a.showCompose(w, r, http.StatusUnprocessableEntity, f, action, err)
	case apperr.Conflict:
		return a.showCompose(w, r, http.StatusConflict, f, action, err)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/admin/campaigns/%d?done=saved", id))
}

// showCompose renders the form for f with status, and err's messages.
func (a *Admin) showCompose(w http.ResponseWriter, r *http.Request, status int, f composeForm, action string, err error) error {
	ctx := r.Context()
	if q := []rune(f.Query); len(q) > maxQuery {
		f.Query = string(q[:maxQuery])
	}
	v := &composeView{Action: action, F: f, Max: campaign.MaxArticles, Full: len(f.ArticleIDs) >= campaign.MaxArticles}
	nls, err2 := a.newsletters.Newsletters(ctx)
	if err2 != nil {
		return err2
	}
	counts, err2 := a.subscribers.CountSubscribers(ctx)
	if err2 != nil {
		return err2
	}
	for _, row := range newsletterRows(nls, counts) {
		v.Newsletters = append(v.Newsletters, newsletterOption{Newsletter: row.Newsletter, Confirmed: row.Count.Confirmed})
	}
	refs, err2 := a.store.ArticleRefs(ctx, f.ArticleIDs)
	if err2 != nil {
		return err2
	}
	for i, id := range f.ArticleIDs {
		ref, ok := refs[id]
		pa := pickedArticle{Index: i, ID: id, Headline: ref.Headline, Published: ok && ref.Status == content.StatusPublished,
			First: i == 0, Last: i == len(f.ArticleIDs)-1}
		if !ok {
			pa.Headline = fmt.Sprintf("(article %d does not exist)", id)
		}
		v.Chosen = append(v.Chosen, pa)
	}
	list, err2 := a.store.ListArticles(ctx, content.StatusPublished, f.Query, content.Cursor{}, pickerSize+len(f.ArticleIDs))
	if err2 != nil {
		return err2
	}
	for _, art := range list {
		if !slices.Contains(f.ArticleIDs, art.ID) && len(v.Results) < pickerSize {
			v.Results = append(v.Results, pickedArticle{ID: art.ID, Headline: art.Headline, Published: true})
		}
	}
	title := "New issue"
	if f.ID != 0 {
		title = "Edit issue"
	}
	p := &page{Title: title, Nav: "campaigns", Data: v}
	if err != nil {
		p.setError(err)
	}
	return a.render(w, r, status, "campaign_form", p)
}

// campaignView is a campaign's page.
type campaignView struct {
	C          campaign.Campaign
	Newsletter newsletter.Newsletter
	Articles   []pickedArticle
	Recipients int // who a send started now would go to
	Progress   progressJSON
	Preview    campaign.Preview
	PreviewErr string
	Staff      []staffChoice
	Tested     []auth.User // after a test send: who it went to
	ScheduleAt string      // the schedule field, datetime-local in the publication's zone
	Events     map[string]int
	HasEvents  bool
}

type staffChoice struct {
	auth.User
	Checked bool
}

// The states' buttons: what the campaign service would allow.

func (v *campaignView) CanEdit() bool { return v.C.Editable() }
func (v *campaignView) CanSend() bool {
	return v.C.Status == campaign.StatusDraft || v.C.Status == campaign.StatusScheduled
}
func (v *campaignView) CanSchedule() bool   { return v.CanSend() }
func (v *campaignView) CanUnschedule() bool { return v.C.Status == campaign.StatusScheduled }
func (v *campaignView) CanPause() bool {
	return v.C.Status == campaign.StatusSending || v.C.Status == campaign.StatusScheduled
}
func (v *campaignView) CanResume() bool {
	return v.C.Status == campaign.StatusPaused || v.C.Status == campaign.StatusFailed
}
func (v *campaignView) CanCancel() bool {
	switch v.C.Status {
	case campaign.StatusDraft, campaign.StatusScheduled, campaign.StatusSending, campaign.StatusPaused, campaign.StatusFailed:
		return true
	}
	return false
}

// Sending is whether the send is at work: the page follows its progress.
func (v *campaignView) Sending() bool { return v.C.Status == campaign.StatusSending }

// Started is whether the send has begun (its progress and results exist).
func (v *campaignView) Started() bool { return !v.C.StartedAt.IsZero() }

// Finished is whether the send is over: its results are final.
func (v *campaignView) Finished() bool { return !v.C.FinishedAt.IsZero() }

func (a *Admin) campaignPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := a.campaignPageFor(r, id)
	if err != nil {
		return err
	}
	v := p.Data.(*campaignView)
	switch r.URL.Query().Get("done") {
	case "saved":
		p.Notice = "Saved as a draft. Preview it, send a test, then send or schedule it."
	case "test":
		p.Notice = "Test email sent."
		v.Tested = a.testedStaff(r.Context(), r.URL.Query().Get("to"))
	case "scheduled":
		p.Notice = "Scheduled for " + p.Time(v.C.ScheduledAt) + "."
	case "unscheduled":
		p.Notice = "No longer scheduled: it is a draft again."
	case "sending":
		p.Notice = "Sending has started."
	case "paused":
		p.Notice = "Paused. Nobody is skipped when you resume."
	case "resumed":
		p.Notice = "Resumed."
	case "cancelled":
		p.Notice = "Cancelled."
	}
	return a.ok(w, r, "campaign", p)
}

// campaignPageFor builds the page of campaign id, for showing or for a
// refused form to show again.
func (a *Admin) campaignPageFor(r *http.Request, id int64) (*page, error) {
	ctx := r.Context()
	c, err := a.campaigns.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &campaignView{C: c}
	if v.Newsletter, err = a.newsletters.Newsletter(ctx, c.NewsletterID); err != nil && apperr.KindOf(err) != apperr.NotFound {
		return nil, err
	}
	refs, err := a.store.ArticleRefs(ctx, c.ArticleIDs)
	if err != nil {
		return nil, err
	}
	for i, aid := range c.ArticleIDs {
		ref := refs[aid]
		v.Articles = append(v.Articles, pickedArticle{Index: i, ID: aid, Headline: ref.Headline, Published: ref.Status == content.StatusPublished})
	}
	if !v.Started() {
		if v.Recipients, err = a.campaignDB.CountRecipients(ctx, c.NewsletterID, a.now()); err != nil {
			return nil, err
		}
	}
	prog, err := a.campaigns.Progress(ctx, id)
	if err != nil {
		return nil, err
	}
	v.Progress = progressOf(prog)
	v.Preview, err = a.campaigns.Preview(ctx, id)
	if err != nil {
		if v.PreviewErr = problemOf(err); v.PreviewErr == "" {
			return nil, err
		}
	}
	if v.Finished() && a.events != nil {
		if v.Events, err = a.events.CampaignEventCounts(ctx, id); err != nil {
			return nil, err
		}
		v.HasEvents = true
	}
	users, err := a.auth.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	me := sessionFrom(ctx).User.ID
	for _, u := range users {
		if u.Active() {
			v.Staff = append(v.Staff, staffChoice{User: u, Checked: u.ID == me})
		}
	}
	p := &page{Title: c.Subject, Nav: "campaigns", Data: v, Script: true}
	if v.Sending() {
		p.Refresh = 5
	}
	if !c.ScheduledAt.IsZero() {
		loc := time.UTC
		if st, err := a.store.GetSettings(ctx); err == nil {
			loc = st.Location()
		}
		v.ScheduleAt = c.ScheduledAt.In(loc).Format(localLayout)
	}
	return p, nil
}

// testedStaff is the staff named in a test's notice, from their ids in
// the address: names and addresses come from the accounts, so a crafted
// link cannot put words on the page.
func (a *Admin) testedStaff(ctx context.Context, ids string) []auth.User {
	var out []auth.User
	users, err := a.auth.ListUsers(ctx)
	if err != nil {
		return nil
	}
	for _, s := range strings.Split(ids, ",") {
		id, _ := strconv.ParseInt(s, 10, 64)
		for _, u := range users {
			if u.ID == id && u.Active() {
				out = append(out, u)
			}
		}
	}
	return out
}

// campaignRefused shows the campaign's page again with err: a field's
// message next to it (422), or the service's refusal of a state change
// at the top (409).
func (a *Admin) campaignRefused(r *http.Request, id int64, err error, keep func(*campaignView)) error {
	switch apperr.KindOf(err) {
	case apperr.Invalid, apperr.Conflict:
	default:
		return err
	}
	p, perr := a.campaignPageFor(r, id)
	if perr != nil {
		return errors.Join(err, perr)
	}
	if keep != nil {
		keep(p.Data.(*campaignView))
	}
	return &formError{page: "campaign", p: p, err: err}
}

// sendTest sends the campaign's email to the staff ticked on its page.
func (a *Admin) sendTest(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	users, err := a.auth.ListUsers(ctx)
	if err != nil {
		return err
	}
	var to []string
	var ids []string
	for _, s := range r.PostForm["to"] {
		uid, _ := strconv.ParseInt(s, 10, 64)
		for _, u := range users {
			if u.ID == uid && u.Active() && !slices.Contains(ids, s) {
				to, ids = append(to, u.Email), append(ids, s)
			}
		}
	}
	keep := func(v *campaignView) {
		for i := range v.Staff {
			v.Staff[i].Checked = slices.Contains(ids, strconv.FormatInt(v.Staff[i].ID, 10))
		}
	}
	if len(to) == 0 {
		return a.campaignRefused(r, id, apperr.Fields{"addresses": "Tick at least one member of staff to send the test to."}, keep)
	}
	if err := a.campaigns.SendTest(ctx, id, to); err != nil {
		return a.campaignRefused(r, id, err, keep)
	}
	return seeOther(w, r, fmt.Sprintf("/admin/campaigns/%d?done=test&to=%s#test", id, strings.Join(ids, ",")))
}

// confirmView is the page that asks before a send starts or stops for good.
type confirmView struct {
	C          campaign.Campaign
	Newsletter string
	Recipients int
	Action     string
	Cancel     bool
}

// confirmSend asks before sending now, naming the newsletter and how many
// confirmed subscribers the email goes to.
func (a *Admin) confirmSend(w http.ResponseWriter, r *http.Request) error {
	return a.confirmPage(w, r, false)
}

// confirmCancel asks before stopping a campaign for good.
func (a *Admin) confirmCancel(w http.ResponseWriter, r *http.Request) error {
	return a.confirmPage(w, r, true)
}

func (a *Admin) confirmPage(w http.ResponseWriter, r *http.Request, cancel bool) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := a.campaigns.Get(ctx, id)
	if err != nil {
		return err
	}
	v := &confirmView{C: c, Action: r.URL.Path, Cancel: cancel}
	n, err := a.newsletters.Newsletter(ctx, c.NewsletterID)
	if err != nil {
		return err
	}
	v.Newsletter = n.Name
	title := "Send now?"
	if cancel {
		title = "Cancel this campaign?"
		if !(&campaignView{C: c}).CanCancel() {
			return a.campaignRefused(r, id, apperr.New(apperr.Conflict, "This campaign has already finished."), nil)
		}
	} else if !(&campaignView{C: c}).CanSend() {
		return a.campaignRefused(r, id, apperr.New(apperr.Conflict, "This campaign cannot be sent now: it is no longer a draft."), nil)
	}
	if v.Recipients, err = a.campaignDB.CountRecipients(ctx, c.NewsletterID, a.now()); err != nil {
		return err
	}
	return a.ok(w, r, "campaign_confirm", &page{Title: title, Nav: "campaigns", Data: v})
}

// campaignAction is a POST that moves a campaign to another state.
func (a *Admin) campaignAction(do func(ctx context.Context, id int64) error, done string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := do(r.Context(), id); err != nil {
			return a.campaignRefused(r, id, err, nil)
		}
		return seeOther(w, r, fmt.Sprintf("/admin/campaigns/%d?done=%s", id, done))
	}
}

// scheduleCampaign schedules at a time typed in the publication's zone.
func (a *Admin) scheduleCampaign(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	typed := r.PostFormValue("scheduled_at")
	keep := func(v *campaignView) { v.ScheduleAt = typed }
	st, err := a.store.GetSettings(ctx)
	if err != nil {
		return err
	}
	at, ok := parseLocal(typed, st.Location())
	if !ok {
		return a.campaignRefused(r, id, apperr.Fields{"scheduled_at": "Enter a date and a time, such as 2026-12-05 07:00."}, keep)
	}
	if err := a.campaigns.Schedule(ctx, id, at); err != nil {
		return a.campaignRefused(r, id, err, keep)
	}
	return seeOther(w, r, fmt.Sprintf("/admin/campaigns/%d?done=scheduled", id))
}

// previewHTML serves the campaign's HTML email on its own address for the
// page's sandboxed frame: under a policy that runs no script, loads
// nothing but images and inline styles, submits no form, and may be
// framed only by the newsroom itself.
func (a *Admin) previewHTML(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pv, err := a.campaigns.Preview(r.Context(), id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", previewCSP)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err = io.WriteString(w, pv.HTML)
	return err
}

// previewCSP is the policy of a previewed email: a sandbox (no script, no
// same origin, no forms, no popups or top navigation), images from
// anywhere as a mail client loads them, inline styles as emails have.
const previewCSP = "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline'; font-src *; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

// progressJSON is a send's progress as the page and its script show it.
type progressJSON struct {
	Status      campaign.Status `json:"status"`
	Total       int             `json:"total"`
	Sent        int             `json:"sent"`
	Failed      int             `json:"failed"`
	Bounced     int             `json:"bounced"`
	Unconfirmed int             `json:"unconfirmed"`
	Done        int             `json:"done"`
	Percent     int             `json:"percent"`
	Rate        float64         `json:"rate"`
	RateText    string          `json:"rate_text"`
	LastError   string          `json:"last_error,omitempty"`
}

func progressOf(p campaign.Progress) progressJSON {
	out := progressJSON{Status: p.Status, Total: p.Total, Sent: p.Sent, Failed: p.Failed, Bounced: p.Bounced,
		Unconfirmed: p.Unconfirmed, Done: p.Done, Rate: p.Rate, RateText: rateText(p.Rate), LastError: p.LastError}
	if p.Total > 0 {
		out.Percent = p.Done * 100 / p.Total
	} else if p.Status == campaign.StatusSent {
		out.Percent = 100
	}
	return out
}

// Max is the progress bar's maximum: at least 1, so a send to nobody
// shows a full bar once done.
func (p progressJSON) Max() int { return max(p.Total, 1) }

// Value is the progress bar's value.
func (p progressJSON) Value() int {
	if p.Total == 0 && p.Status == campaign.StatusSent {
		return 1
	}
	return p.Done
}

func rateText(r float64) string {
	switch {
	case r <= 0:
		return "–"
	case r < 10:
		return strconv.FormatFloat(r, 'f', 1, 64) + " a second"
	}
	return apperr.Thousands(int(r+0.5)) + " a second"
}

// campaignProgress answers the page's script: the send's progress, never
// cached.
func (a *Admin) campaignProgress(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := a.campaigns.Progress(r.Context(), id)
	if err != nil {
		return err
	}
	body, err := json.Marshal(progressOf(p))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	_, err = w.Write(body)
	return err
}

// Count shows a number with thousands separators.
func (p *page) Count(n int) string { return apperr.Thousands(n) }

// problemOf is what a person can read of err: a validation's messages
// (the email cannot be built: no postal address, say), or the safe
// message; "" for an internal error.
func problemOf(err error) string {
	var f apperr.Fields
	if errors.As(err, &f) {
		msgs := slices.Collect(maps.Values(f))
		slices.Sort(msgs)
		return strings.Join(msgs, " ")
	}
	return apperr.Message(err)
}
