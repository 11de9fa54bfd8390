package mail

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"strings"
	"testing"
)

const unsubToken = "MHUNSUB0"

// issueHTML is a newsletter-sized HTML body with the unsubscribe link in
// a long line, in the middle of an attribute.
func issueHTML(size int) string {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html><body><h1>The Saturday guide — Ausgabe 12</h1>\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "<p style=\"margin:0 0 16px 0;font-family:Georgia,serif\">Paragraph %d with = signs, tabs\tand trailing space </p>\n", i)
	}
	b.WriteString(`<p>Not for you? <a href="` + unsubToken + `" style="color:#555555;text-decoration:underline">Unsubscribe</a> or <a href="` + unsubToken + `">here</a></p></body></html>`)
	return b.String()
}

func issueMessage() Message {
	return Message{
		From:    "The Guide <guide@news.example.org>",
		Subject: "Grüße — the week's best",
		Text:    "Hello,\nthis week...\n\nUnsubscribe: " + unsubToken + "\n",
		HTML:    issueHTML(30 << 10),
		Headers: map[string]string{"List-Id": "The Guide <guide.news.example.org>", "Reply-To": "desk@example.org"},
	}
}

func TestTemplateRendersEachRecipient(t *testing.T) {
	m := issueMessage()
	tpl, err := testComposer().Template(m, TemplateOptions{Placeholders: []string{unsubToken}, BounceAddress: "bounce@news.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	seenIDs := map[string]bool{}
	var buf []byte
	for i, r := range []Recipient{
		{To: "Zoë Leser <zoe@example.com>", Values: []string{"https://news.example.org/u/tok1?n=1&all=0"},
			UnsubscribeURL: "https://news.example.org/u/tok1?n=1", UnsubscribeMailto: "unsubscribe+tok1@news.example.org", BounceToken: "tok1"},
		{To: "bob@example.net", Values: []string{"https://news.example.org/u/tok2"},
			UnsubscribeURL: "https://news.example.org/u/tok2", BounceToken: "tok2"},
		{To: "carol@example.net", Values: []string{"http://localhost:8080/u/tok3"},
			UnsubscribeURL: "http://localhost:8080/u/tok3"},
	} {
		c, err := tpl.Render(buf, r)
		if err != nil {
			t.Fatal(err)
		}
		buf = c.Data // reuse, as a campaign worker does
		checkWellFormed(t, c.Data)
		pm := parseMail(t, c.Data)

		wantHTML := strings.ReplaceAll(m.HTML, unsubToken, html.EscapeString(r.Values[0]))
		if pm.HTML != wantHTML {
			t.Errorf("recipient %d: HTML part does not decode to the original with the link spliced in", i)
		}
		if want := strings.ReplaceAll(m.Text, unsubToken, r.Values[0]); !sameBody(pm.Text, want) {
			t.Errorf("recipient %d: text = %q, want %q", i, pm.Text, want)
		}
		if pm.Subject != m.Subject {
			t.Errorf("subject = %q", pm.Subject)
		}
		to, err := pm.Header.AddressList("To")
		if err != nil || len(to) != 1 || !strings.EqualFold(to[0].String(), mustAddr(t, r.To)) {
			t.Errorf("To = %v (%v), want %s", to, err, r.To)
		}
		if c.To[0] != to[0].Address {
			t.Errorf("envelope to = %v, want %s", c.To, to[0].Address)
		}
		for k, v := range m.Headers {
			if got := pm.Header.Get(k); got != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
		wantUnsub := "<" + r.UnsubscribeURL + ">"
		if r.UnsubscribeMailto != "" {
			wantUnsub += ", <mailto:" + r.UnsubscribeMailto + ">"
		}
		if got := pm.Header.Get("List-Unsubscribe"); got != wantUnsub {
			t.Errorf("List-Unsubscribe = %q, want %q", got, wantUnsub)
		}
		wantPost := "List-Unsubscribe=One-Click"
		if strings.HasPrefix(r.UnsubscribeURL, "http:") {
			wantPost = "" // RFC 8058 one-click needs HTTPS
		}
		if got := pm.Header.Get("List-Unsubscribe-Post"); got != wantPost {
			t.Errorf("List-Unsubscribe-Post = %q, want %q", got, wantPost)
		}
		wantFrom := "bounce@news.example.org"
		if r.BounceToken != "" {
			wantFrom = "bounce+" + r.BounceToken + "@news.example.org"
		}
		if c.From != wantFrom {
			t.Errorf("envelope sender = %q, want %q", c.From, wantFrom)
		}
		id := pm.Header.Get("Message-Id")
		if id != c.MessageID || seenIDs[id] {
			t.Errorf("Message-ID %q is missing, differs from %q or repeats", id, c.MessageID)
		}
		seenIDs[id] = true
		if pm.Header.Get("Date") == "" {
			t.Error("no Date header")
		}
	}
}

// TestTemplatePlaceholderPositions puts the placeholder where quoted-
// printable is easiest to break: at the start and end, twice in a row,
// around the 76-character soft line limit, after trailing space, next to
// '=' and line breaks, and in a text that must be base64.
func TestTemplatePlaceholderPositions(t *testing.T) {
	long := strings.Repeat("x", 80)
	value := "https://news.example.org/u/a=b&c d\t"
	bodies := []string{
		unsubToken,
		unsubToken + " starts",
		"ends " + unsubToken,
		unsubToken + unsubToken,
		long + unsubToken + long + long + unsubToken,
		long[:74] + unsubToken,
		"space before \t" + unsubToken + " \nafter",
		"equals=" + unsubToken + "=\r\n" + unsubToken + "\n\n",
		"line\n" + unsubToken + "\nline",
		"東京の天気は晴れです。明日も晴れるでしょう。" + unsubToken + "。",
	}
	for _, body := range bodies {
		for _, withHTML := range []bool{false, true} {
			m := Message{From: "a@example.org", Subject: "s", Text: body}
			if withHTML {
				m.HTML = "<p>" + body + "</p>"
			}
			tpl, err := testComposer().Template(m, TemplateOptions{Placeholders: []string{unsubToken}})
			if err != nil {
				t.Fatal(err)
			}
			c, err := tpl.Render(nil, Recipient{To: "b@example.com", Values: []string{value}})
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, c.Data)
			_, encoded, _ := strings.Cut(string(c.Data), "\r\n\r\n")
			for _, line := range strings.Split(encoded, "\r\n") {
				if len(line) > 76 {
					t.Errorf("body line longer than 76: %q", line)
				}
			}
			pm := parseMail(t, c.Data)
			if want := strings.ReplaceAll(body, unsubToken, value); !sameBody(pm.Text, want) {
				t.Errorf("body %q: text decodes to %q, want %q", body, pm.Text, want)
			}
			if withHTML {
				if want := strings.ReplaceAll(m.HTML, unsubToken, html.EscapeString(value)); strings.ReplaceAll(want, "\r\n", "\n") != pm.HTML {
					t.Errorf("body %q: HTML decodes to %q, want %q", body, pm.HTML, want)
				}
			}
		}
	}
}

// The template must render what Compose renders for the same message.
func TestTemplateMatchesCompose(t *testing.T) {
	m := issueMessage()
	tpl, err := testComposer().Template(m, TemplateOptions{Placeholders: []string{unsubToken}})
	if err != nil {
		t.Fatal(err)
	}
	const link = "https://news.example.org/u/xyz"
	c, err := tpl.Render(nil, Recipient{To: "zoe@example.com", Values: []string{link}})
	if err != nil {
		t.Fatal(err)
	}
	direct := m
	direct.To = []string{"zoe@example.com"}
	direct.Text = strings.ReplaceAll(m.Text, unsubToken, link)
	direct.HTML = strings.ReplaceAll(m.HTML, unsubToken, link)
	want, err := testComposer().Compose(direct)
	if err != nil {
		t.Fatal(err)
	}
	got, exp := parseMail(t, c.Data), parseMail(t, want.Data)
	if got.Text != exp.Text || got.HTML != exp.HTML || got.Subject != exp.Subject {
		t.Error("template and Compose render different bodies or subject")
	}
	for _, k := range []string{"From", "To", "Reply-To", "List-Id", "Mime-Version"} {
		if got.Header.Get(k) != exp.Header.Get(k) {
			t.Errorf("%s: template %q, compose %q", k, got.Header.Get(k), exp.Header.Get(k))
		}
	}
	// The shared part is nearly all of it: a copy is barely longer.
	if d := len(c.Data) - len(want.Data); d > 400 || d < -400 {
		t.Errorf("template copy is %d bytes, Compose's %d", len(c.Data), len(want.Data))
	}
}

func TestTemplateRejects(t *testing.T) {
	base := func() Message { return Message{From: "a@example.org", Subject: "s", Text: "t " + unsubToken} }
	tests := []struct {
		name   string
		modify func(*Message, *TemplateOptions)
		want   string
	}{
		{"recipients in the message", func(m *Message, _ *TemplateOptions) { m.To = []string{"x@example.com"} }, "to:"},
		{"shared unsubscribe header", func(m *Message, _ *TemplateOptions) {
			m.Headers = map[string]string{"list-unsubscribe": "<https://x>"}
		}, "per recipient"},
		{"short placeholder", func(_ *Message, o *TemplateOptions) { o.Placeholders = []string{"abc"} }, "at least 6"},
		{"placeholder with space", func(_ *Message, o *TemplateOptions) { o.Placeholders = []string{"abc def"} }, "placeholder"},
		{"nested placeholders", func(_ *Message, o *TemplateOptions) { o.Placeholders = []string{"TOKEN1", "TOKEN12"} }, "part of"},
		{"bad bounce address", func(_ *Message, o *TemplateOptions) { o.BounceAddress = "bounce" }, "bounce address"},
		{"no text", func(m *Message, _ *TemplateOptions) { m.Text = " " }, "text body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, o := base(), TemplateOptions{Placeholders: []string{unsubToken}}
			tt.modify(&m, &o)
			_, err := testComposer().Template(m, o)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Template = %v, want ErrInvalid mentioning %q", err, tt.want)
			}
		})
	}
	tpl, err := testComposer().Template(base(), TemplateOptions{Placeholders: []string{unsubToken}, BounceAddress: "b@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []Recipient{
		{To: "x@example.com\r\nBcc: y@example.com", Values: []string{"v"}},
		{To: "x@example.com", Values: nil},
		{To: "x@example.com", Values: []string{"v"}, UnsubscribeURL: "https://x/a>, <https://evil"},
		{To: "x@example.com", Values: []string{"v"}, UnsubscribeURL: "javascript:alert(1)"},
		{To: "x@example.com", Values: []string{"v"}, UnsubscribeMailto: "not an address"},
		{To: "x@example.com", Values: []string{"v"}, BounceToken: "a@b"},
	} {
		if _, err := tpl.Render(nil, r); !errors.Is(err, ErrInvalid) {
			t.Errorf("Render(%+v) = %v, want ErrInvalid", r, err)
		}
	}
}

func mustAddr(t *testing.T, s string) string {
	t.Helper()
	a, err := parseAddress("test", s)
	if err != nil {
		t.Fatal(err)
	}
	return a.String()
}

// BenchmarkTemplateRender measures one recipient's copy of a 30 KB issue.
func BenchmarkTemplateRender(b *testing.B) {
	tpl, err := Composer{}.Template(issueMessage(), TemplateOptions{Placeholders: []string{unsubToken}})
	if err != nil {
		b.Fatal(err)
	}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		c, err := tpl.Render(buf, Recipient{To: "zoe@example.com", Values: []string{"https://news.example.org/u/abcdef"},
			UnsubscribeURL: "https://news.example.org/u/abcdef", UnsubscribeMailto: "u@news.example.org"})
		if err != nil {
			b.Fatal(err)
		}
		buf = c.Data
	}
	_ = bytes.MinRead
}
