package admin

import (
	"net/http"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// The editor's "Embargo until" field (decision 0042): a datetime-local in
// the publication's zone; empty removes the embargo, and a form without
// the field (a role that cannot publish) leaves it as it is.

// embargoInput reads the field into what content.ArticleInput takes: nil
// when the form did not carry it.
func embargoInput(r *http.Request, loc *time.Location) (*time.Time, error) {
	if _, sent := r.PostForm["embargo_until"]; !sent {
		return nil, nil
	}
	s := strings.TrimSpace(r.PostFormValue("embargo_until"))
	if s == "" {
		return &time.Time{}, nil
	}
	t, ok := parseLocal(s, loc)
	if !ok {
		return nil, apperr.Fields{"embargo_until": "Enter a date and a time, such as 2026-11-20 09:30, or leave it empty for no embargo."}
	}
	return &t, nil
}

// embargoLabel is what staff views say of an article's embargo at now:
// "" when none holds.
func embargoLabel(a content.Article, now time.Time, loc *time.Location) string {
	if !content.Embargoed(a.EmbargoUntil, now) {
		return ""
	}
	return "Embargoed until " + a.EmbargoUntil.In(loc).Format("2 January 2006 15:04 MST")
}
