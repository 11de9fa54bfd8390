package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"masthead/internal/content"
)

const articleCols = `id, slug, headline, standfirst, body_source, body, section_id, COALESCE(series_id, 0), status,
	COALESCE(lead_image_id, 0), lead_alt, lead_caption, lead_credit, correction, allow_repeats, COALESCE(created_by, 0),
	published_at, scheduled_at, modified_at, created_at, updated_at, embargo_until`

// articleExtraCols are the article's columns that only a whole article
// (the editor's, the article page's) reads, after articleCols.
const articleExtraCols = `hide_related, seo_title, social_title, social_description, lead_crop, lead_focus`

// articleExtras receives articleExtraCols.
type articleExtras struct {
	hideRelated                              bool
	seoTitle, socialTitle, socialDescription string
	leadCrop, leadFocus                      string
}

func (x *articleExtras) dest() []any {
	return []any{&x.hideRelated, &x.seoTitle, &x.socialTitle, &x.socialDescription, &x.leadCrop, &x.leadFocus}
}

func (x *articleExtras) apply(a *content.Article) {
	a.HideRelated, a.SEOTitle, a.SocialTitle, a.SocialDescription = x.hideRelated, x.seoTitle, x.socialTitle, x.socialDescription
	a.LeadCrop, a.LeadFocus = x.leadCrop, x.leadFocus
}

func scanArticle(sc scanner) (content.Article, error) {
	var a content.Article
	var status string
	var pub, sched, mod, created, updated, embargo Time
	err := sc.Scan(&a.ID, &a.Slug, &a.Headline, &a.Standfirst, &a.BodySource, &a.Body, &a.SectionID, &a.SeriesID, &status,
		&a.LeadImageID, &a.LeadAlt, &a.LeadCaption, &a.LeadCredit, &a.Correction, &a.AllowRepeats, &a.CreatedBy,
		&pub, &sched, &mod, &created, &updated, &embargo)
	if err != nil {
		return a, mapErr(err)
	}
	a.Status = content.Status(status)
	a.PublishedAt, a.ScheduledAt, a.ModifiedAt, a.CreatedAt, a.UpdatedAt = pub.T, sched.T, mod.T, created.T, updated.T
	a.EmbargoUntil = embargo.T
	return a, nil
}

// CreateArticle inserts an article with its byline, topics, links and first
// revision, all or nothing.
func (db *DB) CreateArticle(ctx context.Context, w content.ArticleWrite) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.CreateArticle(ctx, w)
		return err
	})
	return id, err
}

