// Package issuemail builds one newsletter issue's email (decision record
// 0024): a responsive HTML part with its CSS inlined, a plain-text part,
// and the list headers, with placeholders that mail.Template fills per
// recipient (unsubscribe and preferences URLs, tracking token).
package issuemail

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"unicode"

	"masthead/internal/apperr"
	mailer "masthead/internal/mail"
	"masthead/internal/newsletter"
)

// Placeholders filled per recipient by mail.Template.Render. They are
// plain letters so HTML templating and CSS inlining leave them alone.
const (
	PlaceholderUnsubscribe = "MHUNSUBSCRIBEURL"
	PlaceholderPreferences = "MHPREFERENCESURL"
	PlaceholderTrack       = "MHTRACKTOKEN"
)

// Bounds on what an issue may hold: an email over about 100 KB is clipped
// by Gmail, and a subject beyond a phone's width is not read.
const (
	MaxSubjectChars   = 250
	MaxPreheaderChars = 250
	MaxIntroChars     = 5_000
	MaxArticles       = 30
)

// Placeholders is the order a Recipient's Values take: unsubscribe URL,
// preferences URL, track token.
func Placeholders() []string {
	return []string{PlaceholderUnsubscribe, PlaceholderPreferences, PlaceholderTrack}
}

// Issue is what one send mails: a single article or a digest of several.
type Issue struct {
	Newsletter  newsletter.Newsletter
	Subject     string
	Preheader   string // optional inbox preview line
	Intro       string // optional editor's note, plain text, paragraphs split on blank lines
	Articles    []Article
	Track       bool // rewrite links for click tracking and add an open pixel
	Publication Publication
}

// Article is one story as an email shows it.
type Article struct {
	Headline, Kicker, Standfirst string
	URL                          string // absolute
	ImageURL                     string // absolute, may be ""
	ImageAlt                     string
	Byline                       string
	BodyHTML                     string // full body for a one-article send; "" in a digest
}

// Publication is the sender of the issue.
type Publication struct {
	Name, BaseURL, LogoURL, PostalAddress string
}

// Email is a built issue: Message has no To and its bodies hold the
// placeholders; Links are the click targets when tracking.
type Email struct {
	Message mailer.Message
	Links   []string // with Track: index n is /newsletters/c/{token}/{n}
}

// Build renders the issue. It refuses an issue without articles, without
// a postal address (commercial mail must show one), without an absolute
// base URL, or whose article URLs are not absolute.
func Build(is Issue) (Email, error) {
	is, err := normalize(is)
	if err != nil {
		return Email{}, err
	}
	htmlBody, links, err := renderHTML(is)
	if err != nil {
		return Email{}, fmt.Errorf("issuemail: %w", err)
	}
	m := mailer.Message{
		From:    (&mail.Address{Name: oneLine(is.Newsletter.SenderName), Address: is.Newsletter.SenderEmail}).String(),
		Subject: is.Subject,
		Text:    renderText(is),
		HTML:    htmlBody,
		Headers: map[string]string{"List-Id": listID(is.Newsletter)},
	}
	if is.Newsletter.ReplyTo != "" {
		m.Headers["Reply-To"] = is.Newsletter.ReplyTo
	}
	return Email{Message: m, Links: links}, nil
}

