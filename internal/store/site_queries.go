package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"masthead/internal/content"
)

// Queries of the public reader site. The article page is the busiest page
// of the product, so it is loaded in two queries instead of the eight that
// GetArticle plus Views take, and SiteReader keeps them prepared.

// articleViewQuery joins an article with its section, series and lead
// image; a missing series or image comes back as empty values.
const articleViewQuery = `SELECT a.id, a.slug, a.headline, a.standfirst, a.body_source, a.body, a.section_id,
	COALESCE(a.series_id, 0), a.status, COALESCE(a.lead_image_id, 0), a.lead_alt, a.lead_caption, a.lead_credit,
	a.correction, a.allow_repeats, COALESCE(a.created_by, 0),
	a.published_at, a.scheduled_at, a.modified_at, a.created_at, a.updated_at, a.embargo_until,
	s.slug, s.name, s.description, s.position,
	COALESCE(se.slug, ''), COALESCE(se.name, ''), COALESCE(se.description, ''),
	COALESCE(m.path, ''), COALESCE(m.mime, ''), COALESCE(m.width, 0), COALESCE(m.height, 0), COALESCE(m.size, 0),
	a.hide_related, a.seo_title, a.social_title, a.social_description, a.lead_crop, a.lead_focus
	FROM articles a
	JOIN sections s ON s.id = a.section_id
	LEFT JOIN series se ON se.id = a.series_id
	LEFT JOIN media m ON m.id = a.lead_image_id`

const publishedArticleQuery = articleViewQuery + ` WHERE a.slug = ? AND ` + publicArticle

// people lists the byline (kind 'a') and the topics (kind 't') of one
// article in one round trip, each in its editor's order.
const peopleAndTopicsQuery = `SELECT au.id, au.slug, au.name, au.bio, COALESCE(au.photo_id, 0), au.links, 'a', aa.position
	FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = ?
	UNION ALL
	SELECT t.id, t.slug, t.name, '', 0, '', 't', at.position
	FROM article_topics at JOIN topics t ON t.id = at.topic_id WHERE at.article_id = ?
	ORDER BY 7, 8`

// PublishedArticle loads the published article whose current slug is slug,
// with its section, series, byline, topics and lead image. Drafts, scheduled
// and unpublished articles are ErrNotFound, as are former slugs (see
// RedirectSlug). LinkedIDs is left empty: pages read links from the body.
func (db *DB) PublishedArticle(ctx context.Context, slug string) (content.ArticleView, error) {
	return db.withLeadVariants(ctx)(articleView(ctx, []any{slug, db.now()},
		func(args ...any) *sql.Row { return db.read.QueryRowContext(ctx, publishedArticleQuery, args...) },
		func(args ...any) (*sql.Rows, error) {
			return db.read.QueryContext(ctx, peopleAndTopicsQuery, args...)
		}))
}

// withLeadVariants adds the lead image's variants to a loaded view (one
// more query, only when there is a lead image).
func (db *DB) withLeadVariants(ctx context.Context) func(content.ArticleView, error) (content.ArticleView, error) {
	return func(v content.ArticleView, err error) (content.ArticleView, error) {
		if err != nil || v.LeadImage == nil {
			return v, err
		}
		vs, err := db.variants(ctx, []content.Image{*v.LeadImage})
		if err != nil {
			return v, err
		}
		setVariants(v.LeadImage, vs[v.LeadImage.ID])
		return v, nil
	}
}

// SiteReader is the database with the reader site's hottest queries
// prepared once per connection rather than parsed on every request: SQLite
// spends most of an article lookup parsing its SQL. It has every method of
// DB; pass it to the site in place of the DB, and Release it at shutdown
// before closing the DB.
type SiteReader struct {
	*DB
	article, people *sql.Stmt
}

