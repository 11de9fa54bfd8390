package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"masthead/internal/content"
)

// Queries of feeds and sitemaps. Every one of them, like ListPublished and
// PublishedArticle, keeps to publicArticle: the one place that says which
// articles readers may see.

// publicArticle is the condition on articles a that readers may see.
const publicArticle = `a.status = 'published'`

// lastModExpr is when a published article last changed: its last edit
// after publication, or its publication.
const lastModExpr = `CASE WHEN a.modified_at > a.published_at THEN a.modified_at ELSE a.published_at END`

// sitemapKinds says where each kind's ids come from: the column naming it
// (id) on its rows joined to their articles
// (from), and how a list l joins them (join).
var sitemapKinds = map[string]struct {
	table, id, from, join string
}{
	"articles": {"", "a.id", `articles a`, ""},
	"sections": {"sections", "a.section_id", `articles a`, `JOIN articles a ON a.section_id = l.id`},
	"series":   {"series", "a.series_id", `articles a`, `JOIN articles a ON a.series_id = l.id`},
	"topics": {"topics", "x.topic_id", `article_topics x JOIN articles a ON a.id = x.article_id`,
		`JOIN article_topics x ON x.topic_id = l.id JOIN articles a ON a.id = x.article_id`},
	"authors": {"authors", "x.author_id", `article_authors x JOIN articles a ON a.id = x.article_id`,
		`JOIN article_authors x ON x.author_id = l.id JOIN articles a ON a.id = x.article_id`},
}

// SitemapPages lists the sitemaps of a kind that have at least one
// address, with the newest change of each. Page n covers the ids
// (n-1)*size+1 to n*size.
func (db *DB) SitemapPages(ctx context.Context, kind string, size int) ([]content.SitemapPage, error) {
	k, ok := sitemapKinds[kind]
	if !ok || size <= 0 {
		return nil, fmt.Errorf("store: no sitemap kind %q", kind)
	}
	n := strconv.Itoa(size) // an int, inlined: PostgreSQL cannot type a parameter divisor
	out, err := queryAll(ctx, db.read, func(sc scanner) (content.SitemapPage, error) {
		var p content.SitemapPage
		var mod Time
		err := sc.Scan(&p.N, &mod)
		p.N++
		p.LastMod = mod.T
		return p, err
	}, `SELECT (`+k.id+` - 1) / `+n+`, MAX(`+lastModExpr+`) FROM `+k.from+`
		WHERE `+publicArticle+` AND `+k.id+` IS NOT NULL GROUP BY 1 ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("store: %s sitemap pages: %w", kind, err)
	}
	return out, nil
}

// SitemapEntries returns up to limit addresses of a kind with ids after
// afterID and at most lastID, by id. Callers page through a sitemap with
// it, a batch at a time, so that no connection is held while a slow client
// reads.
func (db *DB) SitemapEntries(ctx context.Context, kind string, afterID, lastID int64, limit int) ([]content.SitemapEntry, error) {
	k, ok := sitemapKinds[kind]
	if !ok {
		return nil, fmt.Errorf("store: no sitemap kind %q", kind)
	}
	var out []content.SitemapEntry
	var err error
	if kind == "articles" {
		out, err = queryAll(ctx, db.read, scanArticleEntry, `SELECT `+articleEntryCols+`
			FROM articles a LEFT JOIN media m ON m.id = a.lead_image_id
			WHERE `+publicArticle+` AND a.id > ? AND a.id <= ? ORDER BY a.id LIMIT ?`, afterID, lastID, limit)
	} else {
		out, err = queryAll(ctx, db.read, func(sc scanner) (content.SitemapEntry, error) {
			var e content.SitemapEntry
			var mod Time
			err := sc.Scan(&e.ID, &e.Slug, &mod)
			e.LastMod = mod.T
			return e, err
		}, `SELECT l.id, l.slug, MAX(`+lastModExpr+`) FROM `+k.table+` l `+k.join+`
			WHERE `+publicArticle+` AND l.id > ? AND l.id <= ? GROUP BY l.id, l.slug ORDER BY l.id LIMIT ?`, afterID, lastID, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("store: %s sitemap: %w", kind, err)
	}
	return out, nil
}

const articleEntryCols = `a.id, a.slug, a.headline, a.published_at, ` + lastModExpr + `, COALESCE(m.path, '')`

func scanArticleEntry(sc scanner) (content.SitemapEntry, error) {
	var e content.SitemapEntry
	var pub, mod Time
	err := sc.Scan(&e.ID, &e.Slug, &e.Headline, &pub, &mod, &e.ImagePath)
	e.PublishedAt, e.LastMod = pub.T, mod.T
	return e, err
}

// RecentlyPublished returns up to limit articles published at or after
// since, newest first: the news sitemap.
func (db *DB) RecentlyPublished(ctx context.Context, since time.Time, limit int) ([]content.SitemapEntry, error) {
	out, err := queryAll(ctx, db.read, scanArticleEntry, `SELECT `+articleEntryCols+`
		FROM articles a LEFT JOIN media m ON m.id = a.lead_image_id
		WHERE `+publicArticle+` AND a.published_at >= ? ORDER BY a.published_at DESC, a.id DESC LIMIT ?`, since.UnixMicro(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: recently published: %w", err)
	}
	return out, nil
}

// PublishedBodies returns the stored bodies and corrections of those of
// the given articles that are published: a feed's full text.
func (db *DB) PublishedBodies(ctx context.Context, ids []int64) (map[int64]content.ArticleText, error) {
	out := make(map[int64]content.ArticleText, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var id int64
		var t content.ArticleText
		if err := sc.Scan(&id, &t.Body, &t.Correction); err != nil {
			return err
		}
		out[id] = t
		return nil
	}, `SELECT a.id, a.body, a.correction FROM articles a WHERE `+publicArticle+` AND a.id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: published bodies: %w", err)
	}
	return out, nil
}
