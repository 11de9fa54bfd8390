package admin_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	netmail "net/mail"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/mail"
	"masthead/internal/staffmail"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// deskMail makes the app's workflow email through the test SMTP server
// (a.sink), as the desk's emails go in production.
func (a *app) deskMail() {
	a.t.Helper()
	relay, err := mail.NewSMTP("smtp://"+a.sink.Addr, "desk@example.org", slog.New(slog.DiscardHandler))
	if err != nil {
		a.t.Fatal(err)
	}
	a.t.Cleanup(func() { relay.Close() })
	desk := staffmail.New(staffmail.Options{Store: a.db, Mail: relay, Jobs: a.queue,
		Site: func(context.Context) (string, string) { return "Test Weekly", a.srv.URL }})
	a.queue.Register(desk.JobKinds()...)
	a.content.UseNotifier(desk)
}

// sinkMail is an email the test SMTP server received: who to, the
// subject and the decoded plain text.
type sinkMail struct {
	To      []string
	Subject string
	Text    string
}

func (a *app) sinkMails() []sinkMail {
	a.t.Helper()
	var out []sinkMail
	for _, m := range a.sink.Received() {
		msg, err := netmail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			a.t.Fatal(err)
		}
		subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		out = append(out, sinkMail{To: m.To, Subject: subject, Text: a.plainText(textproto.MIMEHeader(msg.Header), msg.Body)})
	}
	return out
}

// plainText is the decoded text/plain part of a message body.
func (a *app) plainText(h textproto.MIMEHeader, body io.Reader) string {
	a.t.Helper()
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		a.t.Fatal(err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if err != nil {
				a.t.Fatalf("no text/plain part: %v", err)
			}
			if strings.HasPrefix(part.Header.Get("Content-Type"), "text/plain") {
				return a.plainText(part.Header, part)
			}
		}
	}
	if strings.EqualFold(h.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	text, _ := io.ReadAll(body)
	return strings.ReplaceAll(string(text), "\r\n", "\n")
}

// deskPeople are the staff of the workflow tests: a contributor (cy)
// and another (zo), an author (au), two editors (ed, eve).
type deskPeople struct {
	cy, zo, au, ed, eve auth.User
}

func newDesk(a *app) deskPeople {
	return deskPeople{
		cy: a.user("cy@example.org", auth.RoleContributor), zo: a.user("zo@example.org", auth.RoleContributor),
		au: a.user("au@example.org", auth.RoleAuthor), ed: a.user("ed@example.org", auth.RoleEditor),
		eve: a.user("eve@example.org", auth.RoleEditor),
	}
}

// articleBy stores an article written by u (their byline) in status st.
func (a *app) articleBy(u auth.User, headline string, st content.Status) content.Article {
	a.t.Helper()
	ctx := context.Background()
	res, err := a.content.Save(ctx, content.Actor{UserID: u.ID, Role: auth.RoleEditor, AuthorID: u.AuthorID}, content.ArticleInput{
		Headline: headline, Standfirst: "What happened.", SectionID: a.section, AuthorIDs: []int64{u.AuthorID},
		BodySource: "The facts of " + headline + "."})
	if err != nil {
		a.t.Fatal(err)
	}
	if st != content.StatusDraft {
		if err := a.db.SetStatus(ctx, res.Article.ID, st, a.clock.Now()); err != nil {
			a.t.Fatal(err)
		}
	}
	return a.article(res.Article.ID)
}

