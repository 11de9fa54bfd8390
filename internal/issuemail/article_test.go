package issuemail_test

import (
	"strings"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/issuemail"
)

func TestFromArticle(t *testing.T) {
	v := content.ArticleView{
		Article: content.Article{Slug: "floods", Headline: "Floods", Standfirst: "The river rose.",
			Body: `<p>Text</p><aside class="see-also" data-article-id="7"><a href="/articles/old">Old</a></aside>` +
				`<aside class="see-also" data-article-id="8"><a href="/articles/gone">Gone</a></aside>`},
		Section:   content.Section{Name: "News", Slug: "news"},
		Authors:   []content.Author{{Name: "Ana"}, {Name: "Li"}, {Name: "Sam"}},
		LeadImage: &content.Image{Path: "2026/12/a b.jpg"},
	}
	refs := map[int64]content.ArticleRef{
		7: {ID: 7, Slug: "renamed", Headline: "Renamed", Status: content.StatusPublished},
		8: {ID: 8, Slug: "gone", Headline: "Gone", Status: content.StatusUnpublished},
	}
	a := issuemail.FromArticle(v, refs, nil, "https://news.example.org/", time.Now())
	want := issuemail.Article{Headline: "Floods", Kicker: "News", Standfirst: "The river rose.",
		URL: "https://news.example.org/articles/floods", ImageURL: "https://news.example.org/media/2026/12/a%20b.jpg",
		ImageAlt: "Floods", Byline: "By Ana, Li and Sam"}
	body := a.BodyHTML
	a.BodyHTML = ""
	if a != want {
		t.Errorf("FromArticle = %+v\nwant %+v", a, want)
	}
	if !strings.Contains(body, `href="https://news.example.org/articles/renamed">Renamed</a>`) || strings.Contains(body, "Gone") {
		t.Errorf("see-also blocks not resolved as on the site: %s", body)
	}
	v.Series = &content.Series{Name: "The Long Table"}
	v.LeadAlt = "A river"
	v.Authors = v.Authors[:1]
	v.LeadImage = nil
	a = issuemail.FromArticle(v, nil, nil, "https://news.example.org", time.Now())
	if a.Kicker != "The Long Table" || a.Byline != "By Ana" || a.ImageURL != "" || a.ImageAlt != "" {
		t.Errorf("FromArticle = %+v", a)
	}
	// The site's relative links become absolute when built.
	is := sampleIssue()
	is.Articles = []issuemail.Article{issuemail.FromArticle(v, refs, nil, "https://news.example.org", time.Now())}
	e := build(t, is)
	if !strings.Contains(e.Message.HTML, `href="https://news.example.org/articles/renamed"`) {
		t.Error("the see-also link is not absolute in the email")
	}
}

func TestFromSettings(t *testing.T) {
	st := content.Settings{Name: "The Courier", BaseURL: "https://courier.example/", PostalAddress: "1 High Street\nRivertown"}
	p := issuemail.FromSettings(st, "", &content.Image{Path: "logo.png"})
	if p != (issuemail.Publication{Name: "The Courier", BaseURL: "https://courier.example", LogoURL: "https://courier.example/media/logo.png",
		PostalAddress: "1 High Street\nRivertown"}) {
		t.Errorf("FromSettings = %+v", p)
	}
	if p := issuemail.FromSettings(st, "https://news.example.org", nil); p.BaseURL != "https://news.example.org" || p.LogoURL != "" {
		t.Errorf("the configured base URL does not win: %+v", p)
	}
}