// normalize checks is and tidies what users typed: one-line subject and
// headlines, trimmed base URL.
func normalize(is Issue) (Issue, error) {
	bad := apperr.Fields{}
	scrubIssue(&is)
	is.Subject = oneLine(is.Subject)
	if is.Subject == "" {
		bad.Add("subject", "Enter a subject line.")
	}
	bad.MaxChars("subject", "The subject line", is.Subject, MaxSubjectChars)
	is.Preheader = oneLine(is.Preheader)
	bad.MaxChars("preheader", "The preview line", is.Preheader, MaxPreheaderChars)
	bad.MaxChars("intro", "The introduction", is.Intro, MaxIntroChars)
	base, ok := absoluteURL(strings.TrimRight(strings.TrimSpace(is.Publication.BaseURL), "/"))
	if ok && strings.ContainsAny(base, "?#") {
		ok = false // the click and open paths are appended to it
	}
	if !ok {
		bad.Add("base_url", "Set the site's address (an absolute http or https URL, such as https://news.example.org) in Settings.")
	}
	is.Publication.BaseURL = base
	is.Publication.Name = oneLine(is.Publication.Name)
	is.Publication.PostalAddress = strings.TrimSpace(strings.ReplaceAll(is.Publication.PostalAddress, "\r\n", "\n"))
	if is.Publication.PostalAddress == "" {
		bad.Add("postal_address", "Add the publication's postal address in Settings: newsletters must show one.")
	}
	if is.Publication.LogoURL != "" {
		if u, ok := absoluteURL(is.Publication.LogoURL); ok {
			is.Publication.LogoURL = u
		} else {
			is.Publication.LogoURL = ""
		}
	}
	if _, err := mail.ParseAddress(is.Newsletter.SenderEmail); err != nil || strings.ContainsAny(is.Newsletter.SenderEmail, "<>") {
		bad.Add("sender_email", "The newsletter needs a sender address such as news@example.org.")
	}
	if is.Newsletter.ReplyTo != "" {
		if _, err := mail.ParseAddress(is.Newsletter.ReplyTo); err != nil || strings.ContainsAny(is.Newsletter.ReplyTo, "\r\n") {
			bad.Add("reply_to", "The newsletter's reply-to address is not a valid address.")
		}
	}
	if id := strings.TrimSpace(is.Newsletter.ListID); id == "" || strings.ContainsFunc(id, func(r rune) bool {
		return r <= ' ' || r >= 0x7f || strings.ContainsRune("<>\"", r)
	}) {
		bad.Add("list_id", "The newsletter needs a list id such as weekly.news.example.org.")
	}
	if len(is.Articles) == 0 {
		bad.Add("articles", "Choose at least one article.")
	}
	if len(is.Articles) > MaxArticles {
		bad.Add("articles", fmt.Sprintf("An issue can have at most %d articles; this one has %d.", MaxArticles, len(is.Articles)))
	}
	arts := make([]Article, len(is.Articles))
	for i, a := range is.Articles {
		a.Headline, a.Kicker, a.Byline, a.ImageAlt = oneLine(a.Headline), oneLine(a.Kicker), oneLine(a.Byline), oneLine(a.ImageAlt)
		a.Standfirst = strings.TrimSpace(a.Standfirst)
		if a.Headline == "" {
			bad.Add(fmt.Sprintf("articles[%d].headline", i), "Every article needs a headline.")
		}
		u, ok := absoluteURL(a.URL)
		if !ok {
			bad.Add(fmt.Sprintf("articles[%d].url", i), "Every article needs an absolute http or https address.")
		}
		a.URL = u
		if a.ImageURL != "" {
			if u, ok := absoluteURL(a.ImageURL); ok {
				a.ImageURL = u
			} else {
				a.ImageURL = "" // an image we cannot point at is left out rather than broken
			}
		}
		arts[i] = a
	}
	is.Articles = arts
	return is, bad.Err()
}

// scrubIssue removes the placeholders from everything the issue was given.
// Render replaces them wherever they are, so a link in an article body to
// https://elsewhere.example/?u=MHUNSUBSCRIBEURL would hand each reader's
// unsubscribe (or tracking) token to another site.
func scrubIssue(is *Issue) {
	for _, s := range []*string{&is.Subject, &is.Preheader, &is.Intro, &is.Newsletter.Name, &is.Newsletter.SenderName,
		&is.Newsletter.SenderEmail, &is.Newsletter.ReplyTo, &is.Newsletter.ListID, &is.Publication.Name,
		&is.Publication.BaseURL, &is.Publication.LogoURL, &is.Publication.PostalAddress} {
		*s = scrub(*s)
	}
	arts := make([]Article, len(is.Articles)) // the caller's slice stays as given
	for i, a := range is.Articles {
		for _, s := range []*string{&a.Headline, &a.Kicker, &a.Standfirst, &a.URL, &a.ImageURL, &a.ImageAlt, &a.Byline, &a.BodyHTML} {
			*s = scrub(*s)
		}
		arts[i] = a
	}
	is.Articles = arts
}

// scrub removes placeholders until none is left (removing one could join
// the pieces of another).
func scrub(s string) string {
	for {
		t := s
		for _, p := range Placeholders() {
			t = strings.ReplaceAll(t, p, "")
		}
		if t == s {
			return s
		}
		s = t
	}
}

// absoluteURL reports whether s is an absolute http(s) URL with a host,
// returning it re-serialised (so spaces and quotes are escaped).
func absoluteURL(s string) (string, bool) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", false
	}
	return u.String(), true
}

// listID is the List-Id header (RFC 2919): the newsletter's name as a
// quoted phrase, then the id in angle brackets.
func listID(n newsletter.Newsletter) string {
	id := strings.Trim(strings.TrimSpace(n.ListID), "<>")
	name := oneLine(n.Name)
	if name == "" {
		return "<" + id + ">"
	}
	return phrase(name) + " <" + id + ">"
}

// phrase writes name as an RFC 5322 display name. An ASCII name becomes a
// quoted string. Encoded words (which the mail package writes for
// non-ASCII words) may not sit inside quotes, so a non-ASCII name is left
// as bare words with the characters that would end a phrase removed.
func phrase(name string) string {
	ascii := true
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x7f {
			ascii = false
		}
	}
	if ascii {
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `"`
	}
	return oneLine(strings.Map(func(r rune) rune {
		if strings.ContainsRune(`"<>()[]\,;:@.`, r) {
			return ' '
		}
		return r
	}, name))
}

// oneLine turns runs of white space and control characters into one space
// and trims the ends: what a header or a headline must be.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}
