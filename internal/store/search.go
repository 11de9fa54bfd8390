package store

import (
	"context"
	"fmt"
	"strings"

	"masthead/internal/content"
	"masthead/internal/search"
)

// Full-text search over articles (decision 0032). The index holds one row
// per article with the text readers search; everything else a search
// filters on (status, section, dates, topics, authors) is read from the
// articles it joins, so a change of status needs no index write. The
// engine's half lives in search_sqlite.go (FTS5) and search_postgres.go
// (tsvector and GIN): how a parsed query is written for it, how a row is
// written, the ranked query and the snippets.

// searchDoc is what the index holds of one article.
type searchDoc struct {
	headline, standfirst, topics, authors, body string
}

// searchEngine is one engine's half of search.
type searchEngine struct {
	// key is the index's column holding the article id.
	key string
	// render writes a parsed query in the engine's syntax, passed as the
	// one argument of match.
	render func(search.Query) string
	// from joins the index to articles a; match is the condition that a
	// row matches the rendered query (one ? argument), and rank an
	// expression of how well it does, higher is better.
	from, match, rank string
	// write replaces article id's index row.
	write func(ctx context.Context, q conn, id int64, d searchDoc) error
	// snippets returns a snippet of the body of each of ids around what
	// the rendered query matches.
	snippets func(ctx context.Context, q conn, rendered string, ids []int64) (map[int64]string, error)
}

func (db *DB) searchEngine() *searchEngine {
	if db.dialect == Postgres {
		return &postgresSearch
	}
	return &sqliteSearch
}

// indexArticle writes article id's index row from what the transaction
// has written: its text, topic names and byline.
func (tx *Tx) indexArticle(ctx context.Context, id int64) error {
	var d searchDoc
	err := tx.q.QueryRowContext(ctx, `SELECT a.headline, a.standfirst, a.body,
		COALESCE((SELECT `+tx.db.joinNames("t.name")+` FROM article_topics at JOIN topics t ON t.id = at.topic_id WHERE at.article_id = a.id), ''),
		COALESCE((SELECT `+tx.db.joinNames("au.name")+` FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = a.id), '')
		FROM articles a WHERE a.id = ?`, id).Scan(&d.headline, &d.standfirst, &d.body, &d.topics, &d.authors)
	if err != nil {
		return fmt.Errorf("store: index article %d: %w", id, mapErr(err))
	}
	d.body = content.SearchText(d.body)
	for _, s := range []*string{&d.headline, &d.standfirst, &d.topics, &d.authors, &d.body} {
		*s = search.IndexText(*s)
	}
	if err := tx.db.searchEngine().write(ctx, tx.q, id, d); err != nil {
		return fmt.Errorf("store: index article %d: %w", id, err)
	}
	return nil
}

// joinNames aggregates a column's values into one space-separated string.
func (db *DB) joinNames(col string) string {
	if db.dialect == Postgres {
		return "string_agg(" + col + ", ' ')"
	}
	return "group_concat(" + col + ", ' ')"
}

