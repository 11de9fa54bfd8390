package app_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/issuemail"
	"masthead/internal/mail"
	"masthead/internal/newsletter"
	"masthead/internal/store/storetest"
)

// A fresh demo can send a newsletter: its settings carry a postal
// address, and its published articles map to an issue whose every link
// and image the running site serves.
func TestDemoIssueEmail(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv, ts := newServer(t, e, true)
			st, err := srv.DB.GetSettings(ctx)
			if err != nil || !strings.Contains(st.PostalAddress, "\n") {
				t.Fatalf("demo postal address %q (%v)", st.PostalAddress, err)
			}
			nls, err := newsletter.NewService(newsletter.Options{Store: srv.DB}).Newsletters(ctx)
			if err != nil || len(nls) == 0 {
				t.Fatalf("newsletters: %v", err)
			}
			list, err := srv.DB.ListPublished(ctx, content.Filter{}, content.Cursor{}, 3)
			if err != nil || len(list) != 3 {
				t.Fatalf("published: %d, %v", len(list), err)
			}
			var arts []issuemail.Article
			for _, a := range list {
				v, err := srv.DB.PublishedArticle(ctx, a.Slug)
				if err != nil {
					t.Fatal(err)
				}
				refs, err := srv.DB.ArticleRefs(ctx, content.SeeAlsoIDs(v.Body))
				if err != nil {
					t.Fatal(err)
				}
				images, err := srv.DB.BodyImages(ctx, content.MediaIDs(v.Body))
				if err != nil {
					t.Fatal(err)
				}
				ia := issuemail.FromArticle(v, refs, images, ts.URL, time.Now())
				if ia.Headline != v.Headline || !strings.HasPrefix(ia.Byline, "By ") || ia.BodyHTML == "" || ia.Kicker == "" || ia.ImageURL == "" {
					t.Errorf("mapped article %+v", ia)
				}
				arts = append(arts, ia)
			}
			pub := issuemail.FromSettings(st, ts.URL, nil)
			for _, is := range []issuemail.Issue{
				{Newsletter: nls[0], Subject: arts[0].Headline, Articles: arts[:1], Publication: pub},
				{Newsletter: nls[0], Subject: "This week", Intro: "Three stories.", Articles: arts, Publication: pub},
			} {
				em, err := issuemail.Build(is)
				if err != nil {
					t.Fatal(err)
				}
				text, htmlBody := renderFor(t, em.Message)
				for _, a := range is.Articles {
					if !strings.Contains(text, a.URL) || !strings.Contains(htmlBody, a.URL) {
						t.Errorf("%s is missing from a part", a.URL)
					}
					for _, u := range []string{a.URL, a.ImageURL} {
						if u == "" {
							continue
						}
						if res, _ := get(t, u); res.StatusCode != 200 {
							t.Errorf("GET %s = %d", u, res.StatusCode)
						}
					}
				}
				for _, line := range strings.Split(st.PostalAddress, "\n") {
					if !strings.Contains(text, line) || !strings.Contains(htmlBody, line) {
						t.Errorf("postal address line %q is missing", line)
					}
				}
			}
		})
	}
}

// renderFor renders m for one reader as a campaign does and returns the
// decoded text and HTML parts.
func renderFor(t *testing.T, m mail.Message) (text, htmlBody string) {
	t.Helper()
	tpl, err := mail.Composer{}.Template(m, mail.TemplateOptions{Placeholders: issuemail.Placeholders()})
	if err != nil {
		t.Fatal(err)
	}
	u := "https://news.example.org/newsletters/unsubscribe/tok"
	c, err := tpl.Render(nil, mail.Recipient{To: "reader@example.com", Values: []string{u, u + "-prefs", "track"}, UnsubscribeURL: u})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(c.Data))
	if err != nil {
		t.Fatal(err)
	}
	_, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = p
		if p.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
			r = quotedprintable.NewReader(p)
		}
		b, _ := io.ReadAll(r)
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			htmlBody = string(b)
		} else {
			text = string(b)
		}
	}
	if !strings.Contains(text, u) || !strings.Contains(htmlBody, u) {
		t.Error("the reader's unsubscribe link is missing from a part")
	}
	return text, htmlBody
}
