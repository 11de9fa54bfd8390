package main

import (
	"fmt"
	"html"
	"strings"

	"masthead/internal/campaign"
	"masthead/internal/mail"
)

var publication = campaign.Publication{Name: "The Northbridge Weekly", BaseURL: "https://news.example.org",
	PostalAddress: "1 Example Street, Northbridge NB1 1AA"}

// build stands in for issuemail.Build (branch "render", not merged into
// the send branch yet): a one-article issue with the article's full body
// in an inline-styled HTML layout, a plain-text part, List-Id, and the
// campaign's per-reader placeholders in both bodies, about 30 KB of HTML.
// Only its size and placeholders matter to the benchmark: the sender
// builds the email once per send and renders a copy per reader.
func build(is campaign.Issue) (mail.Message, []string, error) {
	var h, t strings.Builder
	p := is.Publication
	h.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>` + html.EscapeString(is.Subject) + `</title></head>` + "\n")
	h.WriteString(`<body style="margin:0;padding:0;background:#f4f1ea"><div style="display:none;max-height:0;overflow:hidden">` + html.EscapeString(is.Preheader) + "</div>\n")
	h.WriteString(`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;margin:0 auto;background:#ffffff;font-family:Georgia,'Times New Roman',serif;color:#121212"><tr><td style="padding:24px 32px">` + "\n")
	fmt.Fprintf(&h, `<p style="font-size:13px;line-height:18px;color:#666666;margin:0 0 16px 0"><a href="%s" style="color:#666666">View in your browser</a></p>`+"\n", campaign.PlaceholderPreferences)
	fmt.Fprintf(&h, `<h1 style="font-size:28px;line-height:34px;margin:0 0 16px 0">%s</h1><p style="font-size:16px;line-height:24px;margin:0 0 16px 0">%s</p>`+"\n",
		html.EscapeString(p.Name), html.EscapeString(is.Intro))
	fmt.Fprintf(&t, "%s\n\n%s\n\n", p.Name, is.Intro)
	var links []string
	for _, a := range is.Articles {
		fmt.Fprintf(&h, `<h2 style="font-size:24px;line-height:30px;margin:24px 0 8px 0"><a href="%s" style="color:#121212;text-decoration:none">%s</a></h2>`+"\n",
			html.EscapeString(a.URL), html.EscapeString(a.Headline))
		fmt.Fprintf(&h, `<p style="font-size:17px;line-height:26px;color:#333333;margin:0 0 8px 0">%s</p><p style="font-size:13px;color:#666666;margin:0 0 16px 0">By %s</p>`+"\n",
			html.EscapeString(a.Standfirst), html.EscapeString(a.Byline))
		// Inline the paragraph style as a CSS inliner would.
		body := strings.ReplaceAll(a.BodyHTML, "<p>", `<p style="font-size:16px;line-height:24px;margin:0 0 16px 0;color:#222222">`)
		body = strings.ReplaceAll(body, "<h2>", `<h2 style="font-size:20px;line-height:26px;margin:24px 0 8px 0">`)
		h.WriteString(body)
		fmt.Fprintf(&t, "%s\n%s\nBy %s\n%s\n\n", a.Headline, a.Standfirst, a.Byline, a.URL)
		t.WriteString(stripTags(a.BodyHTML))
		links = append(links, a.URL)
	}
	fmt.Fprintf(&h, `<p style="font-size:13px;line-height:18px;color:#666666;margin:32px 0 0 0">%s, %s. You receive this because you subscribed to %s. <a href="%s" style="color:#666666">Unsubscribe</a> · <a href="%s" style="color:#666666">Your preferences</a></p>`+"\n",
		html.EscapeString(p.Name), html.EscapeString(p.PostalAddress), html.EscapeString(is.Newsletter.Name), campaign.PlaceholderUnsubscribe, campaign.PlaceholderPreferences)
	if is.Track {
		fmt.Fprintf(&h, `<img src="%s/newsletters/o/%s.gif" width="1" height="1" alt="">`, p.BaseURL, campaign.PlaceholderTrack)
	}
	h.WriteString("</td></tr></table></body></html>\n")
	fmt.Fprintf(&t, "\n%s, %s\nUnsubscribe: %s\nPreferences: %s\n", p.Name, p.PostalAddress, campaign.PlaceholderUnsubscribe, campaign.PlaceholderPreferences)
	n := is.Newsletter
	return mail.Message{From: fmt.Sprintf("%q <%s>", n.SenderName, n.SenderEmail), Subject: is.Subject, Text: t.String(), HTML: h.String(),
		Headers: map[string]string{"List-Id": n.Name + " <" + n.ListID + ">"}}, links, nil
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return html.UnescapeString(b.String())
}
