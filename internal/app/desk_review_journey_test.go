package app_test

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http/httptest"
	"net/mail"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masthead/internal/app"
	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/config"
	"masthead/internal/content"
	"masthead/internal/mail/mailtest"
	"masthead/internal/store/storetest"
)

// reviewWorld is the real application sending through an SMTP server,
// with its workers running, served over HTTP: a News section, a
// contributor with a byline, and two editors.
func reviewWorld(t *testing.T) (*app.Server, *httptest.Server, *mailtest.SMTPSink) {
	t.Helper()
	sink := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{})
	srv, ts := serveConfig(t, config.Config{Addr: ":0", DataDir: t.TempDir(), DatabaseURL: storetest.URL(t, storetest.SQLite),
		MailFrom: "The Weekly <newsroom@example.org>", SMTPURL: "smtp://" + sink.Addr, BaseURL: "http://news.example.org"}, false)
	stop := srv.Background(context.Background())
	t.Cleanup(stop) // before the database closes
	ctx := context.Background()
	srv.Auth.SetHashCost(4)
	for _, u := range []struct {
		email, name string
		role        auth.Role
	}{
		{"editor@example.org", "Eddie Editor", auth.RoleEditor},
		{"carla@example.org", "Carla Jones", auth.RoleEditor},
		{"writer@example.org", "Wes Writer", auth.RoleContributor},
	} {
		user, err := srv.Auth.CreateUser(ctx, u.email, u.name, "a long enough password", u.role)
		if err != nil {
			t.Fatal(err)
		}
		if u.role == auth.RoleContributor {
			if user.AuthorID, err = srv.DB.SaveAuthor(ctx, content.Author{Slug: "wes-writer", Name: u.name}); err != nil {
				t.Fatal(err)
			}
			if err := srv.DB.UpdateUser(ctx, user); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := srv.DB.SaveSection(ctx, content.Section{Slug: "news", Name: "News", Position: 1}); err != nil {
		t.Fatal(err)
	}
	return srv, ts, sink
}

func signInAs(t *testing.T, tab context.Context, base, email string) {
	t.Helper()
	browsertest.Navigate(t, tab, base+"/admin/login")
	browsertest.SetValue(t, tab, "#email", email)
	browsertest.SetValue(t, tab, "#password", "a long enough password")
	browsertest.ClickAndWait(t, tab, `form button[type="submit"]`)
	if loc := browsertest.Location(t, tab); strings.Contains(loc, "/admin/login") {
		t.Fatalf("%s is still on the login page after signing in: %s", email, loc)
	}
}

// deskMail is one message the SMTP server received, decoded.
type deskMail struct{ To, Subject, Text string }

// waitForMail waits until the SMTP server has received a message to
// address whose subject starts with prefix, and returns the first one.
func waitForMail(t *testing.T, sink *mailtest.SMTPSink, address, prefix string) deskMail {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		for _, m := range sink.Received() {
			if len(m.To) == 0 || !strings.EqualFold(m.To[0], address) {
				continue
			}
			msg, err := mail.ReadMessage(strings.NewReader(string(m.Data)))
			if err != nil {
				t.Fatal(err)
			}
			subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(subject, prefix) {
				continue
			}
			text := plainText(t, msg)
			return deskMail{To: address, Subject: subject, Text: strings.ReplaceAll(text, "\r\n", "\n")}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no email to %s about %q arrived; the SMTP server received %d", address, prefix, len(sink.Received()))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// plainText is the text of msg: its body, or its text/plain part.
func plainText(t *testing.T, msg *mail.Message) string {
	t.Helper()
	media, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(media, "multipart/") {
		var body io.Reader = msg.Body
		if msg.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
			body = quotedprintable.NewReader(body)
		}
		b, _ := io.ReadAll(body)
		return string(b)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable
		if err != nil {
			t.Fatalf("no text/plain part: %v", err)
		}
		if strings.HasPrefix(part.Header.Get("Content-Type"), "text/plain") {
			b, _ := io.ReadAll(part)
			return string(b)
		}
	}
}

// The desk's review, click by click in two browsers: a contributor
// writes a draft and submits it for review; an editor opens it from the
// dashboard's "Waiting for review", adds a note mentioning a colleague, whose email
// arrives at the SMTP server,
// and sends it back with a note; the contributor sees both notes in the
// Desk panel, edits and submits again; the editor approves and publishes
// it, then adds a dated correction that readers see on the article and on
// /corrections. The private notes never reach the public page. axe finds
// nothing on each page.
func TestDeskReviewJourney(t *testing.T) {
	writerBrowser, editorBrowser := browsertest.Start(t), browsertest.Start(t)
	srv, ts, sink := reviewWorld(t)
	ctx := context.Background()
	const headline = "Harbour repairs to cost twice the estimate"

	// The contributor writes a draft (the Markdown form: the rich editor
	// has journeys of its own) and submits it.
	wt := writerBrowser.Ctx()
	signInAs(t, wt, ts.URL, "writer@example.org")
	browsertest.Navigate(t, wt, ts.URL+"/admin/articles/new?editor=markdown")
	browsertest.SetValue(t, wt, "#headline", headline)
	browsertest.SetValue(t, wt, "#standfirst", "The council's engineers found more damage under the east pier.")
	browsertest.SetValue(t, wt, "#body", "The repairs will cost £4.2m, the council said on Monday.\n\nWork starts in March.")
	browsertest.ClickAndWait(t, wt, `button[name="action"][value="save"]`)
	art, err := srv.DB.GetArticleBySlug(ctx, "harbour-repairs-to-cost-twice-the-estimate")
	if err != nil {
		t.Fatalf("the draft was not saved: %v (page: %s)", err, browsertest.Text(t, wt, "main"))
	}
	path := "/admin/articles/" + strconv.FormatInt(art.ID, 10)
	browsertest.AssertNoAxeViolations(t, wt)
	browsertest.ClickAndWait(t, wt, `form.editor button[name="action"][value="submit"]`)
	if got := browsertest.Text(t, wt, "#held-hint"); !strings.Contains(got, "in review") {
		t.Fatalf("after submitting, the contributor's page says %q", got)
	}
	browsertest.Navigate(t, wt, ts.URL+"/admin") // leaves the article

	// The editor opens it and adds a note for a colleague.
	et := editorBrowser.Ctx()
	signInAs(t, et, ts.URL, "editor@example.org")
	browsertest.Navigate(t, et, ts.URL+"/admin")
	if got := browsertest.Text(t, et, "#desk-waiting"); !strings.Contains(got, headline) {
		t.Fatalf("the dashboard's Waiting for review: %q", got)
	}
	browsertest.AssertNoAxeViolations(t, et)
	browsertest.ClickAndWait(t, et, `#desk-waiting a[href="`+path+`"]`)
	if got := browsertest.Text(t, et, "#desk"); !strings.Contains(got, "Wes Writer submitted it for review") ||
		!strings.Contains(got, "@carla (Carla Jones)") {
		t.Fatalf("Desk panel before the note: %q", got)
	}
	browsertest.AssertNoAxeViolations(t, et)
	browsertest.SendKeys(t, et, "#desk_note", "@carla please check the figures")
	browsertest.ClickAndWait(t, et, ".desk-form button[type=submit]")
	if got := browsertest.Text(t, et, ".desk-result"); !strings.Contains(got, "Emailed: Carla Jones.") {
		t.Fatalf("after adding the note: %q", got)
	}
	if got := browsertest.Text(t, et, ".desk-note:last-child"); !strings.Contains(got, "Eddie Editor") || !strings.Contains(got, "@carla please check the figures") {
		t.Errorf("the note in the panel: %q", got)
	}
	if dt := browsertest.Eval[string](t, et, `document.querySelector(".desk-note:last-child time").getAttribute("datetime")`); dt == "" {
		t.Error("the note's time has no datetime")
	}
	browsertest.AssertNoAxeViolations(t, et)
	m := waitForMail(t, sink, "carla@example.org", "You were mentioned")
	if m.Subject != "You were mentioned: “"+headline+"”" {
		t.Errorf("mention email subject = %q", m.Subject)
	}
	for _, want := range []string{"Eddie Editor mentioned you in a note on “" + headline + "”", "@carla please check the figures",
		"http://news.example.org" + path} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("mention email lacks %q:\n%s", want, m.Text)
		}
	}

	// It goes back to its writer with a note.
	browsertest.SendKeys(t, et, `#workflow textarea[name="note"]`, "Please add the council's reply.")
	browsertest.ClickAndWait(t, et, `#workflow button[value="send_back"]`)
	if got := browsertest.Text(t, et, "#workflow-state"); !strings.Contains(strings.ToLower(got), "draft") {
		t.Fatalf("after sending it back the state is %q", got)
	}
	browsertest.Navigate(t, et, ts.URL+"/admin")

	// The contributor sees both notes, edits and submits again.
	browsertest.Navigate(t, wt, ts.URL+path+"?editor=markdown")
	desk := browsertest.Text(t, wt, "#desk")
	for _, want := range []string{"@carla please check the figures", "Eddie Editor sent it back to draft", "Please add the council's reply."} {
		if !strings.Contains(desk, want) {
			t.Errorf("the contributor's Desk panel lacks %q: %q", want, desk)
		}
	}
	browsertest.AssertNoAxeViolations(t, wt)
	browsertest.SetValue(t, wt, "#body", "The repairs will cost £4.2m, the council said on Monday.\n\nThe council's leader said the pier would reopen in summer.\n\nWork starts in March.")
	// The editor's own Submit for review saves the edit and submits it at once.
	browsertest.ClickAndWait(t, wt, `form.editor button[name="action"][value="submit"]`)
	if got := browsertest.Text(t, wt, "#held-hint"); !strings.Contains(got, "in review") {
		t.Fatalf("after submitting again, the contributor's page says %q", got)
	}
	if got, err := srv.DB.GetArticle(ctx, art.ID); err != nil || !strings.Contains(got.BodySource, "reopen in summer") {
		t.Fatalf("the edit submitted with the article was not saved: %q (%v)", got.BodySource, err)
	}
	browsertest.Navigate(t, wt, ts.URL+"/admin")

	// The editor approves and publishes it.
	browsertest.Navigate(t, et, ts.URL+"/admin")
	browsertest.ClickAndWait(t, et, `#desk-waiting a[href="`+path+`"]`)
	browsertest.ClickAndWait(t, et, `#workflow button[value="approve"]`)
	if got := browsertest.Text(t, et, "#workflow-state"); !strings.Contains(strings.ToLower(got), "ready") {
		t.Fatalf("after approving the state is %q", got)
	}
	browsertest.AssertNoAxeViolations(t, et)
	browsertest.ClickAndWait(t, et, `button[name="action"][value="publish"]`)
	if got, _ := srv.DB.GetArticle(ctx, art.ID); got.Status != content.StatusPublished {
		t.Fatalf("after Publish the article is %s: %s", got.Status, browsertest.Text(t, et, "main"))
	}

	// A dated correction, on the article and on /corrections.
	browsertest.SetValue(t, et, "#note_kind", "correction")
	browsertest.SendKeys(t, et, "#note_text", "An earlier version gave the cost as £2.4m. It is £4.2m.")
	browsertest.ClickAndWait(t, et, "#notes form button[type=submit]")
	if got := browsertest.Text(t, et, ".notice"); !strings.Contains(got, "Note added") {
		t.Fatalf("after adding the correction: %q", got)
	}
	browsertest.AssertNoAxeViolations(t, et)

	reader := editorBrowser.NewTab(t)
	browsertest.Navigate(t, reader, ts.URL+"/articles/harbour-repairs-to-cost-twice-the-estimate")
	if _, err := chromedp.Run(reader, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	if got := browsertest.Text(t, reader, ".note-correction"); !strings.Contains(got, "Correction") || !strings.Contains(got, "It is £4.2m.") {
		t.Fatalf("public note = %q", got)
	}
	if dt := browsertest.Eval[string](t, reader, `document.querySelector(".note-correction time").getAttribute("datetime")`); dt == "" {
		t.Error("the correction's date is not a <time datetime>")
	}
	if page := browsertest.Text(t, reader, "body"); strings.Contains(page, "please check the figures") || strings.Contains(page, "council's reply") {
		t.Error("the desk's private notes are on the public page")
	}
	browsertest.AssertNoAxeViolations(t, reader)
	browsertest.ClickAndWait(t, reader, `.site-footer a[href="/corrections"]`)
	if got := browsertest.Text(t, reader, ".correction-entry"); !strings.Contains(got, headline) || !strings.Contains(got, "It is £4.2m.") || !strings.Contains(got, "Corrected") {
		t.Errorf("corrections page entry = %q", got)
	}
	browsertest.AssertNoAxeViolations(t, reader)
}