// SiteReader prepares the reader site's queries.
func (db *DB) SiteReader(ctx context.Context) (*SiteReader, error) {
	article, err := db.prepare(ctx, publishedArticleQuery)
	if err != nil {
		return nil, fmt.Errorf("store: prepare article query: %w", err)
	}
	people, err := db.prepare(ctx, peopleAndTopicsQuery)
	if err != nil {
		article.Close()
		return nil, fmt.Errorf("store: prepare byline query: %w", err)
	}
	return &SiteReader{DB: db, article: article, people: people}, nil
}

// prepare prepares a read query on the read pool, placeholders rewritten.
func (db *DB) prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	return db.readPool.PrepareContext(ctx, db.read.bind.rewrite(query))
}

// PublishedArticle is DB.PublishedArticle with prepared statements.
func (r *SiteReader) PublishedArticle(ctx context.Context, slug string) (content.ArticleView, error) {
	return r.withLeadVariants(ctx)(articleView(ctx, []any{slug, r.now()},
		func(args ...any) *sql.Row { return r.article.QueryRowContext(ctx, args...) },
		func(args ...any) (*sql.Rows, error) { return r.people.QueryContext(ctx, args...) }))
}

// Release closes the prepared statements; the DB stays open.
func (r *SiteReader) Release() error {
	return errors.Join(r.article.Close(), r.people.Close())
}

// ArticleView loads an article by id whatever its status, with what
// PublishedArticle loads: the newsroom previews drafts with it.
func (db *DB) ArticleView(ctx context.Context, id int64) (content.ArticleView, error) {
	return db.withLeadVariants(ctx)(articleView(ctx, []any{id},
		func(args ...any) *sql.Row {
			return db.read.QueryRowContext(ctx, articleViewQuery+` WHERE a.id = ?`, args...)
		},
		func(args ...any) (*sql.Rows, error) {
			return db.read.QueryContext(ctx, peopleAndTopicsQuery, args...)
		}))
}

// articleView runs articleViewQuery (with a condition on key) and the
// byline and topics query; keys are the condition's arguments.
func articleView(ctx context.Context, keys []any, queryRow func(...any) *sql.Row, query func(...any) (*sql.Rows, error)) (content.ArticleView, error) {
	var v content.ArticleView
	var series content.Series
	var img content.Image
	var x articleExtras
	a, err := scanArticle(extraScanner{queryRow(keys...), append([]any{
		&v.Section.Slug, &v.Section.Name, &v.Section.Description, &v.Section.Position,
		&series.Slug, &series.Name, &series.Description,
		&img.Path, &img.Mime, &img.Width, &img.Height, &img.Size,
	}, x.dest()...)})
	if err != nil {
		return v, err
	}
	x.apply(&a)
	v.Article = a
	v.Section.ID = a.SectionID
	if a.SeriesID != 0 && series.Slug != "" {
		series.ID = a.SeriesID
		v.Series = &series
	}
	if a.LeadImageID != 0 && img.Path != "" {
		img.ID = a.LeadImageID
		v.LeadImage = &img
	}
	rows, err := query(a.ID, a.ID)
	if err == nil {
		err = each(rows, func(sc scanner) error {
			var kind string
			var pos int
			au, err := scanAuthor(extraScanner{sc, []any{&kind, &pos}})
			if err != nil {
				return err
			}
			if kind == "t" {
				v.Topics = append(v.Topics, content.Topic{ID: au.ID, Slug: au.Slug, Name: au.Name})
				v.TopicIDs = append(v.TopicIDs, au.ID)
				return nil
			}
			v.Authors = append(v.Authors, au)
			v.AuthorIDs = append(v.AuthorIDs, au.ID)
			return nil
		})
	}
	if err != nil {
		return v, fmt.Errorf("store: byline and topics of %d: %w", a.ID, err)
	}
	return v, nil
}

// extraScanner lets scanArticle read a row that carries more columns after
// the article's own.
type extraScanner struct {
	row   scanner
	extra []any
}

func (e extraScanner) Scan(dest ...any) error {
	return e.row.Scan(append(dest, e.extra...)...)
}
