package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"masthead/internal/apperr"
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
	id                                          int64
	headline, standfirst, topics, authors, body string
	// facets are the section, topics and authors as tokens: "s3 t12 a7".
	facets string
}

// searchEngine is one engine's half of search.
type searchEngine struct {
	// key is the index's column holding the article id.
	key string
	// render writes a parsed query, and the facets a search is filtered
	// to, in the engine's syntax.
	render func(q search.Query, facets []string) rendered
	// renderIn, for within, writes the query's wanted words (not its exclusions)
	// restricted to the headline (field 'A') or to the standfirst, topics
	// and authors ('B'), with the search's facets when the engine can use
	// them to skip articles outside the window.
	renderIn func(q search.Query, field byte, facets []string) string
	// window is a SELECT of the ids, times (t) and ranks of the matches
	// of a rendered query passing the filters (conditions on articles a,
	// each starting with AND), the newest search.MaxResults+1 of them,
	// newest first, and its arguments before the filters'. The rank is
	// rankBody, or the whole rank when the engine has no within.
	window func(r rendered, filters string) (string, []any)
	// within, when set, is a SELECT of those of ids that a query from
	// renderIn matches, and its arguments: the window's rows are ranked
	// by two more queries.
	within func(fieldQuery string, ids []int64) (string, []any)
	// write replaces the index rows of docs.
	write func(ctx context.Context, q conn, docs []searchDoc) error
	// prepare, when set, completes a rendered query with what the engine
	// must be asked for first (PostgreSQL: the lexemes of phrases, and how
	// many articles the planner expects the words to match, which decides
	// the window's shape unless shape does).
	prepare func(ctx context.Context, q conn, query search.Query, r rendered, shape windowShape) (rendered, error)
	// snippets returns a snippet of the body of each of ids around what
	// the rendered query matches.
	snippets func(ctx context.Context, q conn, r rendered, ids []int64) (map[int64]string, error)
}

// rendered is a query written for one engine: the words, the facets, the
// wanted words alone (PostgreSQL ranks by them, SQLite's snippets ask for
// them), and on PostgreSQL what the phrases' adjacent words require of the
// pairs, what is left for the document to answer ("": nothing) and how
// the window is to be read.
type rendered struct {
	text, facets, pairs, match, wanted string
	shape                              windowShape
}

func (db *DB) searchEngine() *searchEngine {
	if db.dialect == Postgres {
		return &postgresSearch
	}
	return &sqliteSearch
}

// indexArticle writes article id's index row from what the transaction
// has written: its text, section, topics and byline.
func (tx *Tx) indexArticle(ctx context.Context, id int64) error {
	return tx.indexArticles(ctx, []int64{id})
}

