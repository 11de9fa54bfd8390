package issuemail_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/text/width"

	"masthead/internal/apperr"
	"masthead/internal/issuemail"
	"masthead/internal/mail"
)

// received is one rendered message as a mail client reads it.
type received struct {
	Header     netmail.Header
	Text, HTML string
}

// recipient values as the campaign sender fills them (contract).
const (
	unsubURL = "https://news.example.org/newsletters/unsubscribe/v2.AbC-unsub_tok3n"
	prefsURL = "https://news.example.org/newsletters/preferences/v2.AbC-prefs_tok3n"
	trackTok = "v2.AbC-track_tok3n"
)

// deliver renders e for one reader through mail.Template, as a campaign
// does, and parses the result with net/mail and mime/multipart.
func deliver(t *testing.T, e issuemail.Email) received {
	t.Helper()
	tpl, err := mail.Composer{}.Template(e.Message, mail.TemplateOptions{Placeholders: issuemail.Placeholders()})
	if err != nil {
		t.Fatalf("template: %v", err)
	}
	c, err := tpl.Render(nil, mail.Recipient{
		To: "Reader <reader@example.com>", Values: []string{unsubURL, prefsURL, trackTok}, UnsubscribeURL: unsubURL,
	})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return parse(t, c.Data)
}

func parse(t *testing.T, data []byte) received {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v), want multipart/alternative", m.Header.Get("Content-Type"), err)
	}
	r := received{Header: m.Header}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var body io.Reader = p
		switch p.Header.Get("Content-Transfer-Encoding") {
		case "quoted-printable":
			body = quotedprintable.NewReader(p)
		case "base64": // a mostly non-Latin part
			body = base64.NewDecoder(base64.StdEncoding, p)
		}
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatal(err)
		}
		switch ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); ct {
		case "text/plain":
			r.Text = strings.ReplaceAll(string(b), "\r\n", "\n")
		case "text/html":
			r.HTML = strings.ReplaceAll(string(b), "\r\n", "\n")
		default:
			t.Errorf("unexpected part %s", ct)
		}
	}
	if r.Text == "" || r.HTML == "" {
		t.Fatalf("want both parts: text %d bytes, HTML %d bytes", len(r.Text), len(r.HTML))
	}
	return r
}

func build(t *testing.T, is issuemail.Issue) issuemail.Email {
	t.Helper()
	e, err := issuemail.Build(is)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return e
}

