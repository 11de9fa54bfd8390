package store

import (
	"context"
	"fmt"

	"masthead/internal/content"
)

// Read queries of the newsroom admin.

// CountArticlesByStatus counts articles per status; a status with none is
// absent from the map.
func (db *DB) CountArticlesByStatus(ctx context.Context) (map[content.Status]int, error) {
	out := map[content.Status]int{}
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var status string
		var n int
		if err := sc.Scan(&status, &n); err != nil {
			return err
		}
		out[content.Status(status)] = n
		return nil
	}, `SELECT status, COUNT(*) FROM articles GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("store: count articles by status: %w", err)
	}
	return out, nil
}

// GetTopic loads one topic by id.
func (db *DB) GetTopic(ctx context.Context, id int64) (content.Topic, error) {
	var t content.Topic
	err := db.read.QueryRowContext(ctx, `SELECT id, slug, name FROM topics WHERE id = ?`, id).Scan(&t.ID, &t.Slug, &t.Name)
	return t, mapErr(err)
}