// CreateArticle is DB.CreateArticle inside the transaction.
func (tx *Tx) CreateArticle(ctx context.Context, w content.ArticleWrite) (int64, error) {
	a := w.Article
	id, err := insertID(ctx, tx.q, `INSERT INTO articles (slug, headline, standfirst, body_source, body, section_id, series_id, status,
		lead_image_id, lead_alt, lead_caption, lead_credit, correction, allow_repeats, created_by,
		published_at, scheduled_at, modified_at, created_at, updated_at, hide_related, seo_title, social_title, social_description, embargo_until,
		lead_crop, lead_focus)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.Slug, a.Headline, a.Standfirst, a.BodySource, a.Body, a.SectionID, nullID(a.SeriesID), string(a.Status),
		nullID(a.LeadImageID), a.LeadAlt, a.LeadCaption, a.LeadCredit, a.Correction, a.AllowRepeats, nullID(a.CreatedBy),
		unixTime(a.PublishedAt), unixTime(a.ScheduledAt), unixTime(a.ModifiedAt), unixTime(a.CreatedAt), unixTime(a.UpdatedAt),
		a.HideRelated, a.SEOTitle, a.SocialTitle, a.SocialDescription, unixTime(a.EmbargoUntil), a.LeadCrop, a.LeadFocus)
	if err != nil {
		return 0, fmt.Errorf("store: insert article: %w", err)
	}
	return id, writeArticleParts(ctx, tx, id, w)
}

// UpdateArticle saves an article, replacing its byline, topics and links,
// keeping a redirect from a changed slug and recording a revision.
func (db *DB) UpdateArticle(ctx context.Context, w content.ArticleWrite) error {
	return db.tx(ctx, func(tx *Tx) error { return tx.UpdateArticle(ctx, w) })
}

// UpdateArticle is DB.UpdateArticle inside the transaction.
func (tx *Tx) UpdateArticle(ctx context.Context, w content.ArticleWrite) error {
	a := w.Article
	var oldSlug string
	if err := tx.q.QueryRowContext(ctx, `SELECT slug FROM articles WHERE id = ?`, a.ID).Scan(&oldSlug); err != nil {
		return mapErr(err)
	}
	// The version check is part of the UPDATE, so two saves from the
	// same version cannot both pass it.
	where, args := `id = ?`, []any{a.ID}
	if !w.Expect.IsZero() {
		where, args = `id = ? AND updated_at = ?`, []any{a.ID, w.Expect.UnixMicro()}
	}
	res, err := tx.q.ExecContext(ctx, `UPDATE articles SET slug = ?, headline = ?, standfirst = ?, body_source = ?, body = ?,
		section_id = ?, series_id = ?, status = ?, lead_image_id = ?, lead_alt = ?, lead_caption = ?, lead_credit = ?,
		correction = ?, allow_repeats = ?, published_at = ?, scheduled_at = ?, modified_at = ?, updated_at = ?, hide_related = ?,
		seo_title = ?, social_title = ?, social_description = ?, embargo_until = ?, lead_crop = ?, lead_focus = ? WHERE `+where,
		append([]any{a.Slug, a.Headline, a.Standfirst, a.BodySource, a.Body, a.SectionID, nullID(a.SeriesID), string(a.Status),
			nullID(a.LeadImageID), a.LeadAlt, a.LeadCaption, a.LeadCredit, a.Correction, a.AllowRepeats,
			unixTime(a.PublishedAt), unixTime(a.ScheduledAt), unixTime(a.ModifiedAt), unixTime(a.UpdatedAt), a.HideRelated,
			a.SEOTitle, a.SocialTitle, a.SocialDescription, unixTime(a.EmbargoUntil), a.LeadCrop, a.LeadFocus}, args...)...)
	if err != nil {
		return fmt.Errorf("store: update article %d: %w", a.ID, mapErr(err))
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return content.ErrStale
	}
	if oldSlug != a.Slug {
		// The new slug must not keep redirecting elsewhere; the old one now points here.
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM slug_redirects WHERE old_slug = ?`, a.Slug); err != nil {
			return err
		}
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO slug_redirects (old_slug, article_id) VALUES (?, ?)
			ON CONFLICT (old_slug) DO UPDATE SET article_id = excluded.article_id`, oldSlug, a.ID); err != nil {
			return fmt.Errorf("store: keep redirect from %q: %w", oldSlug, err)
		}
	}
	for _, q := range []string{`DELETE FROM article_authors WHERE article_id = ?`, `DELETE FROM article_topics WHERE article_id = ?`, `DELETE FROM article_links WHERE article_id = ?`} {
		if _, err := tx.q.ExecContext(ctx, q, a.ID); err != nil {
			return err
		}
	}
	return writeArticleParts(ctx, tx, a.ID, w)
}

func writeArticleParts(ctx context.Context, tx *Tx, id int64, w content.ArticleWrite) error {
	for i, aid := range w.Article.AuthorIDs {
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO article_authors (article_id, author_id, position) VALUES (?, ?, ?)`, id, aid, i); err != nil {
			return fmt.Errorf("store: byline: %w", mapErr(err))
		}
	}
	topicIDs, err := ensureTopics(ctx, tx, w.Topics)
	if err != nil {
		return err
	}
	for i, tid := range topicIDs {
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO article_topics (article_id, topic_id, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, id, tid, i); err != nil {
			return fmt.Errorf("store: topics: %w", err)
		}
	}
	for _, target := range w.Article.LinkedIDs {
		if target == id {
			continue
		}
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO article_links (article_id, target_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, target); err != nil {
			return fmt.Errorf("store: links: %w", err)
		}
	}
	snap, err := json.Marshal(w.Revision)
	if err != nil {
		return err
	}
	if err := insertRevision(ctx, tx, id, string(snap), w.By, w.Article.UpdatedAt, content.RevisionSave); err != nil {
		return err
	}
	// The search index changes with the text, in the same transaction.
	return tx.indexArticle(ctx, id)
}

