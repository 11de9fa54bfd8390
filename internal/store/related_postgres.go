package store

// PostgreSQL's half of related articles' text part (related_text.go).
const (
	// postgresWordMatch is the index rows holding one word, found through
	// the GIN index.
	postgresWordMatch = `article_search WHERE document @@ to_tsquery('english', ?)`
	// postgresRelatedText ranks the published articles matching a
	// rendered query (first ?) other than one (second ?) by ts_rank.
	postgresRelatedText = `SELECT a.id, ts_rank(s.document, fq.q) AS r
		FROM (SELECT to_tsquery('english', ?) AS q) fq
		JOIN article_search s ON s.document @@ fq.q
		JOIN articles a ON a.id = s.article_id
		WHERE a.status = 'published' AND a.id <> ?
		ORDER BY r DESC, a.published_at DESC, a.id DESC LIMIT ?`
)
