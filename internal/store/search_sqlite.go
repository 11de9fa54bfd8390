package store

import (
	"context"
	"strconv"
	"strings"

	"masthead/internal/search"
)

// SQLite's half of search: an FTS5 table (migration 0013) whose rowid is
// the article's id, and a second one of the fields but the body (migration
// 0030) for ranking the window by where it matches.

var sqliteSearch = searchEngine{
	key:      "rowid",
	render:   renderFTS5,
	renderIn: renderFTS5In,
	window:   sqliteWindow,
	within:   sqliteWithin,
	write:    sqliteWriteIndex,
	snippets: sqliteSnippets,
}

// sqliteWindow: FTS5 yields matches by rowid, newest first, and the
// CROSS JOIN keeps it the outer loop, so the scan stops at the window's
// end; the filters read the slim index articles_search_filter.
func sqliteWindow(r rendered, filters string) (string, []any) {
	return `SELECT a.id, COALESCE(a.published_at, a.updated_at), ` + strconv.Itoa(rankBody) + `
		FROM article_search CROSS JOIN articles a ON a.id = article_search.rowid
		WHERE article_search MATCH ?` + filters + `
		ORDER BY article_search.rowid DESC LIMIT ` + strconv.Itoa(search.MaxResults+1), []any{r.text}
}

// sqliteWithin reads only the window's range of rowids, which FTS5 seeks
// to in each word's list, in article_search_fields (migration 0030): the
// short fields without the body, whose lists are a tenth as long. When the
// matches are fewer than the window the range is the whole archive, and
// the same query on article_search read the body's lists of every word
// through it, positions and all.
func sqliteWithin(fieldQuery string, ids []int64) (string, []any) {
	lo, hi := ids[0], ids[0]
	for _, id := range ids {
		lo, hi = min(lo, id), max(hi, id)
	}
	return `SELECT rowid FROM article_search_fields WHERE article_search_fields MATCH ? AND rowid BETWEEN ? AND ?`, []any{fieldQuery, lo, hi}
}

// renderFTS5In restricts the query's wanted words to the headline ('A')
// or the standfirst, topics and authors ('B') with a column filter, and
// to the facets: a filtered window spreads over a wide range of rowids,
// and the facets' lists skip the articles between its own.
func renderFTS5In(q search.Query, field byte, facets []string) string {
	cols := "{headline}"
	if field == 'B' {
		cols = "{standfirst topics authors}"
	}
	s := cols + " : (" + renderFTS5(search.Query{All: q.All}, nil).text + ")"
	for _, f := range facets {
		s += ` AND "` + f + `"`
	}
	return s
}

// renderFTS5 writes a query in FTS5's syntax. Every word is a quoted
// string, so no word can be read as an operator, a column filter or a
// special character; the operators are ours.
func renderFTS5(q search.Query, facets []string) rendered {
	var b strings.Builder
	// No column filter keeps the words from the facets: a column filter
	// makes FTS5 decode every match's positions (a fifth of a common
	// word's search), and no word can equal a facet, which holds the tag.
	b.WriteString("(")
	writeBoolean(&b, q, booleanOps{and: " AND ", or: " OR ", andNot: " NOT "}, fts5Term)
	b.WriteString(")")
	for _, f := range facets {
		b.WriteString(` AND "` + f + `"`)
	}
	var wanted strings.Builder
	writeBoolean(&wanted, search.Query{All: q.All}, booleanOps{and: " AND ", or: " OR ", andNot: " NOT "}, fts5Term)
	return rendered{text: b.String(), wanted: wanted.String()}
}

// fts5Term writes a term as one FTS5 string: its words in a row are a
// phrase, and a trailing * makes the last a prefix.
func fts5Term(b *strings.Builder, t search.Term) {
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(strings.Join(t.Words, " "), `"`, `""`))
	b.WriteByte('"')
	if t.Prefix {
		b.WriteString(" *")
	}
}

func sqliteWriteIndex(ctx context.Context, q conn, docs []searchDoc) error {
	if len(docs) == 0 {
		return nil
	}
	ids := make([]int64, len(docs))
	args := make([]any, 0, 7*len(docs))
	for i, d := range docs {
		ids[i] = d.id
		args = append(args, d.id, d.headline, d.standfirst, d.topics, d.authors, d.body, d.facets)
	}
	for _, table := range []string{"article_search", "article_search_fields"} {
		if _, err := q.ExecContext(ctx, `DELETE FROM `+table+` WHERE rowid IN (`+placeholders(len(ids))+`)`, int64Args(ids)...); err != nil {
			return err
		}
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO article_search (rowid, headline, standfirst, topics, authors, body, facets) VALUES `+
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?),", len(docs)), ","), args...); err != nil {
		return err
	}
	// The ranking's index of the short fields (sqliteWithin).
	fields := make([]any, 0, 6*len(docs))
	for _, d := range docs {
		fields = append(fields, d.id, d.headline, d.standfirst, d.topics, d.authors, d.facets)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO article_search_fields (rowid, headline, standfirst, topics, authors, facets) VALUES `+
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?),", len(docs)), ","), fields...)
	return err
}

// sqliteSnippets asks FTS5 for snippets of the body (column 4) of the
// page's rows only: snippet() in the ranked query would run for every
// match before the LIMIT. FTS5 answers rowid IN (...) by running the query
// once for each row, setting up an iterator over every word's list each
// time, so it is asked only for the wanted words: the excluded ones and
// the facets mark nothing in a row that matched, and a common excluded
// word made the snippets a third of the search (decision 0049).
func sqliteSnippets(ctx context.Context, q conn, r rendered, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	args := append([]any{search.Mark, search.Unmark, r.wanted}, int64Args(ids)...)
	err := queryEach(ctx, q, func(sc scanner) error {
		var id int64
		var s string
		err := sc.Scan(&id, &s)
		out[id] = s
		return err
	}, `SELECT rowid, snippet(article_search, 4, ?, ?, '…', 40) FROM article_search
		WHERE article_search MATCH ? AND rowid IN (`+placeholders(len(ids))+`)`, args...)
	return out, err
}