// DeleteDraft deletes an article that is a draft and was never published;
// its byline, topics, links, former slugs, revisions and search index row
// go with it. Any
// other article is ErrNotFound, so a publication racing the delete wins.
// Page views stored under its id go too (a never-published article has
// none unless counted by mistake): SQLite may give the id to the next
// article, which must not start with them.
func (db *DB) DeleteDraft(ctx context.Context, id int64) error {
	return db.tx(ctx, func(tx *Tx) error {
		res, err := tx.q.ExecContext(ctx, `DELETE FROM articles WHERE id = ? AND status = 'draft' AND published_at IS NULL`, id)
		if err != nil {
			return mapErr(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrNotFound
		}
		_, err = tx.q.ExecContext(ctx, `DELETE FROM page_views WHERE article_id = ?`, id)
		return err
	})
}

// GetArticle loads an article with its byline and topic ids.
func (db *DB) GetArticle(ctx context.Context, id int64) (content.Article, error) {
	return db.getArticle(ctx, `id = ?`, id)
}

// GetArticleBySlug loads an article by its current slug.
func (db *DB) GetArticleBySlug(ctx context.Context, slug string) (content.Article, error) {
	return db.getArticle(ctx, `slug = ?`, slug)
}

func (db *DB) getArticle(ctx context.Context, where string, arg any) (content.Article, error) {
	// hide_related and the search and social texts are read beside
	// articleCols, not in them: lists that scan articles with columns of
	// their own never show them.
	var x articleExtras
	a, err := scanArticle(extraScanner{db.read.QueryRowContext(ctx, `SELECT `+articleCols+`, `+articleExtraCols+` FROM articles WHERE `+where, arg), x.dest()})
	if err != nil {
		return a, err
	}
	x.apply(&a)
	if a.AssigneeID, err = db.assigneeOf(ctx, a.ID); err != nil {
		return a, err
	}
	if a.AuthorIDs, err = db.ids(ctx, `SELECT author_id FROM article_authors WHERE article_id = ? ORDER BY position`, a.ID); err != nil {
		return a, err
	}
	if a.TopicIDs, err = db.ids(ctx, `SELECT topic_id FROM article_topics WHERE article_id = ? ORDER BY position`, a.ID); err != nil {
		return a, err
	}
	a.LinkedIDs, err = db.ids(ctx, `SELECT target_id FROM article_links WHERE article_id = ? ORDER BY target_id`, a.ID)
	return a, err
}

func (db *DB) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	return queryAll(ctx, db.read, scanInt64, query, args...)
}

// RedirectSlug returns the current slug of the article that once had slug.
func (db *DB) RedirectSlug(ctx context.Context, slug string) (string, error) {
	var current string
	err := db.read.QueryRowContext(ctx, `SELECT a.slug FROM slug_redirects r JOIN articles a ON a.id = r.article_id WHERE r.old_slug = ?`, slug).Scan(&current)
	return current, mapErr(err)
}