// indexArticles writes the index rows of the articles of ids.
func (tx *Tx) indexArticles(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	docs, err := queryAll(ctx, tx.q, func(sc scanner) (searchDoc, error) {
		var d searchDoc
		var section int64
		var topicIDs, authorIDs string
		err := sc.Scan(&d.id, &d.headline, &d.standfirst, &d.body, &section, &d.topics, &topicIDs, &d.authors, &authorIDs)
		d.body = content.SearchText(d.body)
		for _, s := range []*string{&d.headline, &d.standfirst, &d.topics, &d.authors, &d.body} {
			*s = search.IndexText(*s)
		}
		d.facets = strings.Join(append(append([]string{facet('s', section)}, facetList('t', topicIDs)...), facetList('a', authorIDs)...), " ")
		return d, err
	}, `SELECT a.id, a.headline, a.standfirst, a.body, a.section_id,
		COALESCE((SELECT `+tx.db.joinNames("t.name")+` FROM article_topics at JOIN topics t ON t.id = at.topic_id WHERE at.article_id = a.id), ''),
		COALESCE((SELECT `+tx.db.joinNames("CAST(at.topic_id AS TEXT)")+` FROM article_topics at WHERE at.article_id = a.id), ''),
		COALESCE((SELECT `+tx.db.joinNames("au.name")+` FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = a.id), ''),
		COALESCE((SELECT `+tx.db.joinNames("CAST(aa.author_id AS TEXT)")+` FROM article_authors aa WHERE aa.article_id = a.id), '')
		FROM articles a WHERE a.id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return fmt.Errorf("store: index articles: %w", err)
	}
	if err := tx.db.searchEngine().write(ctx, tx.q, docs); err != nil {
		return fmt.Errorf("store: index articles: %w", err)
	}
	return nil
}

// facet is the index token of a section ('s'), topic ('t') or author
// ('a'): the tag, the kind and the id. The tag keeps it apart from words.
func facet(kind byte, id int64) string {
	return search.Tag + string(kind) + strconv.FormatInt(id, 10)
}

// facetList turns space-separated ids into tokens.
func facetList(kind byte, ids string) []string {
	var out []string
	for _, id := range strings.Fields(ids) {
		out = append(out, search.Tag+string(kind)+id)
	}
	return out
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
	for len(ids) > 0 {
		n := min(len(ids), indexBatch)
		if err := tx.indexArticles(ctx, ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
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
	var last int64
	for {
		ids, err := queryAll(ctx, db.write, scanInt64, `SELECT id FROM articles
			WHERE id > ? AND NOT EXISTS (SELECT 1 FROM article_search WHERE `+key+` = articles.id) ORDER BY id LIMIT ?`, last, indexBatch)
		if err != nil {
			return total, fmt.Errorf("store: articles to index: %w", err)
		}
		if len(ids) == 0 {
			return total, nil
		}
		last = ids[len(ids)-1]
		err = db.tx(ctx, func(tx *Tx) error { return tx.indexArticles(ctx, ids) })
		if err != nil {
			return total, err
		}
		total += len(ids)
	}
}

// Ranking weights (decision 0032): a search matching within the headline
// outranks one matching within the standfirst, topics or byline, which
// outranks one matching only in the body; newest first among equals.
const (
	rankHeadline  = 10
	rankSecondary = 4
	rankBody      = 1
)

// Search runs a search: one page of hits, best first, with snippets, and
// how many there are up to search.MaxResults. When more articles match,
// the newest search.MaxResults+1 of them are ranked: the cost of a search
// is bounded whatever it matches, and more words, a filter or dates reach
// further back. The ranking is computed here from which fields match, the
// same on both engines. An empty query finds nothing without asking the
// engine.
func (db *DB) Search(ctx context.Context, req search.Request) (search.Results, error) {
	var res search.Results
	if req.Query.Empty() {
		return res, nil
	}
	err := db.searchGuarded(ctx, func(ctx context.Context, q conn) error {
		var err error
		res, err = db.search(ctx, q, req)
		return err
	})
	return res, err
}

// ErrSearchTooLong is what a search that ran past the time limit returns:
// the site shows its message on the search page.
var ErrSearchTooLong = apperr.New(apperr.Unavailable, "That search took too long; try fewer or more specific words.")

// searchTimeLimit is how long a search may run: far above what any search
// needs (decision 0032), so only a pathological one meets it, and it then
// stops instead of holding a connection and a core.
const searchTimeLimit = 2 * time.Second

// searchGuarded runs fn's queries under the time limit: on PostgreSQL in
// a read-only transaction whose statement_timeout makes the server stop
// (the connection stays usable), with the context's deadline a little
// later in case it does not; on SQLite the context's deadline interrupts
// the statement. Running past it is ErrSearchTooLong.
func (db *DB) searchGuarded(ctx context.Context, fn func(ctx context.Context, q conn) error) error {
	limit := db.searchLimit
	if limit <= 0 {
		limit = searchTimeLimit
	}
	parent := ctx
	var err error
	if db.dialect != Postgres {
		ctx, cancel := context.WithTimeout(ctx, limit)
		defer cancel()
		err = db.hooked(ctx, db.read, fn)
	} else {
		ctx, cancel := context.WithTimeout(ctx, limit+time.Second)
		defer cancel()
		err = db.readTx(ctx, limit, fn)
	}
	if err != nil && parent.Err() == nil && tooLong(err) {
		return fmt.Errorf("%w (%v)", ErrSearchTooLong, err)
	}
	return err
}

// readTx runs fn in a read-only PostgreSQL transaction whose statements
// may each run for limit.
func (db *DB) readTx(ctx context.Context, limit time.Duration, fn func(ctx context.Context, q conn) error) error {
	raw, err := db.readPool.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: begin search: %w", err)
	}
	defer raw.Rollback() //nolint:errcheck // after Commit it does nothing
	q := conn{raw, db.read.bind}
	ms := max(limit.Milliseconds(), 1)
	// A custom plan for every search: the driver prepares statements, and
	// a generic plan cannot see the words, so it guesses how many
	// articles hold them (500 of any number) and picks the wrong scan.
	if _, err := q.ExecContext(ctx, `SELECT set_config('statement_timeout', ?, true), set_config('plan_cache_mode', 'force_custom_plan', true)`,
		strconv.FormatInt(ms, 10)); err != nil {
		return fmt.Errorf("store: search time limit: %w", err)
	}
	if err := db.hooked(ctx, q, fn); err != nil {
		return err
	}
	return raw.Commit()
}

// hooked runs fn after the tests' searchHook, if any.
func (db *DB) hooked(ctx context.Context, q conn, fn func(ctx context.Context, q conn) error) error {
	if db.searchHook != nil {
		if err := db.searchHook(ctx, q); err != nil {
			return err
		}
	}
	return fn(ctx, q)
}

// tooLong tells whether err is a statement stopped by the time limit:
// PostgreSQL's query_canceled (statement_timeout), SQLite's interrupt, or
// the context's deadline.
func tooLong(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "SQLSTATE 57014") || strings.Contains(msg, "interrupted")
}

// SearchIDs is a search's matches without ranking them: the ids of the
// newest search.MaxResults articles the search finds (req's paging and
// snippets aside), and whether more match. The newsroom's list orders
// them itself (by headline, by time) when asked to.
func (db *DB) SearchIDs(ctx context.Context, req search.Request) ([]int64, bool, error) {
	if req.Query.Empty() {
		return nil, false, nil
	}
	var ids []int64
	var more bool
	err := db.searchGuarded(ctx, func(ctx context.Context, q conn) error {
		_, rows, err := db.searchWindow(ctx, q, req)
		if err != nil {
			return err
		}
		if len(rows) > search.MaxResults {
			rows, more = rows[:search.MaxResults], true
		}
		ids = make([]int64, len(rows))
		for i, m := range rows {
			ids[i] = m.id
		}
		return nil
	})
	return ids, more, err
}

// searchMatch is one article of a search's window: its id, time and rank
// so far.
type searchMatch struct {
	id, t int64
	rank  int
}

// searchWindow renders req for the engine and reads its window: the
// newest search.MaxResults+1 matches passing the filters.
func (db *DB) searchWindow(ctx context.Context, q conn, req search.Request) (rendered, []searchMatch, error) {
	e := db.searchEngine()
	r := e.render(req.Query, searchFacets(req))
	if e.prepare != nil {
		var err error
		if r, err = e.prepare(ctx, q, req.Query, r, db.searchShape); err != nil {
			return r, nil, fmt.Errorf("store: search: %w", err)
		}
	}
	filters, fargs := searchFilters(req, db.now())
	window, wargs := e.window(r, filters)
	rows, err := queryAll(ctx, q, func(sc scanner) (searchMatch, error) {
		var m searchMatch
		err := sc.Scan(&m.id, &m.t, &m.rank)
		return m, err
	}, window, append(wargs, fargs...)...)
	if err != nil {
		return r, nil, fmt.Errorf("store: search: %w", err)
	}
	return r, rows, nil
}

// search is Search's queries, on q.
func (db *DB) search(ctx context.Context, q conn, req search.Request) (search.Results, error) {
	var res search.Results
	e := db.searchEngine()
	r, rows, err := db.searchWindow(ctx, q, req)
	if err != nil {
		return res, err
	}
	res.Total = len(rows)
	if res.Total > search.MaxResults {
		res.Total, res.More = search.MaxResults, true
		rows = rows[:search.MaxResults]
	}
	offset := max(req.Offset, 0)
	if len(rows) == 0 || offset >= len(rows) || req.Limit <= 0 {
		return res, nil
	}
	ids := make([]int64, len(rows))
	at := make(map[int64]int, len(rows))
	for i, m := range rows {
		ids[i], at[m.id] = m.id, i
	}
	facets := searchFacets(req)
	for _, f := range []struct {
		field  byte
		weight int
	}{{'A', rankHeadline}, {'B', rankSecondary}} {
		if e.within == nil {
			break // the window ranked them
		}
		wq, args := e.within(e.renderIn(req.Query, f.field, facets), ids)
		err := queryEach(ctx, q, func(sc scanner) error {
			var id int64
			if err := sc.Scan(&id); err != nil {
				return err
			}
			if i, ok := at[id]; ok {
				rows[i].rank += f.weight
			}
			return nil
		}, wq, args...)
		if err != nil {
			return res, fmt.Errorf("store: rank search: %w", err)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.rank != b.rank {
			return a.rank > b.rank
		}
		if a.t != b.t {
			return a.t > b.t
		}
		return a.id > b.id
	})
	page := rows[offset:min(offset+req.Limit, len(rows))]
	ids = ids[:0]
	for _, m := range page {
		ids = append(ids, m.id)
	}
	arts, err := db.articlesByID(ctx, q, ids)
	if err != nil {
		return res, err
	}
	var snips map[int64]string
	if req.Snippets {
		if snips, err = e.snippets(ctx, q, r, ids); err != nil {
			return res, fmt.Errorf("store: search snippets: %w", err)
		}
	}
	for _, m := range page {
		a, ok := arts[m.id]
		if !ok {
			continue // deleted between the queries
		}
		res.Hits = append(res.Hits, search.Hit{Article: a, Snippet: snips[m.id], Rank: m.rank})
	}
	return res, nil
}

// searchFacets are the index tokens a search is filtered to.
func searchFacets(req search.Request) []string {
	var out []string
	if req.SectionID != 0 {
		out = append(out, facet('s', req.SectionID))
	}
	if req.TopicID != 0 {
		out = append(out, facet('t', req.TopicID))
	}
	if req.AuthorID != 0 {
		out = append(out, facet('a', req.AuthorID))
	}
	return out
}

// searchFilters writes the conditions of a search that the articles
// answer, on articles a, each starting with AND.
func searchFilters(req search.Request, now int64) (string, []any) {
	var b strings.Builder
	var args []any
	switch {
	case !req.Staff:
		b.WriteString(` AND ` + publicArticle) // what readers may see, as on every public list
		args = append(args, now)
	case req.Status != "":
		b.WriteString(` AND a.status = ?`)
		args = append(args, string(req.Status))
	}
	if !req.From.IsZero() {
		b.WriteString(` AND a.published_at >= ?`)
		args = append(args, req.From.UnixMicro())
	}
	if !req.To.IsZero() {
		b.WriteString(` AND a.published_at < ?`)
		args = append(args, req.To.UnixMicro())
	}
	if req.SeriesID != 0 {
		b.WriteString(` AND a.series_id = ?`)
		args = append(args, req.SeriesID)
	}
	if !req.CreatedFrom.IsZero() {
		b.WriteString(` AND a.created_at >= ?`)
		args = append(args, req.CreatedFrom.UnixMicro())
	}
	if !req.CreatedTo.IsZero() {
		b.WriteString(` AND a.created_at < ?`)
		args = append(args, req.CreatedTo.UnixMicro())
	}
	if req.ExcludeID != 0 {
		b.WriteString(` AND a.id <> ?`)
		args = append(args, req.ExcludeID)
	}
	return b.String(), args
}

// articlesByID loads the articles of ids (without their bodies, which a
// list does not show) keyed by id.
func (db *DB) articlesByID(ctx context.Context, q conn, ids []int64) (map[int64]content.Article, error) {
	cols := `a.id, a.slug, a.headline, a.standfirst, '', '', a.section_id, COALESCE(a.series_id, 0), a.status,
	COALESCE(a.lead_image_id, 0), a.lead_alt, a.lead_caption, a.lead_credit, '', a.allow_repeats, COALESCE(a.created_by, 0),
	a.published_at, a.scheduled_at, a.modified_at, a.created_at, a.updated_at, a.embargo_until`
	out := make(map[int64]content.Article, len(ids))
	err := queryEach(ctx, q, func(sc scanner) error {
		a, err := scanArticle(sc)
		out[a.ID] = a
		return err
	}, `SELECT `+cols+` FROM articles a WHERE a.id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: search articles: %w", err)
	}
	return out, nil
}

// booleanOps are an engine's operators between a query's groups (and),
// within a group (or), and before its exclusions (andNot).
type booleanOps struct{ and, or, andNot string }

// writeBoolean writes a query's structure, the same on every engine: its
// groups of alternatives ANDed, then its exclusions as one OR-ed group
// that must not match. term writes one term in the engine's syntax.
func writeBoolean(b *strings.Builder, q search.Query, ops booleanOps, term func(*strings.Builder, search.Term)) {
	writeGroup := func(group []search.Term) {
		b.WriteString("(")
		for j, t := range group {
			if j > 0 {
				b.WriteString(ops.or)
			}
			term(b, t)
		}
		b.WriteString(")")
	}
	for i, group := range q.All {
		if i > 0 {
			b.WriteString(ops.and)
		}
		writeGroup(group)
	}
	if len(q.None) > 0 {
		b.WriteString(ops.andNot)
		writeGroup(q.None)
	}
}
