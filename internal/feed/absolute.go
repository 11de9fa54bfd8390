package feed

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// AbsoluteHTML rewrites the href and src attributes of an HTML fragment
// against base (the article's address), so links in a feed reader lead
// back to the site. body is an article body already sanitised by content's
// allow-list; an address that does not resolve to http, https or mailto is
// dropped with its attribute.
func AbsoluteHTML(body, base string) string {
	b, err := url.Parse(base)
	if err != nil {
		return body
	}
	z := html.NewTokenizer(strings.NewReader(body))
	var out strings.Builder
	out.Grow(len(body) + len(body)/8)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out.String() // io.EOF: the fragment ends
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			for i := 0; i < len(t.Attr); i++ {
				a := &t.Attr[i]
				if a.Namespace != "" || (a.Key != "href" && a.Key != "src") {
					continue
				}
				abs, ok := resolve(b, a.Val)
				if !ok {
					t.Attr = append(t.Attr[:i], t.Attr[i+1:]...)
					i--
					continue
				}
				a.Val = abs
			}
			out.WriteString(t.String())
		default:
			out.Write(z.Raw())
		}
	}
}

func resolve(base *url.URL, raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", false
	}
	u = base.ResolveReference(u)
	switch u.Scheme {
	case "http", "https":
		return u.String(), u.Host != ""
	case "mailto":
		return u.String(), true
	}
	return "", false
}