// SlugTaken reports whether slug belongs to another article, now or as a redirect.
func (db *DB) SlugTaken(ctx context.Context, slug string, exceptID int64) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM articles WHERE slug = ? AND id <> ?) +
		(SELECT COUNT(*) FROM slug_redirects WHERE old_slug = ? AND article_id <> ?)`, slug, exceptID, slug, exceptID).Scan(&n)
	return n > 0, err
}

// ListPublished returns published articles newest first, after cursor.
func (db *DB) ListPublished(ctx context.Context, f content.Filter, after content.Cursor, limit int) ([]content.Article, error) {
	where := publicArticle
	args := []any{db.now()}
	from := `articles a`
	switch {
	case f.SectionID != 0:
		where += ` AND a.section_id = ?`
		args = append(args, f.SectionID)
	case f.SeriesID != 0:
		where += ` AND a.series_id = ?`
		args = append(args, f.SeriesID)
	case f.TopicID != 0:
		from = `articles a JOIN article_topics t ON t.article_id = a.id AND t.topic_id = ?`
		args = append([]any{f.TopicID}, args...) // FROM comes before WHERE
	case f.AuthorID != 0:
		from = `articles a JOIN article_authors au ON au.article_id = a.id AND au.author_id = ?`
		args = append([]any{f.AuthorID}, args...)
	}
	if f.ExcludeID != 0 {
		where += ` AND a.id <> ?`
		args = append(args, f.ExcludeID)
	}
	if !after.IsZero() {
		where += ` AND (a.published_at < ? OR (a.published_at = ? AND a.id < ?))`
		p := after.PublishedAt.UnixMicro()
		args = append(args, p, p, after.ID)
	}
	args = append(args, limit)
	cols := `a.id, a.slug, a.headline, a.standfirst, '', '', a.section_id, COALESCE(a.series_id, 0), a.status,
	COALESCE(a.lead_image_id, 0), a.lead_alt, a.lead_caption, a.lead_credit, '', a.allow_repeats, COALESCE(a.created_by, 0),
	a.published_at, a.scheduled_at, a.modified_at, a.created_at, a.updated_at, a.embargo_until`
	out, err := queryAll(ctx, db.read, scanArticle, `SELECT `+cols+` FROM `+from+` WHERE `+where+` ORDER BY a.published_at DESC, a.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list published: %w", err)
	}
	return out, nil
}

// ListArticles is the newsroom's list: every status, most recently edited
// first, keyset-paginated on (updated_at, id); the cursor's PublishedAt
// carries updated_at here. q matches headlines case-insensitively (on
// SQLite only for ASCII letters, as its LOWER does).
func (db *DB) ListArticles(ctx context.Context, status content.Status, q string, after content.Cursor, limit int) ([]content.Article, error) {
	where := `1 = 1`
	var args []any
	if status != "" {
		where += ` AND status = ?`
		args = append(args, string(status))
	}
	if q != "" {
		where += ` AND LOWER(headline) LIKE ? ESCAPE '\'`
		args = append(args, "%"+strings.ToLower(escapeLike(q))+"%")
	}
	if !after.IsZero() {
		where += ` AND (updated_at < ? OR (updated_at = ? AND id < ?))`
		p := after.PublishedAt.UnixMicro()
		args = append(args, p, p, after.ID)
	}
	args = append(args, limit)
	out, err := queryAll(ctx, db.read, scanArticle, `SELECT `+articleCols+` FROM articles WHERE `+where+` ORDER BY updated_at DESC, id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list articles: %w", err)
	}
	return out, nil
}

// ArticleRefs returns the slug, headline and status of the given articles.
func (db *DB) ArticleRefs(ctx context.Context, ids []int64) (map[int64]content.ArticleRef, error) {
	out := make(map[int64]content.ArticleRef, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var r content.ArticleRef
		var status string
		var embargo Time
		if err := sc.Scan(&r.ID, &r.Slug, &r.Headline, &status, &embargo); err != nil {
			return err
		}
		r.Status, r.EmbargoUntil = content.Status(status), embargo.T
		out[r.ID] = r
		return nil
	}, `SELECT id, slug, headline, status, embargo_until FROM articles WHERE id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: article refs: %w", err)
	}
	return out, nil
}

// ArticleRefBySlug finds an article by current or former slug.
func (db *DB) ArticleRefBySlug(ctx context.Context, slug string) (content.ArticleRef, error) {
	var r content.ArticleRef
	var status string
	var embargo Time
	err := db.read.QueryRowContext(ctx, `SELECT id, slug, headline, status, embargo_until FROM articles WHERE slug = ?
		UNION ALL SELECT a.id, a.slug, a.headline, a.status, a.embargo_until FROM slug_redirects r JOIN articles a ON a.id = r.article_id WHERE r.old_slug = ?`, slug, slug).
		Scan(&r.ID, &r.Slug, &r.Headline, &status, &embargo)
	r.Status, r.EmbargoUntil = content.Status(status), embargo.T
	return r, mapErr(err)
}

