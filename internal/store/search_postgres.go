package store

import (
	"context"
	"strconv"
	"strings"

	"masthead/internal/search"
)

// PostgreSQL's half of search: a table of tsvectors in the 'english'
// configuration under a GIN index (migration 0013), weighted A headline,
// B standfirst, topics and authors, C body, ranked by ts_rank.

var postgresSearch = searchEngine{
	key:      "article_id",
	render:   renderTSQuery,
	renderIn: renderTSQueryIn,
	window:   postgresWindow,
	within:   postgresWithin,
	write:    postgresWriteIndex,
	prepare:  postgresPreparePairs,
	snippets: postgresSnippets,
}

// postgresWindow: the GIN indexes find the matches (ANDed with the facets'
// when filtered), and the slim rows (long values are out of line) give
// their ids, of which the newest are kept.
//
// With phrases, the articles holding their pairs are taken first, all of
// them, through GIN (a MATERIALIZED CTE): the planner prices checking a
// row's out-of-line pairs as nothing, and otherwise walks the newest
// rows reading each one's from TOAST, which for a pair in one article of
// twenty is twenty thousand reads. Pairs are rare enough that all their
// articles are few.
func postgresWindow(r rendered, filters string) (string, []any) {
	var match []string
	var args []any
	// The conditions in the order a row is checked when the newest rows
	// are walked one by one: the facets are in the row, the document out
	// of line.
	if r.facets != "" {
		match = append(match, `s.facets @@ to_tsquery('simple', ?)`)
		args = append(args, r.facets)
	}
	with, from := "", "article_search s"
	if r.pairs != "" {
		with = `WITH p AS MATERIALIZED (SELECT s.article_id FROM article_search s WHERE ` +
			strings.Join(append(match, `s.pairs @@ CAST(? AS tsquery)`), " AND ") + `) `
		args = append(args, r.pairs)
		match, from = nil, "p JOIN article_search s ON s.article_id = p.article_id"
	}
	if r.match != "" {
		match = append(match, `s.document @@ to_tsquery('english', ?)`)
		args = append(args, r.match)
	}
	where := "TRUE"
	if len(match) > 0 {
		where = strings.Join(match, " AND ")
	}
	return with + `SELECT a.id, COALESCE(a.published_at, a.updated_at)
		FROM ` + from + ` JOIN articles a ON a.id = s.article_id
		WHERE ` + where + filters + `
		ORDER BY s.article_id DESC LIMIT ` + strconv.Itoa(search.MaxResults+1), args
}

// postgresWithin checks the window's rows one by one against the small
// tsvector of the field (head or meta) that renderTSQueryIn names.
func postgresWithin(fieldQuery string, ids []int64) (string, []any) {
	col, q, _ := strings.Cut(fieldQuery, ":")
	return `SELECT s.article_id FROM article_search s WHERE s.article_id IN (` + placeholders(len(ids)) + `)
		AND s.` + col + ` @@ to_tsquery('english', ?)`, append(int64Args(ids), q)
}

// renderTSQueryIn is the query's wanted words for the headline's tsvector
// (field 'A': "head:...") or the standfirst's, topics' and authors'
// ('B': "meta:...").
func renderTSQueryIn(q search.Query, field byte, _ []string) string {
	col := "head:"
	if field == 'B' {
		col = "meta:"
	}
	return col + renderTSQuery(search.Query{All: q.All}, nil).text
}

// renderTSQuery writes a query in to_tsquery's syntax. Every word is a
// quoted lexeme, so no word can be read as an operator or a weight; the
// operators are ours. to_tsquery stems the words and drops stop words.
func renderTSQuery(q search.Query, facets []string) rendered {
	var b strings.Builder
	writeBoolean(&b, q, booleanOps{and: " & ", or: " | ", andNot: " & !"}, tsTerm)
	// Facets have a column of their own here: the tag is not needed.
	return rendered{text: b.String(), match: b.String(), facets: strings.ReplaceAll(strings.Join(facets, " & "), search.Tag, "")}
}

var tsQuote = strings.NewReplacer(`'`, `''`, `\`, `\\`)

// tsTerm writes a term: its words joined by <-> (followed by), the last
// marked :* when it is a prefix.
func tsTerm(b *strings.Builder, t search.Term) {
	b.WriteString("(")
	for i, w := range t.Words {
		if i > 0 {
			b.WriteString(" <-> ")
		}
		b.WriteString("'")
		b.WriteString(tsQuote.Replace(w))
		b.WriteString("'")
	}
	if t.Prefix {
		b.WriteString(":*")
	}
	b.WriteString(")")
}

// postgresWriteIndex writes the row and its tsvector. The tsvector is made
// of the text's words only (search.WordsOnly): PostgreSQL's parser would
// otherwise skip "<script>" as a tag and read "e-mail" or "v1.2" whole,
// where SQLite and the query parser see words. Lowering it here rather
// than in the database, whose lowering depends on its locale (a C locale
// lowers only ASCII), indexes "ЖУРНАЛ" as the query "журнал" finds it on
// every installation. The original text is kept for ts_headline.
func postgresWriteIndex(ctx context.Context, q conn, docs []searchDoc) error {
	if len(docs) == 0 {
		return nil
	}
	args := make([]any, 0, 10*len(docs))
	for _, d := range docs {
		args = append(args, d.id, d.headline, d.standfirst, d.topics, d.authors, d.body, strings.ReplaceAll(d.facets, search.Tag, ""),
			search.WordsOnly(d.headline), search.WordsOnly(d.standfirst+" "+d.topics+" "+d.authors), search.WordsOnly(d.body))
	}
	// head and meta are the document's A and B parts without weights.
	values := make([]string, len(docs))
	for i := range docs {
		values[i] = `(?::bigint, ?, ?, ?, ?, ?, ?, setweight(to_tsvector('english', ?), 'A'), setweight(to_tsvector('english', ?), 'B'), setweight(to_tsvector('english', ?), 'C'))`
	}
	_, err := q.ExecContext(ctx, `INSERT INTO article_search (article_id, headline, standfirst, topics, authors, body, facets, document, head, meta)
		SELECT v.id, v.headline, v.standfirst, v.topics, v.authors, v.body, to_tsvector('simple', v.facets), v.a || v.b || v.c, v.a, v.b
		FROM (VALUES `+strings.Join(values, ", ")+`) AS v(id, headline, standfirst, topics, authors, body, facets, a, b, c)
		ON CONFLICT (article_id) DO UPDATE SET headline = excluded.headline, standfirst = excluded.standfirst,
			topics = excluded.topics, authors = excluded.authors, body = excluded.body,
			facets = excluded.facets, document = excluded.document, head = excluded.head, meta = excluded.meta`, args...)
	return err
}

// postgresSnippets runs ts_headline, which re-reads the text and is slow,
// on the page's rows only.
func postgresSnippets(ctx context.Context, q conn, r rendered, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	// One passage (the default, no fragments): fragments cost ts_headline
	// three times as much.
	opts := `StartSel=` + search.Mark + `, StopSel=` + search.Unmark + `, MaxWords=35, MinWords=15`
	args := append([]any{opts, r.text}, int64Args(ids)...)
	err := queryEach(ctx, q, func(sc scanner) error {
		var id int64
		var s string
		err := sc.Scan(&id, &s)
		out[id] = s
		return err
	}, `SELECT s.article_id, ts_headline('english', s.body, fq.q, ?)
		FROM (SELECT to_tsquery('english', ?) AS q) fq, article_search s
		WHERE s.article_id IN (`+placeholders(len(ids))+`)`, args...)
	return out, err
}
