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
	window:   postgresWindow,
	write:    postgresWriteIndex,
	prepare:  postgresPrepare,
	snippets: postgresSnippets,
}

// postgresWindow reads the newest matches in the shape prepare chose
// (search_shape_postgres.go), and ranks them: the small tsvectors of the
// headline (head, in the row) and of the standfirst, topics and authors
// (meta) are checked in the rows the window reads, for its rows only (the
// LIMIT stops the join before the checks of the rest), not in a second
// lookup of each (decision 0049).
//
// walk: the newest rows one by one, each checked against the facets (in
// the row) and then the document (out of line), until the window is
// full: for words most articles hold, the window is full after a little
// more than its length.
//
// gather: every match of the words and the facets, through their one GIN
// index (migration 0030), which intersects their lists, in a MATERIALIZED
// CTE. GIN answers words, OR and NOT exactly, so no document is read; the
// planner, which prices reading a document from TOAST as nothing, would
// otherwise walk the newest rows, reading thousands of documents to find
// a thousand matches.
//
// With phrases, the articles holding their pairs are gathered the same
// way: pairs are rare enough that all their articles are few.
//
// Gathered rows are sorted newest first before they meet articles, so
// the join stops at the window's end: left to itself, the planner, which
// guesses 500 matches for a word its statistics do not list, probed
// articles for every match and sorted afterwards (6,000 probes for a word
// in 6% of the articles).
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
	document := func() {
		if r.match != "" {
			match = append(match, `s.document @@ to_tsquery('english', ?)`)
			args = append(args, r.match)
		}
	}
	var with []any // the arguments of the CTE, which come first
	prefix, from := "", "article_search s"
	gathered := func(conds ...string) {
		prefix = `WITH p AS MATERIALIZED (SELECT s.article_id FROM article_search s WHERE ` + strings.Join(append(match, conds...), " AND ") + `) `
		with, match, args = args, nil, nil
		// A subquery with its own ORDER BY stays a subquery, and the
		// outer query keeps its order.
		from = `(SELECT article_id FROM p ORDER BY article_id DESC) p JOIN article_search s ON s.article_id = p.article_id`
	}
	switch {
	case r.pairs != "":
		gathered(`s.pairs @@ CAST(? AS tsquery)`)
		with = append(with, r.pairs)
		document()
	case r.shape == shapeGather && r.match != "":
		document()
		gathered()
	default:
		document()
	}
	where := "TRUE"
	if len(match) > 0 {
		where = strings.Join(match, " AND ")
	}
	return prefix + `SELECT a.id, COALESCE(a.published_at, a.updated_at), ` + strconv.Itoa(rankBody) + `
			+ CASE WHEN s.head @@ to_tsquery('english', ?) THEN ` + strconv.Itoa(rankHeadline) + ` ELSE 0 END
			+ CASE WHEN s.meta @@ to_tsquery('english', ?) THEN ` + strconv.Itoa(rankSecondary) + ` ELSE 0 END
		FROM ` + from + ` JOIN articles a ON a.id = s.article_id
		WHERE ` + where + filters + `
		ORDER BY s.article_id DESC LIMIT ` + strconv.Itoa(search.MaxResults+1), append(append(with, r.wanted, r.wanted), args...)
}

// renderTSQuery writes a query in to_tsquery's syntax. Every word is a
// quoted lexeme, so no word can be read as an operator or a weight; the
// operators are ours. to_tsquery stems the words and drops stop words.
func renderTSQuery(q search.Query, facets []string) rendered {
	var b strings.Builder
	writeBoolean(&b, q, booleanOps{and: " & ", or: " | ", andNot: " & !"}, tsTerm)
	var wanted strings.Builder
	writeBoolean(&wanted, search.Query{All: q.All}, booleanOps{and: " & ", or: " | ", andNot: " & !"}, tsTerm)
	// Facets have a column of their own here: the tag is not needed.
	return rendered{text: b.String(), match: b.String(), wanted: wanted.String(),
		facets: strings.ReplaceAll(strings.Join(facets, " & "), search.Tag, "")}
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
