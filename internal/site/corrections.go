package site

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"masthead/internal/content"
)

// Corrections and updates (decision 0043): an article page lists its
// notes with their dates, and /corrections lists every correction of a
// published article, newest first, a page at a time. Both are cached like
// any page; adding a note purges the cache (content.Service.AddNote).

const (
	correctionsPath = "/corrections"
	// correctionsPerPage is how many corrections one page lists.
	correctionsPerPage = 20
)

// noteView is one note as the article page shows it.
type noteView struct {
	Kind  content.NoteKind
	Label string // "Correction" or "Update"
	Text  string
	At    stamp
}

func noteViews(notes []content.Note, loc *time.Location) []noteView {
	if len(notes) == 0 {
		return nil
	}
	out := make([]noteView, len(notes))
	for i, n := range notes {
		out[i] = noteView{Kind: n.Kind, Label: n.Kind.Label(), Text: n.Text, At: timeStamp(n.At, loc)}
	}
	return out
}

type correctionsView struct {
	Entries []correctionEntry
	Next    string // the next page's address, "" on the last
	Older   bool   // this is not the first page
}

type correctionEntry struct {
	URL, Headline, Text string
	At                  stamp
}

// corrections lists corrections newest first: GET /corrections.
func (s *Site) corrections(ctx context.Context, r *http.Request, after content.Cursor) (view, error) {
	sh, err := s.common(ctx)
	if err != nil {
		return view{}, err
	}
	entries, err := s.store.PublicCorrections(ctx, after, correctionsPerPage+1)
	if err != nil {
		return view{}, err
	}
	d := s.pageData(sh, r, "Corrections", correctionsPath)
	d.Description = "Corrections to articles published by " + sh.Settings.Name + ", newest first."
	cv := &correctionsView{Older: !after.IsZero()}
	if cv.Older {
		d.Title = "Corrections, older — " + sh.Settings.Name
		d.Canonical += "?after=" + formatCursor(after)
	}
	if len(entries) > correctionsPerPage {
		entries = entries[:correctionsPerPage]
		last := entries[len(entries)-1]
		cv.Next = correctionsPath + "?after=" + formatCursor(content.Cursor{PublishedAt: last.At, ID: last.ID})
	}
	for _, e := range entries {
		cv.Entries = append(cv.Entries, correctionEntry{URL: "/articles/" + url.PathEscape(e.Slug), Headline: e.Headline,
			Text: e.Text, At: timeStamp(e.At, sh.Loc)})
	}
	d.Corrections = cv
	return view{page: "corrections", data: d}, nil
}