// reindexWhere reindexes, inside the transaction, the articles that
// query (selecting article ids) returns: those of a renamed topic or
// author, or of a topic merged or deleted.
func (tx *Tx) reindexWhere(ctx context.Context, query string, args ...any) error {
	ids, err := queryAll(ctx, tx.q, scanInt64, query, args...)
	if err != nil {
		return fmt.Errorf("store: articles to reindex: %w", err)
	}
	for _, id := range ids {
		if err := tx.indexArticle(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// indexBatch is how many articles IndexMissing indexes per transaction:
// small enough that the writer is not held for long.
const indexBatch = 200

// IndexMissing indexes, in batches, every article the search index does
// not hold: those written before migration 0013. It is idempotent and
// resumable (each batch commits), and Migrate runs it. It returns how
// many it indexed.
func (db *DB) IndexMissing(ctx context.Context) (int, error) {
	key := db.searchEngine().key
	total := 0
	for {
		ids, err := queryAll(ctx, db.write, scanInt64, `SELECT id FROM articles
			WHERE id NOT IN (SELECT `+key+` FROM article_search) ORDER BY id LIMIT ?`, indexBatch)
		if err != nil {
			return total, fmt.Errorf("store: articles to index: %w", err)
		}
		if len(ids) == 0 {
			return total, nil
		}
		err = db.tx(ctx, func(tx *Tx) error {
			for _, id := range ids {
				if err := tx.indexArticle(ctx, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += len(ids)
	}
}

// Search runs a search: one page of hits, best first (ties newest first),
// with snippets, and how many there are up to search.MaxResults. An empty
// query finds nothing without asking the engine.
func (db *DB) Search(ctx context.Context, req search.Request) (search.Results, error) {
	var res search.Results
	if req.Query.Empty() {
		return res, nil
	}
	e := db.searchEngine()
	rendered := e.render(req.Query)
	where, args := searchFilters(req)
	where = e.match + where
	args = append([]any{rendered}, args...)

	// Count first, up to the cap: one more row says there are more.
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+e.from+` WHERE `+where+` LIMIT ?) c`,
		append(args, search.MaxResults+1)...).Scan(&res.Total); err != nil {
		return res, fmt.Errorf("store: count search: %w", err)
	}
	if res.Total > search.MaxResults {
		res.Total, res.More = search.MaxResults, true
	}
	limit, offset := req.Limit, req.Offset
	if offset < 0 {
		offset = 0
	}
	if limit <= 0 || offset >= search.MaxResults || offset >= res.Total {
		return res, nil
	}
	limit = min(limit, search.MaxResults-offset)

	type ranked struct {
		id   int64
		rank float64
	}
	rows, err := queryAll(ctx, db.read, func(sc scanner) (ranked, error) {
		var r ranked
		err := sc.Scan(&r.id, &r.rank)
		return r, err
	}, `SELECT a.id, `+e.rank+` AS r FROM `+e.from+` WHERE `+where+`
		ORDER BY r DESC, COALESCE(a.published_at, a.updated_at) DESC, a.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return res, fmt.Errorf("store: search: %w", err)
	}
	if len(rows) == 0 {
		return res, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.id
	}
	arts, err := db.articlesByID(ctx, ids)
	if err != nil {
		return res, err
	}
	snips, err := e.snippets(ctx, db.read, rendered, ids)
	if err != nil {
		return res, fmt.Errorf("store: search snippets: %w", err)
	}
	for _, r := range rows {
		a, ok := arts[r.id]
		if !ok {
			continue // deleted between the two queries
		}
		res.Hits = append(res.Hits, search.Hit{Article: a, Snippet: snips[r.id], Rank: r.rank})
	}
	return res, nil
}

// searchFilters writes the conditions of a search other than the match,
// on articles a, each starting with AND.
func searchFilters(req search.Request) (string, []any) {
	var b strings.Builder
	var args []any
	switch {
	case !req.Staff:
		b.WriteString(` AND ` + publicArticle) // what readers may see, as on every public list
	case req.Status != "":
		b.WriteString(` AND a.status = ?`)
		args = append(args, string(req.Status))
	}
	if req.SectionID != 0 {
		b.WriteString(` AND a.section_id = ?`)
		args = append(args, req.SectionID)
	}
	if !req.From.IsZero() {
		b.WriteString(` AND a.published_at >= ?`)
		args = append(args, req.From.UnixMicro())
	}
	if !req.To.IsZero() {
		b.WriteString(` AND a.published_at < ?`)
		args = append(args, req.To.UnixMicro())
	}
	if req.ExcludeID != 0 {
		b.WriteString(` AND a.id <> ?`)
		args = append(args, req.ExcludeID)
	}
	if req.TopicID != 0 {
		b.WriteString(` AND EXISTS (SELECT 1 FROM article_topics ft WHERE ft.article_id = a.id AND ft.topic_id = ?)`)
		args = append(args, req.TopicID)
	}
	if req.AuthorID != 0 {
		b.WriteString(` AND EXISTS (SELECT 1 FROM article_authors fa WHERE fa.article_id = a.id AND fa.author_id = ?)`)
		args = append(args, req.AuthorID)
	}
	return b.String(), args
}

// articlesByID loads the articles of ids (without their bodies, which a
// list does not show) keyed by id.
func (db *DB) articlesByID(ctx context.Context, ids []int64) (map[int64]content.Article, error) {
	cols := `a.id, a.slug, a.headline, a.standfirst, '', '', a.section_id, COALESCE(a.series_id, 0), a.status,
	COALESCE(a.lead_image_id, 0), a.lead_alt, a.lead_caption, a.lead_credit, '', a.allow_repeats, COALESCE(a.created_by, 0),
	a.published_at, a.scheduled_at, a.modified_at, a.created_at, a.updated_at`
	out := make(map[int64]content.Article, len(ids))
	err := queryEach(ctx, db.read, func(sc scanner) error {
		a, err := scanArticle(sc)
		out[a.ID] = a
		return err
	}, `SELECT `+cols+` FROM articles a WHERE a.id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: search articles: %w", err)
	}
	return out, nil
}
