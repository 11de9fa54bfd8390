// Package demo holds the demo publication that a fresh Masthead install can
// load: The Northbridge Weekly, a fictional independent weekly about civic life
// in the fictional city of Northbridge, with its sections, series, authors and
// articles as plain Go data, plus generated placeholder images.
//
// The package only describes content. Inserting it into a database is the job
// of the loader, which treats the types below as its contract.
package demo

// Publication is the whole demo site: its settings and its content.
type Publication struct {
	Name, Tagline, Description string
	TimeZone                   string // IANA, e.g. "Australia/Melbourne"
	SupportText                string // site-wide banner, e.g. "Support 25 years of independent journalism"
	SupportURL                 string // "" until the publication has a support page
	PrivacyNotice              string // Markdown, several paragraphs
	PostalAddress              string // lines, shown at the foot of every newsletter
	Sections                   []Section
	Series                     []Series
	Authors                    []Author
	Articles                   []Article
}

// Section is a top-level part of the site, such as News or Culture.
type Section struct{ Slug, Name, Description string }

// Series is a column-style series whose name is used as an article's kicker.
type Series struct{ Slug, Name, Description string }

// Author is a writer with a byline page. Bio is one to three sentences.
type Author struct {
	Slug, Name, Bio string
	Links           []string
}

// Article is one published piece. Body uses the editor's Markdown subset:
// paragraphs separated by blank lines, "## " subheadings, *emphasis*,
// **strong**, links, "> " block quotations, pull quotes as lines beginning
// ">> " (optionally ending with a ">> — Attribution" line), and see-also
// paragraphs of exactly "See also: /articles/<slug>".
type Article struct {
	Slug, Headline, Standfirst          string
	Section                             string   // section slug
	Series                              string   // series slug or ""
	Authors                             []string // author slugs, ordered, 1-2
	Topics                              []string // topic names, human readable; may be empty
	Body                                string   // Markdown
	ImageAlt, ImageCaption, ImageCredit string
	Correction                          string // "" or a corrections note
	DaysAgo                             int    // published this many days before "now"
	HourOfDay                           int
}

// Content returns the demo publication. Every call builds a fresh value, so a
// caller may modify what it gets without affecting other callers.
func Content() Publication {
	var articles []Article
	articles = append(articles, newsArticles()...)
	articles = append(articles, councilLetters()...)
	articles = append(articles, policyArticles()...)
	articles = append(articles, cultureArticles()...)
	articles = append(articles, opinionArticles()...)
	articles = append(articles, workArticles()...)
	articles = append(articles, environmentArticles()...)

	return Publication{
		Name:    "The Northbridge Weekly",
		Tagline: "Independent journalism about the city we share",
		Description: "The Northbridge Weekly is an independent, reader-funded magazine about civic life in Northbridge: " +
			"the council and the state agencies that run the city, the policies that shape how people live and work, " +
			"and the culture that makes it worth living in. In print every Saturday since 2001, online every day.",
		TimeZone:      "Australia/Melbourne",
		SupportText:   "Support 25 years of independent journalism",
		SupportURL:    "", // no support page yet: the banner shows as text rather than a link to a 404
		PrivacyNotice: privacyNotice,
		PostalAddress: "Level 2, 48 Wattle Street\nNorthbridge VIC 3999\nAustralia",
		Sections:      sections(),
		Series:        series(),
		Authors:       authors(),
		Articles:      articles,
	}
}

func sections() []Section {
	return []Section{
		{Slug: "news", Name: "News", Description: "What happened in Northbridge this week, at the Town Hall, in the courts and on the street."},
		{Slug: "policy", Name: "Policy", Description: "Explainers and analysis on the decisions that shape the city: housing, health, transport, budgets and the public service."},
		{Slug: "culture", Name: "Culture", Description: "Arts, heritage, books and the people who make Northbridge a place worth living in."},
		{Slug: "opinion", Name: "Opinion", Description: "Columns, editorials and argument from our writers and readers."},
		{Slug: "work", Name: "Work & Careers", Description: "Jobs, workplaces and careers, with a close eye on the people who work in the public sector."},
		{Slug: "environment", Name: "Environment", Description: "The Wattle River, the city's trees, its energy and its weather, and what the council is doing about them."},
	}
}

