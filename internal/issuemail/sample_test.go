package issuemail_test

import (
	"masthead/internal/issuemail"
	"masthead/internal/newsletter"
)

// sampleIssue is a one-article issue with hostile and non-Latin text.
func sampleIssue() issuemail.Issue {
	return issuemail.Issue{
		Newsletter: newsletter.Newsletter{
			ID: 3, Name: "The Morning Brief", SenderName: "The Courier", SenderEmail: "brief@news.example.org",
			ReplyTo: "letters@news.example.org", ListID: "brief.news.example.org",
		},
		Subject:   "Floods in the valley: what comes next",
		Preheader: "The river crested overnight. Here is what we know.",
		Intro:     "Good morning.\n\nToday a single story, in full.",
		Articles: []issuemail.Article{{
			Headline:   "Floods in the valley: what comes next",
			Kicker:     "Weather",
			Standfirst: "The river crested overnight; towns downstream brace for a second surge.",
			URL:        "https://news.example.org/articles/floods-in-the-valley",
			ImageURL:   "https://news.example.org/media/2026/12/flood.jpg",
			ImageAlt:   "A flooded high street seen from a bridge",
			Byline:     "By Ana Souza and Li Wei",
			BodyHTML: `<p>The river rose <strong>two metres</strong> in six hours, <a href="/articles/river-levels">the gauges show</a>.</p>` +
				`<h2>What comes next</h2><p>Officials said the second surge would arrive by noon.</p>` +
				`<ul><li>Schools closed</li><li>Roads shut: see <a href="https://roads.example.gov/closures">the list</a></li></ul>` +
				`<blockquote><p>We have never seen it this high.</p></blockquote>` +
				`<aside class="see-also" data-article-id="7"><a href="/articles/last-year">Last year's floods</a></aside>`,
		}},
		Publication: issuemail.Publication{
			Name: "The Courier", BaseURL: "https://news.example.org", PostalAddress: "1 High Street\nRivertown RT1 2AB\nUnited Kingdom",
		},
	}
}

// sampleDigest is a three-article digest.
func sampleDigest() issuemail.Issue {
	is := sampleIssue()
	is.Subject = "This week: floods, a new bridge and the harvest"
	is.Intro = "Three stories from the week."
	is.Articles = []issuemail.Article{
		{Headline: "Floods in the valley: what comes next", Kicker: "Weather", Standfirst: "The river crested overnight.",
			URL: "https://news.example.org/articles/floods-in-the-valley", ImageURL: "https://news.example.org/media/2026/12/flood.jpg", ImageAlt: "A flooded high street"},
		{Headline: "A new bridge for Rivertown", Kicker: "Transport", Standfirst: "The council approved the design on Tuesday.",
			URL: "https://news.example.org/articles/new-bridge"},
		{Headline: "Harvest festival returns", Kicker: "Culture", Standfirst: "After two years away, the festival is back.",
			URL: "https://news.example.org/articles/harvest-festival"},
	}
	return is
}