// Every workflow move by every role: what is allowed moves the article
// and logs it; what is not answers 403 (the role), 409 (the state) or
// 422 (the note) and changes nothing.
func TestWorkflowMovesByRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		p := newDesk(a)
		longNote := strings.Repeat("x", content.MaxSendBackChars+1)
		cases := []struct {
			name   string
			who    auth.User
			writer auth.User // whose article it is
			from   content.Status
			move   string
			note   string
			code   int
			want   content.Status
			says   string // on the page answering a refusal
		}{
			{"contributor submits own draft", p.cy, p.cy, content.StatusDraft, "submit", "", 303, content.StatusReview, ""},
			{"contributor submits own unpublished", p.cy, p.cy, content.StatusUnpublished, "submit", "", 303, content.StatusReview, ""},
			{"contributor withdraws own", p.cy, p.cy, content.StatusReview, "withdraw", "", 303, content.StatusDraft, ""},
			{"contributor approves own", p.cy, p.cy, content.StatusReview, "approve", "", 403, content.StatusReview, "Only editors can approve"},
			{"contributor sends back own", p.cy, p.cy, content.StatusReview, "send_back", "Redo it.", 403, content.StatusReview, "Only editors can send"},
			{"contributor submits another's", p.cy, p.zo, content.StatusDraft, "submit", "", 403, content.StatusDraft, ""},
			{"contributor withdraws another's", p.cy, p.zo, content.StatusReview, "withdraw", "", 403, content.StatusReview, ""},
			{"contributor withdraws a draft", p.cy, p.cy, content.StatusDraft, "withdraw", "", 409, content.StatusDraft, "only an article in review can be withdrawn"},
			{"contributor submits published", p.cy, p.cy, content.StatusPublished, "submit", "", 409, content.StatusPublished, "only a draft or an unpublished article"},
			{"contributor submits twice", p.cy, p.cy, content.StatusReview, "submit", "", 409, content.StatusReview, "This article is in review"},
			{"author submits own draft", p.au, p.au, content.StatusDraft, "submit", "", 303, content.StatusReview, ""},
			{"author withdraws own", p.au, p.au, content.StatusReview, "withdraw", "", 303, content.StatusDraft, ""},
			{"author approves own", p.au, p.au, content.StatusReview, "approve", "", 403, content.StatusReview, ""},
			{"author sends back own ready", p.au, p.au, content.StatusReady, "send_back", "Hm.", 403, content.StatusReady, ""},
			{"editor approves", p.ed, p.cy, content.StatusReview, "approve", "", 303, content.StatusReady, ""},
			{"editor sends back without a note", p.ed, p.cy, content.StatusReview, "send_back", "  ", 422, content.StatusReview, "Say what needs to change"},
			{"editor sends back with too long a note", p.ed, p.cy, content.StatusReview, "send_back", longNote, 422, content.StatusReview, "The note"},
			{"editor sends back from review", p.ed, p.cy, content.StatusReview, "send_back", "Check the figures.", 303, content.StatusDraft, ""},
			{"editor sends back from ready", p.ed, p.cy, content.StatusReady, "send_back", "One more source.", 303, content.StatusDraft, ""},
			{"editor approves a draft", p.ed, p.cy, content.StatusDraft, "approve", "", 409, content.StatusDraft, "only an article in review can be approved"},
			{"editor approves twice", p.ed, p.cy, content.StatusReady, "approve", "", 409, content.StatusReady, ""},
			{"editor sends back a published article", p.ed, p.cy, content.StatusPublished, "send_back", "No.", 409, content.StatusPublished, ""},
			{"editor withdraws another's", p.ed, p.cy, content.StatusReview, "withdraw", "", 403, content.StatusReview, ""},
			{"editor submits a contributor's draft", p.ed, p.cy, content.StatusDraft, "submit", "", 303, content.StatusReview, ""},
			{"an unknown move", p.ed, p.cy, content.StatusReview, "bless", "", 422, content.StatusReview, "Unknown workflow action"},
		}
		clients := map[int64]*client{}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				c := clients[tc.who.ID]
				if c == nil {
					c = a.signIn(tc.who.Email)
					clients[tc.who.ID] = c
				}
				art := a.articleBy(tc.writer, tc.name, tc.from)
				r := c.post("/admin/articles/"+itoa(art.ID)+"/workflow", url.Values{"move": {tc.move}, "note": {tc.note},
					"version": {itoa(art.UpdatedAt.UnixMicro())}})
				wantStatus(t, r, tc.code, tc.name)
				got := a.article(art.ID)
				if got.Status != tc.want {
					t.Errorf("status %q, want %q", got.Status, tc.want)
				}
				if tc.says != "" {
					wantBody(t, r, tc.name, tc.says)
				}
				evs, err := db.ListArticleEvents(context.Background(), art.ID)
				if err != nil {
					t.Fatal(err)
				}
				if tc.code != http.StatusSeeOther {
					if len(evs) != 0 || !got.UpdatedAt.Equal(art.UpdatedAt) {
						t.Errorf("a refused move changed something: events %+v, updated %v (was %v)", evs, got.UpdatedAt, art.UpdatedAt)
					}
					return
				}
				if len(evs) != 1 || evs[0].From != tc.from || evs[0].To != tc.want || evs[0].UserID != tc.who.ID || evs[0].Note != strings.TrimSpace(tc.note) {
					t.Errorf("events = %+v", evs)
				}
				// The article's page says where it is now, to whoever made the move.
				page := c.get(r.location())
				wantStatus(t, page, http.StatusOK, "the article after the move")
				wantBody(t, page, "the article after the move", `id="workflow-state"`, `status-`+string(tc.want))
			})
		}
	})
}

