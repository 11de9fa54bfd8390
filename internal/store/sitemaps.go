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

// publicArticle is the condition on articles a that readers may see:
// published and not under embargo (decision 0042). Its one placeholder is
// the time now (Unix µs, db.now()), which every query passes in its place.
const publicArticle = `a.status = 'published' AND (a.embargo_until IS NULL OR a.embargo_until <= ?)`

// lastModExpr is when a published article last changed: its last edit
// after publication, or its publication.
const lastModExpr = `CASE WHEN a.modified_at > a.published_at THEN a.modified_at ELSE a.published_at END`

// listKinds says how each kind of list l joins its articles a. The joins
// are CROSS JOINs, which SQLite takes in the order written, from the list
// through its index of articles to articles_sitemap (migration 0015), so a
// batch of lists reads only its lists' articles and never their rows.
// PostgreSQL plans them as any inner join.
//
// any finds whether list l has an article a, stopping at the first: an
// index of the list's articles and the article's row are quickest for it.
var listKinds = map[string]struct{ table, via, on, any string }{
	"sections": {"sections", `articles s`, `s.section_id = l.id AND a.id = s.id`, `articles a WHERE a.section_id = l.id`},
	"series":   {"series", `articles s`, `s.series_id = l.id AND a.id = s.id`, `articles a WHERE a.series_id = l.id`},
	"topics": {"topics", `article_topics x`, `x.topic_id = l.id AND a.id = x.article_id`,
		`article_topics x CROSS JOIN articles a WHERE x.topic_id = l.id AND a.id = x.article_id`},
	"authors": {"authors", `article_authors x`, `x.author_id = l.id AND a.id = x.article_id`,
		`article_authors x CROSS JOIN articles a WHERE x.author_id = l.id AND a.id = x.article_id`},
}

// sitemapArticles names the articles a of the sitemap queries. SQLite is
// told to read them through articles_sitemap: its planner, which cannot
// know that rows hold long bodies, otherwise looks each article up by id
// in the table and reads past its body to the status and dates (more than
// twice as slow with the short bodies of the benchmark, bench/feeds).
// PostgreSQL chooses by its statistics.
func (db *DB) sitemapArticles() string {
	if db.dialect == SQLite {
		return `articles a INDEXED BY articles_sitemap`
	}
	return `articles a`
}

// SitemapPages lists the sitemaps of a kind that have at least one
// address. Page n covers the ids (n-1)*size+1 to n*size. An article page
// carries the newest change among its articles; a list page's LastMod is
// zero, as finding it would read every article (the site gives the
// newest change of any article instead).
func (db *DB) SitemapPages(ctx context.Context, kind string, size int) ([]content.SitemapPage, error) {
	if size <= 0 {
		return nil, fmt.Errorf("store: sitemap page size %d", size)
	}
	n := strconv.Itoa(size) // an int, inlined: PostgreSQL cannot type a parameter divisor
	var query string
	if kind == "articles" {
		query = `SELECT (a.id - 1) / ` + n + `, MAX(` + lastModExpr + `) FROM ` + db.sitemapArticles() + ` WHERE ` + publicArticle + ` GROUP BY 1 ORDER BY 1`
	} else if k, ok := listKinds[kind]; ok {
		query = `SELECT (l.id - 1) / ` + n + `, NULL FROM ` + k.table + ` l
			WHERE EXISTS (SELECT 1 FROM ` + k.any + ` AND ` + publicArticle + `) GROUP BY 1 ORDER BY 1`
	} else {
		return nil, fmt.Errorf("store: no sitemap kind %q", kind)
	}
	now := db.now()
	out, err := queryAll(ctx, db.read, func(sc scanner) (content.SitemapPage, error) {
		var p content.SitemapPage
		var mod Time
		err := sc.Scan(&p.N, &mod)
		p.N++
		p.LastMod = mod.T
		return p, err
	}, query, now)
	if err != nil {
		return nil, fmt.Errorf("store: %s sitemap pages: %w", kind, err)
	}
	return out, nil
}

// SitemapEntries returns up to limit addresses of a kind with ids after
// afterID and at most lastID, by id. Callers page through a sitemap with
// it, a batch at a time, so that no connection is held while a slow client
// reads. A list's LastMod is the newest change among its articles.
func (db *DB) SitemapEntries(ctx context.Context, kind string, afterID, lastID int64, limit int) ([]content.SitemapEntry, error) {
	var out []content.SitemapEntry
	var err error
	if kind == "articles" {
		out, err = queryAll(ctx, db.read, func(sc scanner) (content.SitemapEntry, error) {
			var e content.SitemapEntry
			var pub, mod Time
			err := sc.Scan(&e.ID, &e.Slug, &pub, &mod, &e.ImagePath)
			e.PublishedAt, e.LastMod = pub.T, mod.T
			return e, err
		}, `SELECT a.id, a.slug, a.published_at, `+lastModExpr+`, COALESCE(m.path, '')
			FROM `+db.sitemapArticles()+` LEFT JOIN media m ON m.id = a.lead_image_id
			WHERE `+publicArticle+` AND a.id > ? AND a.id <= ? ORDER BY a.id LIMIT ?`, db.now(), afterID, lastID, limit)
	} else if k, ok := listKinds[kind]; ok {
		out, err = queryAll(ctx, db.read, func(sc scanner) (content.SitemapEntry, error) {
			var e content.SitemapEntry
			var mod Time
			err := sc.Scan(&e.ID, &e.Slug, &mod)
			e.LastMod = mod.T
			return e, err
		}, `SELECT l.id, l.slug, MAX(`+lastModExpr+`) FROM `+k.table+` l CROSS JOIN `+k.via+` CROSS JOIN `+db.sitemapArticles()+`
			WHERE `+k.on+` AND `+publicArticle+` AND l.id > ? AND l.id <= ? GROUP BY l.id, l.slug ORDER BY l.id LIMIT ?`, db.now(), afterID, lastID, limit)
	} else {
		return nil, fmt.Errorf("store: no sitemap kind %q", kind)
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
		WHERE `+publicArticle+` AND a.published_at >= ? ORDER BY a.published_at DESC, a.id DESC LIMIT ?`, db.now(), since.UnixMicro(), limit)
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
	}, `SELECT a.id, a.body, a.correction FROM articles a WHERE `+publicArticle+` AND a.id IN (`+placeholders(len(ids))+`)`, append([]any{db.now()}, int64Args(ids)...)...)
	if err != nil {
		return nil, fmt.Errorf("store: published bodies: %w", err)
	}
	return out, nil
}

// now is the argument of publicArticle's placeholder: the clock's time in
// Unix microseconds, as times are stored.
func (db *DB) now() int64 { return db.Now().UnixMicro() }

// NextEmbargo returns the earliest embargo after now among published
// articles, zero when none: the site drops its cached pages then, so an
// article whose embargo ends appears without a purge (decision 0042).
func (db *DB) NextEmbargo(ctx context.Context, now time.Time) (time.Time, error) {
	var t Time
	err := db.read.QueryRowContext(ctx, `SELECT MIN(a.embargo_until) FROM articles a
		WHERE a.embargo_until IS NOT NULL AND a.embargo_until > ? AND a.status = 'published'`, now.UnixMicro()).Scan(&t)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: next embargo: %w", err)
	}
	return t.T, nil
}
