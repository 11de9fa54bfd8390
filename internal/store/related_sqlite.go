package store

// SQLite's half of related articles' text part (related_text.go).
const (
	// sqliteWordMatch is the FTS5 rows holding one word.
	sqliteWordMatch = `article_search WHERE article_search MATCH ?`
	// sqliteRelatedText ranks the published articles matching a rendered
	// query (first ?) other than one (second ?) by bm25, the headline
	// weighing most; the facets column weighs nothing.
	sqliteRelatedText = `SELECT a.id, -bm25(article_search, 10.0, 4.0, 4.0, 4.0, 1.0, 0.0) AS r
		FROM article_search CROSS JOIN articles a ON a.id = article_search.rowid
		WHERE article_search MATCH ? AND a.status = 'published' AND a.id <> ?
		ORDER BY r DESC, a.published_at DESC, a.id DESC LIMIT ?`
)
