package feed

import (
	"encoding/json"
	"io"
	"time"
)

// JSON Feed 1.1 (https://jsonfeed.org/version/1.1).
type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url,omitempty"`
	FeedURL     string       `json:"feed_url,omitempty"`
	Description string       `json:"description,omitempty"`
	Icon        string       `json:"icon,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html,omitempty"`
	ContentText   string       `json:"content_text,omitempty"`
	Summary       string       `json:"summary,omitempty"`
	Image         string       `json:"image,omitempty"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified,omitempty"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
}

// WriteJSON writes f as JSON Feed 1.1. An item carries content_html when
// the feed has full text, and otherwise its summary as content_text (the
// format requires one of the two). Text goes through Clean, as in the XML
// formats.
func WriteJSON(w io.Writer, f *Feed) error {
	jf := jsonFeed{
		Version: "https://jsonfeed.org/version/1.1", Title: Clean(f.Title), HomePageURL: f.HomeURL, FeedURL: f.SelfURL,
		Description: Clean(f.Description), Icon: f.IconURL, Language: f.Language,
		Items: make([]jsonItem, 0, len(f.Items)),
	}
	if f.Publisher != "" {
		jf.Authors = []jsonAuthor{{Name: Clean(f.Publisher), URL: f.HomeURL}}
	}
	for i := range f.Items {
		it := &f.Items[i]
		ji := jsonItem{ID: it.ID, URL: it.URL, Title: Clean(it.Title), Summary: Clean(it.Summary),
			DatePublished: it.Published.UTC().Format(time.RFC3339)}
		if it.HTML != "" {
			ji.ContentHTML = Clean(it.HTML)
		} else {
			ji.ContentText = firstNonEmpty(ji.Summary, ji.Title)
		}
		if it.Modified.After(it.Published) {
			ji.DateModified = it.Modified.UTC().Format(time.RFC3339)
		}
		for _, a := range it.Authors {
			ji.Authors = append(ji.Authors, jsonAuthor{Name: Clean(a.Name), URL: a.URL})
		}
		for _, c := range it.Categories {
			ji.Tags = append(ji.Tags, Clean(c))
		}
		if img := it.Image; img != nil {
			ji.Image = img.URL
		}
		jf.Items = append(jf.Items, ji)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(jf)
}
