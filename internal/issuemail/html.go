package issuemail

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/vanng822/go-premailer/premailer"
	"golang.org/x/net/html"
)

//go:embed email.html
var emailHTML string

// emailTemplate is parsed once; the CSS in its <style> block is inlined
// per build by premailer, and what cannot be inlined (media queries)
// stays in the head.
var emailTemplate = template.Must(template.New("email").Parse(emailHTML))

// Conditional comments give Outlook on Windows, which ignores max-width, a
// fixed 600-pixel column. html/template strips comments from template
// text, so they come in as values.
const (
	msoOpen  = `<!--[if mso]><table role="presentation" width="600" align="center" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->`
	msoClose = `<!--[if mso]></td></tr></table><![endif]-->`
)

// preheaderPad keeps clients from filling the inbox preview with the
// email's first words after a short preheader.
var preheaderPad = template.HTML(strings.Repeat("&#847;&zwnj;&nbsp;", 60))

type emailData struct {
	Lang, Subject, Preheader string
	PreheaderPad             template.HTML
	MSOOpen, MSOClose        template.HTML
	BaseURL, Host, LogoURL   string
	PubName, NewsletterName  string
	Intro                    []string
	Address                  []string
	Single                   *singleData
	Articles                 []Article
}

type singleData struct {
	Article
	Body template.HTML // made email-safe by emailBody
}

// renderHTML lays out the issue, inlines its CSS and, when tracking,
// rewrites its links and adds the open pixel.
func renderHTML(is Issue) (string, []string, error) {
	d := emailData{
		Lang:           "en",
		Subject:        is.Subject,
		Preheader:      preheader(is),
		PreheaderPad:   preheaderPad,
		MSOOpen:        msoOpen,
		MSOClose:       msoClose,
		BaseURL:        is.Publication.BaseURL,
		Host:           host(is.Publication.BaseURL),
		LogoURL:        is.Publication.LogoURL,
		PubName:        is.Publication.Name,
		NewsletterName: oneLine(is.Newsletter.Name),
		Intro:          paragraphs(is.Intro),
		Address:        addressLines(is.Publication),
	}
	if len(is.Articles) == 1 && strings.TrimSpace(is.Articles[0].BodyHTML) != "" {
		a := is.Articles[0]
		d.Single = &singleData{Article: a, Body: template.HTML(emailBody(a.BodyHTML, a.URL))} // emailBody re-renders a sanitised tree
	} else {
		d.Articles = is.Articles
	}
	var buf bytes.Buffer
	if err := emailTemplate.ExecuteTemplate(&buf, "email", d); err != nil {
		return "", nil, err
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		return "", nil, err
	}
	if _, err := premailer.NewPremailer(doc, premailer.NewOptions()).Transform(); err != nil {
		return "", nil, err
	}
	var links []string
	if is.Track {
		links = track(doc, is.Publication.BaseURL)
	}
	var out bytes.Buffer
	for n := doc.Nodes[0].FirstChild; n != nil; n = n.NextSibling {
		if err := html.Render(&out, n); err != nil {
			return "", nil, err
		}
	}
	out.WriteByte('\n')
	return out.String(), links, nil
}

// track points every http(s) link except the reader's own unsubscribe
// and preferences links at the click endpoint, numbering distinct targets
// in order of appearance, and adds a 1×1 open pixel.
func track(doc *goquery.Document, base string) []string {
	var links []string
	index := map[string]int{}
	doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		if href == PlaceholderUnsubscribe || href == PlaceholderPreferences {
			return
		}
		u, err := url.Parse(href)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return
		}
		n, ok := index[href]
		if !ok {
			n = len(links)
			index[href] = n
			links = append(links, href)
		}
		s.SetAttr("href", base+"/newsletters/c/"+PlaceholderTrack+"/"+strconv.Itoa(n))
	})
	pixel := &html.Node{Type: html.ElementNode, Data: "img", Attr: []html.Attribute{
		{Key: "src", Val: base + "/newsletters/o/" + PlaceholderTrack + ".gif"},
		{Key: "width", Val: "1"}, {Key: "height", Val: "1"}, {Key: "alt", Val: ""},
		{Key: "style", Val: "display:block;width:1px;height:1px;border:0;"},
	}}
	doc.Find("body").AppendNodes(pixel)
	return links
}

// preheader is the inbox preview line: the one given, else the intro's or
// the first article's opening words.
func preheader(is Issue) string {
	if is.Preheader != "" {
		return is.Preheader
	}
	for _, s := range []string{is.Intro, is.Articles[0].Standfirst} {
		if s = oneLine(s); s != "" {
			return truncate(s, 140)
		}
	}
	return ""
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := strings.LastIndexByte(string(r[:n]), ' ')
	if cut <= 0 {
		return string(r[:n]) + "…"
	}
	return string(r[:n])[:cut] + "…"
}

// paragraphs splits plain text on blank lines, each paragraph on one line.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = oneLine(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// addressLines is the sender's postal address headed by the
// publication's name, unless the address starts with it already.
func addressLines(p Publication) []string {
	var lines []string
	for _, l := range strings.Split(p.PostalAddress, "\n") {
		if l = oneLine(l); l != "" {
			lines = append(lines, l)
		}
	}
	if p.Name != "" && (len(lines) == 0 || !strings.EqualFold(lines[0], p.Name)) {
		lines = append([]string{p.Name}, lines...)
	}
	return lines
}

func host(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	return strings.TrimSuffix(u.Host+u.EscapedPath(), "/")
}
