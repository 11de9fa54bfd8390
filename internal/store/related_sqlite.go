package store

// sqliteWordMatch is the FTS5 rows holding one word (related_text.go).
const sqliteWordMatch = `article_search WHERE article_search MATCH ?`