// elements lists the parsed HTML's elements named tag.
func elements(t *testing.T, doc, tag string) []*html.Node {
	t.Helper()
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func TestBuildOneArticle(t *testing.T) {
	is := sampleIssue()
	r := deliver(t, build(t, is))

	if got := r.Header.Get("From"); got != `"The Courier" <brief@news.example.org>` {
		t.Errorf("From = %q", got)
	}
	if got := r.Header.Get("Reply-To"); got != "letters@news.example.org" {
		t.Errorf("Reply-To = %q", got)
	}
	if got := r.Header.Get("List-Id"); got != `"The Morning Brief" <brief.news.example.org>` {
		t.Errorf("List-Id = %q", got)
	}
	if got := r.Header.Get("List-Unsubscribe"); got != "<"+unsubURL+">" {
		t.Errorf("List-Unsubscribe = %q", got)
	}
	if got, _ := new(mime.WordDecoder).DecodeHeader(r.Header.Get("Subject")); got != is.Subject {
		t.Errorf("Subject = %q", got)
	}
	for _, part := range []struct{ name, body string }{{"text", r.Text}, {"HTML", r.HTML}} {
		for _, want := range []string{unsubURL, prefsURL, "1 High Street", "Rivertown RT1 2AB", "The Morning Brief"} {
			if !strings.Contains(part.body, want) {
				t.Errorf("%s part lacks %q", part.name, want)
			}
		}
		for _, ph := range issuemail.Placeholders() {
			if strings.Contains(part.body, ph) {
				t.Errorf("%s part still holds placeholder %s", part.name, ph)
			}
		}
	}
	a := is.Articles[0]
	for _, want := range []string{a.Headline, a.Kicker, a.Byline, a.Standfirst, a.URL, a.ImageURL, a.ImageAlt,
		"two metres", "What comes next", "We have never seen it this high.", "https://news.example.org/articles/river-levels",
		"https://roads.example.gov/closures", "https://news.example.org/articles/last-year"} {
		if !strings.Contains(html.UnescapeString(r.HTML), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, want := range []string{a.Headline, "WEATHER", a.Byline, a.URL, "two metres", "https://news.example.org/articles/river-levels",
		"Unsubscribe: " + unsubURL, "https://news.example.org\n"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if strings.Contains(r.HTML, "newsletters/c/") || strings.Contains(r.HTML, "newsletters/o/") {
		t.Error("links are tracked without Track")
	}
	checkHTML(t, r.HTML)
	checkText(t, r.Text)
}

func TestBuildDigest(t *testing.T) {
	is := sampleDigest()
	e := build(t, is)
	if e.Links != nil {
		t.Errorf("Links = %v without Track", e.Links)
	}
	r := deliver(t, e)
	for _, a := range is.Articles {
		for _, want := range []string{a.Headline, a.Standfirst, a.URL} {
			if !strings.Contains(r.Text, want) {
				t.Errorf("text lacks %q", want)
			}
			if !strings.Contains(r.HTML, want) {
				t.Errorf("HTML lacks %q", want)
			}
		}
	}
	if n := strings.Count(r.HTML, ">Read more</a>"); n != len(is.Articles) {
		t.Errorf("%d Read more links, want %d", n, len(is.Articles))
	}
	if strings.Contains(r.HTML, "two metres") {
		t.Error("a digest shows an article body")
	}
	checkHTML(t, r.HTML)
	checkText(t, r.Text)
}

// checkHTML holds what every client needs: inline styles, table layout
// with role=presentation, alt on every image, absolute links and sources.
func checkHTML(t *testing.T, doc string) {
	t.Helper()
	if htmls := elements(t, doc, "html"); len(htmls) != 1 {
		t.Fatal("no html element")
	} else if lang, _ := attr(htmls[0], "lang"); lang == "" {
		t.Error("html has no lang")
	}
	for _, tag := range []string{"td", "p", "h1", "h2", "a"} {
		for _, n := range elements(t, doc, tag) {
			if s, _ := attr(n, "style"); !strings.Contains(s, ":") {
				if href, _ := attr(n, "href"); tag == "a" && href != "" && strings.Contains(href, "/newsletters/o/") {
					continue
				}
				t.Errorf("<%s> %v has no inline style", tag, n.Attr)
			}
		}
	}
	tables := elements(t, doc, "table")
	if len(tables) == 0 {
		t.Error("no layout table")
	}
	for _, n := range tables {
		if role, _ := attr(n, "role"); role != "presentation" {
			t.Errorf("layout table without role=presentation: %v", n.Attr)
		}
	}
	for _, n := range elements(t, doc, "img") {
		if _, ok := attr(n, "alt"); !ok {
			t.Errorf("<img> without alt: %v", n.Attr)
		}
		if src, _ := attr(n, "src"); !absoluteHTTP(src) {
			t.Errorf("<img> src %q is not absolute", src)
		}
		if w, _ := attr(n, "width"); w == "" {
			t.Errorf("<img> %v has no width", n.Attr)
		}
	}
	for _, n := range elements(t, doc, "a") {
		if href, _ := attr(n, "href"); !absoluteHTTP(href) && !strings.HasPrefix(href, "mailto:") {
			t.Errorf("href %q is not absolute", href)
		}
	}
	for _, tag := range []string{"script", "iframe", "form", "object", "embed", "input"} {
		if n := elements(t, doc, tag); len(n) != 0 {
			t.Errorf("HTML has a <%s>", tag)
		}
	}
	styles := elements(t, doc, "style")
	if len(styles) != 1 || !strings.Contains(styles[0].FirstChild.Data, "@media only screen and (max-width") ||
		!strings.Contains(styles[0].FirstChild.Data, "prefers-color-scheme: dark") {
		t.Error("the media queries are not kept in the head")
	}
	if !strings.Contains(doc, `class="preheader"`) {
		t.Error("no preheader")
	}
	if strings.Contains(doc, "transparent") {
		t.Error("transparent text (SpamAssassin's HTML_FONT_LOW_CONTRAST)")
	}
	if !strings.Contains(doc, "max-width:600px") {
		t.Error("the column is not limited to 600px")
	}
}

// checkText holds the text part readable: lines wrapped at 72 characters
// except for those holding a URL, which is never broken.
func checkText(t *testing.T, text string) {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		cols := 0
		for _, r := range l {
			cols++
			if k := width.LookupRune(r).Kind(); k == width.EastAsianWide || k == width.EastAsianFullwidth {
				cols++
			}
		}
		if cols > 72 && !strings.Contains(l, "://") {
			t.Errorf("text line of %d columns: %q", cols, l)
		}
	}
	if strings.Contains(text, "<p>") || strings.Contains(text, "&amp;") {
		t.Error("text part holds markup")
	}
}

func TestTrackRewritesAllButFooterLinks(t *testing.T) {
	is := sampleIssue()
	is.Track = true
	e := build(t, is)
	r := deliver(t, e)
	pixel := "https://news.example.org/newsletters/o/" + trackTok + ".gif"
	clickPrefix := "https://news.example.org/newsletters/c/" + trackTok + "/"
	untracked := e.Links[:0:0]
	for _, n := range elements(t, r.HTML, "a") {
		href, _ := attr(n, "href")
		switch {
		case href == unsubURL || href == prefsURL:
		case strings.HasPrefix(href, clickPrefix):
			var i int
			if _, err := fmtSscan(strings.TrimPrefix(href, clickPrefix), &i); err != nil || i < 0 || i >= len(e.Links) {
				t.Errorf("click link %q does not map to Links (%d)", href, len(e.Links))
			}
		default:
			untracked = append(untracked, href)
		}
	}
	if len(untracked) != 0 {
		t.Errorf("links left untracked: %v", untracked)
	}
	if strings.Count(r.HTML, `href="`+unsubURL+`"`) != 1 || strings.Count(r.HTML, `href="`+prefsURL+`"`) != 1 {
		t.Error("the footer's unsubscribe and preferences links must stay the reader's own")
	}
	want := []string{"https://news.example.org", is.Articles[0].URL, "https://news.example.org/articles/river-levels",
		"https://roads.example.gov/closures", "https://news.example.org/articles/last-year"}
	if strings.Join(e.Links, " ") != strings.Join(want, " ") {
		t.Errorf("Links = %v, want %v", e.Links, want)
	}
	imgs := elements(t, r.HTML, "img")
	if src, _ := attr(imgs[len(imgs)-1], "src"); src != pixel || strings.Count(r.HTML, pixel) != 1 {
		t.Errorf("no open pixel %s at the end", pixel)
	}
	if !strings.Contains(r.Text, is.Articles[0].URL) {
		t.Error("the text part's URLs are rewritten")
	}
	checkHTML(t, r.HTML)
}

func fmtSscan(s string, i *int) (int, error) {
	n := 0
	if s == "" {
		return 0, errors.New("empty")
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, errors.New("not a number")
		}
		n = n*10 + int(c-'0')
	}
	*i = n
	return 1, nil
}

func TestHostileTextIsEscaped(t *testing.T) {
	is := sampleIssue()
	evil := `</title><script>alert(1)</script> & "quotes" 'single' <b>bold</b>`
	is.Subject = "Line one\r\nBcc: victim@example.com " + evil
	is.Preheader = evil
	is.Intro = evil + "\n\n" + "Ελληνικά, 日本語, العربية and 🎉"
	is.Newsletter.Name = `Brief </title><script>x</script>`
	is.Publication.Name = `Courier <img src=x onerror=alert(1)>`
	is.Publication.PostalAddress = "1 <script>alert(1)</script> Street\nΑθήνα 🎉"
	a := &is.Articles[0]
	a.Headline = evil + " 日本語 🎉"
	a.Kicker = evil
	a.Standfirst = evil
	a.Byline = evil
	a.ImageAlt = `" onerror="alert(1)`
	a.BodyHTML = `<p>ok</p><p>` + strings.Repeat("日本語の文章です。", 30) + ` ` + strings.Repeat("x", 200) + `</p><script>alert(1)</script><style>p{}</style><iframe src="https://www.youtube.com/embed/abc123"></iframe>` +
		`<form action="/x"><input name=a></form><p onclick="alert(1)" style="position:fixed">text <a href="javascript:alert(1)">js</a></p>` +
		`<img src="/media/x.jpg" alt="rel"><img src="javascript:alert(1)" alt="bad"><!--[if mso]><script></script><![endif]-->`
	e := build(t, is)
	if strings.ContainsAny(e.Message.Subject, "\r\n") {
		t.Errorf("subject %q is not one line", e.Message.Subject)
	}
	r := deliver(t, e)
	if r.Header.Get("Bcc") != "" {
		t.Error("a Bcc header was injected")
	}
	for _, bad := range []string{"<script", "</title><", "javascript:", "<b>bold", "<iframe", "<form", "<input", "position:fixed", "p{}"} {
		if strings.Contains(r.HTML, bad) {
			t.Errorf("HTML holds %q", bad)
		}
	}
	titles := elements(t, r.HTML, "title")
	if len(titles) != 1 || !strings.Contains(titles[0].FirstChild.Data, "</title><script>") {
		t.Error("the headline does not survive as text in the title")
	}
	h1 := elements(t, r.HTML, "h1")
	if len(h1) != 1 || !strings.Contains(textOf(h1[0]), "<script>alert(1)</script> & \"quotes\"") || !strings.Contains(textOf(h1[0]), "日本語 🎉") {
		t.Errorf("headline not shown as typed: %q", textOf(h1[0]))
	}
	for _, want := range []string{"Ελληνικά, 日本語, العربية and 🎉", "Αθήνα 🎉",
		"https://www.youtube.com/watch?v=abc123", "https://news.example.org/media/x.jpg"} {
		if !strings.Contains(r.HTML, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if words := strings.Join(strings.Fields(r.Text), " "); !strings.Contains(words, "日本語 🎉") || !strings.Contains(r.Text, "https://www.youtube.com/watch?v=abc123") {
		t.Error("text part lacks the headline or the embed's link")
	}
	checkHTML(t, r.HTML)
	checkText(t, r.Text)
	if !strings.Contains(strings.ReplaceAll(r.Text, "\n", ""), strings.Repeat("日本語の文章です。", 30)) {
		t.Error("the Japanese paragraph lost characters when wrapped")
	}
	for _, tag := range []string{"img", "p", "a", "td", "div"} {
		for _, n := range elements(t, r.HTML, tag) {
			for _, at := range n.Attr {
				if strings.HasPrefix(at.Key, "on") {
					t.Errorf("<%s> has an event handler %s=%q", tag, at.Key, at.Val)
				}
			}
		}
	}
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func TestBuildRefuses(t *testing.T) {
	for _, c := range []struct {
		name, field string
		change      func(*issuemail.Issue)
	}{
		{"no articles", "articles", func(is *issuemail.Issue) { is.Articles = nil }},
		{"no postal address", "postal_address", func(is *issuemail.Issue) { is.Publication.PostalAddress = " \n " }},
		{"no base URL", "base_url", func(is *issuemail.Issue) { is.Publication.BaseURL = "" }},
		{"relative base URL", "base_url", func(is *issuemail.Issue) { is.Publication.BaseURL = "/news" }},
		{"javascript base URL", "base_url", func(is *issuemail.Issue) { is.Publication.BaseURL = "javascript:alert(1)" }},
		{"relative article URL", "articles[0].url", func(is *issuemail.Issue) { is.Articles[0].URL = "/articles/x" }},
		{"no headline", "articles[0].headline", func(is *issuemail.Issue) { is.Articles[0].Headline = " " }},
		{"no subject", "subject", func(is *issuemail.Issue) { is.Subject = "\n" }},
		{"no sender", "sender_email", func(is *issuemail.Issue) { is.Newsletter.SenderEmail = "" }},
		{"long subject", "subject", func(is *issuemail.Issue) { is.Subject = strings.Repeat("é", 251) }},
		{"long preheader", "preheader", func(is *issuemail.Issue) { is.Preheader = strings.Repeat("p", 251) }},
		{"long intro", "intro", func(is *issuemail.Issue) { is.Intro = strings.Repeat("i", 5_001) }},
		{"too many articles", "articles", func(is *issuemail.Issue) {
			for len(is.Articles) <= issuemail.MaxArticles {
				is.Articles = append(is.Articles, is.Articles[0])
			}
		}},
		{"base URL with a query", "base_url", func(is *issuemail.Issue) { is.Publication.BaseURL = "https://news.example.org/?x=1" }},
		{"no list id", "list_id", func(is *issuemail.Issue) { is.Newsletter.ListID = "" }},
		{"list id with brackets", "list_id", func(is *issuemail.Issue) { is.Newsletter.ListID = "a> <b" }},
		{"bad reply-to", "reply_to", func(is *issuemail.Issue) { is.Newsletter.ReplyTo = "x\r\nBcc: y@z" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			is := sampleIssue()
			c.change(&is)
			_, err := issuemail.Build(is)
			var f apperr.Fields
			if !errors.As(err, &f) || f[c.field] == "" {
				t.Fatalf("err = %v, want a field error on %s", err, c.field)
			}
			if apperr.KindOf(err) != apperr.Invalid {
				t.Errorf("kind = %v", apperr.KindOf(err))
			}
		})
	}
}

// Render fills the placeholders wherever they are: text from articles
// must not carry them, or a body link could hand each reader's
// unsubscribe or tracking token to another site.
func TestPlaceholdersInContentAreRemoved(t *testing.T) {
	is := sampleIssue()
	is.Track = true
	is.Intro = "Say MHTRACKTOKEN"
	a := &is.Articles[0]
	a.Headline = "Win MHUNSUBSCRIBEURL"
	a.BodyHTML = `<p><a href="https://evil.example/?u=MHUNSUBSCRIBEURL&p=MHPREFERENCESURL&t=MHTRAMHTRACKTOKENCKTOKEN">prize</a></p>`
	e := build(t, is)
	r := deliver(t, e)
	for _, secret := range []string{unsubURL, prefsURL, trackTok} {
		for _, l := range e.Links {
			if strings.Contains(l, secret) || strings.Contains(l, "MH") {
				t.Errorf("click target %q carries a placeholder", l)
			}
		}
		if n := strings.Count(r.Text, secret); secret != trackTok && n != 1 {
			t.Errorf("text holds %s %d times, want once (the footer)", secret, n)
		}
	}
	if !strings.Contains(strings.Join(e.Links, " "), "https://evil.example/?u=&p=&t=") {
		t.Errorf("Links = %v", e.Links)
	}
}

func TestLogo(t *testing.T) {
	is := sampleDigest()
	is.Publication.LogoURL = "https://news.example.org/media/logo.png"
	r := deliver(t, build(t, is))
	var found bool
	for _, n := range elements(t, r.HTML, "img") {
		if src, _ := attr(n, "src"); src == is.Publication.LogoURL {
			alt, _ := attr(n, "alt")
			found = alt == "The Courier"
		}
	}
	if !found {
		t.Error("no logo with the publication's name as alt text")
	}
	is.Publication.LogoURL = "/media/logo.png" // not absolute: left out, the name shows instead
	r = deliver(t, build(t, is))
	if strings.Contains(r.HTML, "logo.png") || !strings.Contains(r.HTML, ">The Courier</a>") {
		t.Error("a relative logo URL is used")
	}
}

func TestPreviewFillsSampleLinks(t *testing.T) {
	is := sampleIssue()
	is.Track = true
	h, text, err := issuemail.Preview(is)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{h, text} {
		for _, ph := range issuemail.Placeholders() {
			if strings.Contains(part, ph) {
				t.Errorf("preview holds placeholder %s", ph)
			}
		}
		if !strings.Contains(part, "https://news.example.org/newsletters/unsubscribe/preview") {
			t.Error("preview lacks the sample unsubscribe link")
		}
	}
	checkHTML(t, h)
	if _, _, err := issuemail.Preview(issuemail.Issue{}); err == nil {
		t.Error("Preview of an empty issue succeeded")
	}
}
