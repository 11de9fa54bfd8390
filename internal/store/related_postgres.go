package store

// postgresWordMatch is the index rows holding one word (related_text.go),
// found through the GIN index.
const postgresWordMatch = `article_search WHERE document @@ to_tsquery('english', ?)`