// The desk holds an article in review: its contributor may look at it and
// withdraw it, not edit or publish it; the editor sees Approve and Send
// back; a move from a page opened before someone else's save is refused.
func TestWorkflowHoldsArticlesInReview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		p := newDesk(a)
		cy, ed := a.signIn(p.cy.Email), a.signIn(p.ed.Email)
		art := a.articleBy(p.cy, "Bridge to reopen", content.StatusDraft)
		path := "/admin/articles/" + itoa(art.ID)

		r := cy.get(path)
		wantBody(t, r, "contributor's draft", `value="submit"`, "Submit for review")
		if strings.Contains(r.body, `value="approve"`) || strings.Contains(r.body, `name="assignee"`) {
			t.Error("a contributor is offered approval or assignment")
		}
		wantStatus(t, cy.post(path+"/workflow", url.Values{"move": {"submit"}, "version": {itoa(art.UpdatedAt.UnixMicro())}}), http.StatusSeeOther, "submit")

		r = cy.get(path + "?done=submit")
		wantStatus(t, r, http.StatusOK, "the contributor's article in review")
		wantBody(t, r, "held page", "Submitted for review", "in review", "cannot be edited", `value="withdraw"`)
		if strings.Contains(r.body, `name="headline"`) {
			t.Error("the contributor is shown the editor while the article is in review")
		}
		f := articleForm(a.section, p.cy.AuthorID, "Changed while in review", "Words.", "save")
		wantStatus(t, cy.post(path, f), http.StatusForbidden, "contributor saves in review")
		if got := a.article(art.ID); got.Headline != "Bridge to reopen" {
			t.Errorf("headline became %q", got.Headline)
		}
		wantStatus(t, cy.get(path+"/preview"), http.StatusOK, "contributor previews in review")
		// The history stays readable while the desk holds it.
		r = cy.get(path + "/revisions")
		wantStatus(t, r, http.StatusOK, "contributor's revisions in review")
		wantBody(t, r, "contributor's revisions in review", "Bridge to reopen")

		r = ed.get(path)
		wantStatus(t, r, http.StatusOK, "editor opens it")
		wantBody(t, r, "editor's page", `name="headline"`, `value="approve"`, `value="send_back"`, `name="note"`, `name="assignee"`, "submitted it for review")

		// Someone saves meanwhile: a move from the older page is refused.
		opened := a.article(art.ID)
		a.clock.Add(1e9)
		ef := articleForm(a.section, p.cy.AuthorID, "Bridge to reopen in May", "Words.", "save")
		ef.Set("version", itoa(opened.UpdatedAt.UnixMicro()))
		wantStatus(t, ed.post(path, ef), http.StatusSeeOther, "editor saves")
		r = ed.post(path+"/workflow", url.Values{"move": {"approve"}, "version": {itoa(opened.UpdatedAt.UnixMicro())}})
		wantStatus(t, r, http.StatusConflict, "approve from an old version")
		wantBody(t, r, "stale approve", "Nothing changed", "Bridge to reopen in May")
		if got := a.article(art.ID); got.Status != content.StatusReview {
			t.Fatalf("status %q after a stale approve", got.Status)
		}
		now := a.article(art.ID)
		wantStatus(t, ed.post(path+"/workflow", url.Values{"move": {"approve"}, "version": {itoa(now.UpdatedAt.UnixMicro())}}), http.StatusSeeOther, "approve")

		// Approved: still not the contributor's to edit; the editor publishes it as before.
		r = cy.get(path)
		wantBody(t, r, "approved article", "ready", "waits for an editor")
		if strings.Contains(r.body, `value="withdraw"`) {
			t.Error("an approved article offers the contributor Withdraw")
		}
		pf := articleForm(a.section, p.cy.AuthorID, "Bridge to reopen in May", "Words.", "publish")
		pf.Set("version", itoa(a.article(art.ID).UpdatedAt.UnixMicro()))
		wantStatus(t, ed.post(path, pf), http.StatusSeeOther, "editor publishes")
		if got := a.article(art.ID); got.Status != content.StatusPublished {
			t.Fatalf("status %q after publishing", got.Status)
		}
		evs, _ := db.ListArticleEvents(context.Background(), art.ID)
		if len(evs) != 3 || evs[2].From != content.StatusReady || evs[2].To != content.StatusPublished || evs[2].UserID != p.ed.ID {
			t.Errorf("events = %+v, want submit, approve, publish", evs)
		}
	})
}

