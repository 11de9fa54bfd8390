package store

import (
	"context"
	"strings"

	"masthead/internal/search"
)

// SQLite's half of search: an FTS5 table (migration 0013) whose rowid is
// the article's id, ranked by bm25 with the headline weighing most.

var sqliteSearch = searchEngine{
	key:    "rowid",
	render: renderFTS5,
	// CROSS JOIN keeps the full-text index as the outer loop: SQLite would
	// otherwise be free to scan articles and probe the index per row.
	from:  `article_search CROSS JOIN articles a ON a.id = article_search.rowid`,
	match: `article_search MATCH ?`,
	// bm25 is lower for better matches; negated, higher is better on both
	// engines. Weights by column: headline, standfirst, topics, authors, body.
	rank:     `-bm25(article_search, 10.0, 4.0, 4.0, 4.0, 1.0)`,
	write:    sqliteWriteIndex,
	snippets: sqliteSnippets,
}

// renderFTS5 writes a query in FTS5's syntax. Every word is a quoted
// string, so no word can be read as an operator, a column filter or a
// special character; the operators are ours.
func renderFTS5(q search.Query) string {
	var b strings.Builder
	for i, group := range q.All {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteString("(")
		for j, t := range group {
			if j > 0 {
				b.WriteString(" OR ")
			}
			fts5Term(&b, t)
		}
		b.WriteString(")")
	}
	if len(q.None) > 0 {
		b.WriteString(" NOT (")
		for j, t := range q.None {
			if j > 0 {
				b.WriteString(" OR ")
			}
			fts5Term(&b, t)
		}
		b.WriteString(")")
	}
	return b.String()
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

func sqliteWriteIndex(ctx context.Context, q conn, id int64, d searchDoc) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM article_search WHERE rowid = ?`, id); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO article_search (rowid, headline, standfirst, topics, authors, body)
		VALUES (?, ?, ?, ?, ?, ?)`, id, d.headline, d.standfirst, d.topics, d.authors, d.body)
	return err
}

// sqliteSnippets asks FTS5 for snippets of the body (column 4) of the
// page's rows only: snippet() in the ranked query would run for every
// match before the LIMIT.
func sqliteSnippets(ctx context.Context, q conn, rendered string, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	args := append([]any{search.Mark, search.Unmark, rendered}, int64Args(ids)...)
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