func series() []Series {
	return []Series{
		{Slug: "the-long-table", Name: "The Long Table", Description: "Ruth Abernathy's weekly column about the people who keep Northbridge running, and the decisions made over their heads."},
		{Slug: "letter-from-the-council", Name: "Letter from the Council", Description: "Daniel Okafor's fortnightly dispatch from the council chamber: what was decided, what was deferred, and what it means for you."},
		{Slug: "explainer", Name: "The Explainer", Description: "Plain answers to the policy questions readers ask us most."},
	}
}

func authors() []Author {
	return []Author{
		{
			Slug:  "clara-bennett",
			Name:  "Clara Bennett",
			Bio:   "Clara Bennett has edited The Northbridge Weekly since 2017. Before that she spent a decade covering courts and local government for regional newspapers.",
			Links: []string{"https://example.org/people/clara-bennett"},
		},
		{
			Slug:  "daniel-okafor",
			Name:  "Daniel Okafor",
			Bio:   "Daniel Okafor covers Northbridge City Council and the state agencies that fund it, and writes the fortnightly Letter from the Council. He has sat through more budget meetings than he cares to count.",
			Links: []string{"https://example.org/people/daniel-okafor", "https://example.org/feeds/daniel-okafor.xml"},
		},
		{
			Slug:  "priya-raman",
			Name:  "Priya Raman",
			Bio:   "Priya Raman is the Weekly's policy editor, covering housing, health and the state budget. She previously worked as a research analyst at a public policy institute.",
			Links: []string{"https://example.org/people/priya-raman"},
		},
		{
			Slug: "ruth-abernathy",
			Name: "Ruth Abernathy",
			Bio:  "Ruth Abernathy writes The Long Table, the Weekly's column about the people who keep a city running. She taught English at Northbridge secondary schools for twenty-two years and was one of the paper's three founders.",
		},
		{
			Slug:  "tom-kowalczyk",
			Name:  "Tom Kowalczyk",
			Bio:   "Tom Kowalczyk writes about arts, heritage and the city's cultural life. He has reviewed theatre in Northbridge since the Corn Exchange was a carpet warehouse.",
			Links: []string{"https://example.org/people/tom-kowalczyk"},
		},
		{
			Slug:  "helen-mcandrew",
			Name:  "Helen McAndrew",
			Bio:   "Helen McAndrew reports on work, careers and the public sector workforce. Tips about your workplace are welcome and are kept confidential.",
			Links: []string{"https://example.org/people/helen-mcandrew"},
		},
		{
			Slug: "sione-latu",
			Name: "Sione Latu",
			Bio:  "Sione Latu covers the environment, water and transport. He grew up in Port Alder and still swims in the Wattle River, water tests permitting.",
		},
	}
}

// topicVocabulary is the shared list of topics that articles draw from.
func topicVocabulary() []string {
	return []string{
		"Housing",
		"Local government",
		"Planning",
		"Transport",
		"Public health",
		"Education",
		"Libraries",
		"Arts and culture",
		"Heritage",
		"Budget",
		"Accountability",
		"Elections",
		"Public sector workforce",
		"Community services",
		"Climate and energy",
		"Water",
		"Parks and open space",
		"Small business",
		"Local media",
	}
}

const privacyNotice = `The Northbridge Weekly keeps as little personal data as it can, and only for as long as it needs it. This notice explains what we keep, why, and what you can ask us to do with it.

## What we keep

When you sign up to a newsletter we keep your email address, the newsletters you chose, the job sector you selected (if you gave one) and a record of when and how you consented. When you support us we also keep your name and a record of your payments. Card details are handled by our payment provider and never reach our systems. If you write to us, we keep your message and our reply.

We use this information only to send you what you asked for, to manage your support, and to understand in aggregate which newsletters and sectors our readers come from. We do not sell it, rent it or share it with advertisers.

## Your rights

You can ask for a copy of everything we hold about you, ask us to correct anything that is wrong, and ask us to delete your data altogether. Write to privacy@example.org and we will reply within thirty days. Deleting your data also ends any newsletters you receive; records of payments are kept for as long as tax law requires and no longer.

## Unsubscribing

Every email we send has an unsubscribe link at the bottom. One click is enough: there is no form to fill in and no reason to give. You can also change or cancel your newsletters at any time from your account page.

## No third-party trackers

Our website and our emails carry no advertising trackers, analytics pixels or social media widgets. Our own server logs, which record pages requested but not who requested them, are kept for thirty days to keep the site secure and then deleted.

To show which articles are most read, our website counts how often each page is read, per hour, and which other websites sent readers to us (by name only, such as google.com). The count sets no cookie and keeps no IP address, no browser details and nothing else that could tell one reader from another.`