// Editors assign articles to editors; a contributor cannot, and nobody
// can assign to a contributor. The assignee hears of it by email.
func TestWorkflowAssignment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.deskMail()
		p := newDesk(a)
		cy, ed := a.signIn(p.cy.Email), a.signIn(p.ed.Email)
		art := a.articleBy(p.cy, "Council budget", content.StatusReview)
		path := "/admin/articles/" + itoa(art.ID)

		wantStatus(t, cy.post(path+"/assign", url.Values{"assignee": {itoa(p.ed.ID)}}), http.StatusForbidden, "contributor assigns")
		r := ed.post(path+"/assign", url.Values{"assignee": {itoa(p.zo.ID)}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "assign to a contributor")
		wantBody(t, r, "assign to a contributor", "Choose an editor or admin")
		if got := a.article(art.ID); got.AssigneeID != 0 {
			t.Fatalf("assignee %d after refusals", got.AssigneeID)
		}
		wantStatus(t, ed.post(path+"/assign", url.Values{"assignee": {itoa(p.eve.ID)}}), http.StatusSeeOther, "assign to Eve")
		if got := a.article(art.ID); got.AssigneeID != p.eve.ID {
			t.Fatalf("assignee %d, want Eve", got.AssigneeID)
		}
		r = ed.get(path + "?done=assign")
		wantBody(t, r, "assigned", "Assignment saved", `<dd id="workflow-assignee">eve</dd>`, "assigned it to eve")
		a.runJobs()
		mails := a.sinkMails()
		if len(mails) != 1 || mails[0].To[0] != "eve@example.org" || mails[0].Subject != "Assigned to you: “Council budget”" {
			t.Fatalf("emails = %+v", mails)
		}
		wantStatus(t, ed.post(path+"/assign", url.Values{"assignee": {"0"}}), http.StatusSeeOther, "unassign")
		if got := a.article(art.ID); got.AssigneeID != 0 {
			t.Errorf("assignee %d after unassigning", got.AssigneeID)
		}
	})
}

// The emails of the workflow arrive through the SMTP server: a submission
// to the editors (nobody is assigned), a send-back to the writer with the
// note and a link to the article.
func TestWorkflowEmails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.deskMail()
		p := newDesk(a)
		cy, ed := a.signIn(p.cy.Email), a.signIn(p.ed.Email)
		art := a.articleBy(p.cy, "Bridge to reopen", content.StatusDraft)
		path := "/admin/articles/" + itoa(art.ID)

		wantStatus(t, cy.post(path+"/workflow", url.Values{"move": {"submit"}}), http.StatusSeeOther, "submit")
		a.runJobs()
		got := map[string]string{}
		for _, m := range a.sinkMails() {
			got[m.To[0]] = m.Subject
		}
		if len(got) != 2 || got["ed@example.org"] != "Submitted for review: “Bridge to reopen”" || got["eve@example.org"] == "" {
			t.Fatalf("submission emails = %v, want one to each editor", got)
		}
		before := len(a.sink.Received())
		note := "The second paragraph needs a source for the cost."
		wantStatus(t, ed.post(path+"/workflow", url.Values{"move": {"send_back"}, "note": {note}}), http.StatusSeeOther, "send back")
		a.runJobs()
		mails := a.sinkMails()[before:]
		if len(mails) != 1 {
			t.Fatalf("%d emails after the send-back, want 1: %+v", len(mails), mails)
		}
		m := mails[0]
		if m.To[0] != "cy@example.org" || m.Subject != "Sent back: “Bridge to reopen”" {
			t.Errorf("send-back email to %v: %q", m.To, m.Subject)
		}
		for _, want := range []string{"ed sent “Bridge to reopen” back to draft.", note, a.srv.URL + path} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("send-back email lacks %q:\n%s", want, m.Text)
			}
		}
		// The writer can edit it again; the history keeps the note.
		r := cy.get(path)
		wantBody(t, r, "sent back", `name="headline"`, "sent it back to draft", note)

		// Resubmitted, approved and published: the writer hears of both.
		wantStatus(t, cy.post(path+"/workflow", url.Values{"move": {"submit"}}), http.StatusSeeOther, "resubmit")
		wantStatus(t, ed.post(path+"/workflow", url.Values{"move": {"approve"}}), http.StatusSeeOther, "approve")
		pf := articleForm(a.section, p.cy.AuthorID, "Bridge to reopen", "The facts.", "publish")
		wantStatus(t, ed.post(path, pf), http.StatusSeeOther, "publish")
		before = len(a.sink.Received())
		a.runJobs()
		var toCy []string
		for _, m := range a.sinkMails()[before:] {
			if m.To[0] == "cy@example.org" {
				toCy = append(toCy, m.Subject)
			} else if m.To[0] == "ed@example.org" && !strings.HasPrefix(m.Subject, "Submitted") {
				t.Errorf("the editor was emailed about his own act: %q", m.Subject)
			}
		}
		if strings.Join(toCy, "|") != "Approved: “Bridge to reopen”|Published: “Bridge to reopen”" {
			t.Errorf("the writer's emails after approval and publication: %q", toCy)
		}
	})
}
