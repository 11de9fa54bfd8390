package store

import (
	"context"
	"fmt"

	"masthead/internal/content"
)

// BodyImages loads the images ids (content.MediaIDs of a body), with their
// variants and per-use crop files, by id, in two queries however many
// there are; ids no longer in the library are left out (their blocks show
// the file they were saved with).
func (db *DB) BodyImages(ctx context.Context, ids []int64) (map[int64]content.Image, error) {
	out := map[int64]content.Image{}
	if len(ids) == 0 {
		return out, nil
	}
	imgs, err := queryAll(ctx, db.read, func(sc scanner) (content.Image, error) { return scanImage(sc) },
		`SELECT `+imageCols+` FROM media WHERE id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: body images: %w", err)
	}
	vs, err := db.variants(ctx, imgs)
	if err != nil {
		return nil, err
	}
	for _, m := range imgs {
		setVariants(&m, vs[m.ID])
		out[m.ID] = m
	}
	return out, nil
}