// SetStatus moves an article to a status, recording publish and schedule
// times, without a revision: for maintenance and tests, never the editor.
// It returns ErrNotFound when the article is not in one of from.
func (db *DB) SetStatus(ctx context.Context, id int64, to content.Status, at time.Time, from ...content.Status) error {
	query := `UPDATE articles SET status = ?, updated_at = ?`
	args := []any{string(to), at.UnixMicro()}
	switch to {
	case content.StatusPublished:
		query += `, published_at = COALESCE(published_at, ?), scheduled_at = NULL`
		args = append(args, at.UnixMicro())
	case content.StatusScheduled:
		query += `, scheduled_at = ?`
		args = append(args, at.UnixMicro())
	default:
		query += `, scheduled_at = NULL`
	}
	query += ` WHERE id = ?`
	args = append(args, id)
	if len(from) > 0 {
		query += ` AND status IN (` + placeholders(len(from)) + `)`
		for _, s := range from {
			args = append(args, string(s))
		}
	}
	return db.execOne(ctx, query, args...)
}

// PublishScheduled publishes the article if it is still scheduled for a time
// at or before now. It reports whether it did: a second call is a no-op, so a
// job that runs twice never publishes twice.
func (db *DB) PublishScheduled(ctx context.Context, id int64, now time.Time) (bool, error) {
	var n int64
	err := db.tx(ctx, func(tx *Tx) error {
		res, err := tx.q.ExecContext(ctx, `UPDATE articles SET status = 'published',
		published_at = COALESCE(published_at, scheduled_at), scheduled_at = NULL, updated_at = ?
		WHERE id = ? AND status = 'scheduled' AND scheduled_at <= ? AND (embargo_until IS NULL OR embargo_until <= ?)`,
			now.UnixMicro(), id, now.UnixMicro(), now.UnixMicro())
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n != 1 {
			return err
		}
		return tx.logScheduledPublication(ctx, id, now) // workflow.go
	})
	if err != nil {
		return false, fmt.Errorf("store: publish scheduled %d: %w", id, err)
	}
	return n == 1, nil
}

// DueScheduled lists scheduled articles whose time has come and that have
// no unfinished publish job (content's key "publish:<id>"): a safety net
// for jobs lost or pruned. A pending, running or failed job is left alone,
// so the sweep neither takes a running job from its worker nor hides a
// failed one from the admin's Background jobs page.
func (db *DB) DueScheduled(ctx context.Context, now time.Time) ([]int64, error) {
	return db.ids(ctx, `SELECT id FROM articles WHERE status = 'scheduled' AND scheduled_at <= ?
		AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.unique_key = 'publish:' || articles.id AND jobs.done_at IS NULL)
		ORDER BY scheduled_at`, now.UnixMicro())
}

// ListRevisions returns an article's revisions, newest first.
func (db *DB) ListRevisions(ctx context.Context, articleID int64) ([]content.Revision, error) {
	out, err := queryAll(ctx, db.read, scanRevision, `SELECT `+revisionCols+` FROM revisions WHERE article_id = ? ORDER BY id DESC`, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: list revisions: %w", err)
	}
	return out, nil
}

// GetRevision loads one revision.
func (db *DB) GetRevision(ctx context.Context, id int64) (content.Revision, error) {
	return scanRevision(db.read.QueryRowContext(ctx, `SELECT `+revisionCols+` FROM revisions WHERE id = ?`, id))
}

// revisionCols are the columns of revisions that scanRevision reads.
const revisionCols = `id, article_id, snapshot, COALESCE(created_by, 0), created_at, kind, dismissed`

func scanRevision(sc scanner) (content.Revision, error) {
	var r content.Revision
	var snap string
	var at Time
	if err := sc.Scan(&r.ID, &r.ArticleID, &snap, &r.CreatedBy, &at, &r.Kind, &r.Dismissed); err != nil {
		return r, mapErr(err)
	}
	r.CreatedAt = at.T
	if err := json.Unmarshal([]byte(snap), &r.Snapshot); err != nil {
		return r, fmt.Errorf("store: revision %d: %w", r.ID, err)
	}
	return r, nil
}

// CountArticles counts articles of every status.
func (db *DB) CountArticles(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&n)
	return n, err
}

// escapeLike makes LIKE's wildcards in a search match themselves: a
// search for "50%" finds "50% rise" and not "500 rise". It goes with
// ESCAPE '\' in the query (SQLite has no default escape character).
func escapeLike(s string) string {
	return likeEscaper.Replace(s)
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
