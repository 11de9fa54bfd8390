package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"masthead/internal/content"
)

// Related articles (decision 0034): published articles that share the
// most with one article, for the "Related" list of its page and the
// editor's see-also suggestions. The signals, from strongest to weakest:
// shared topics, the same series, the same section, and nearness in time
// to the article. Every candidate comes from an index range of bounded
// length, so a call costs the same with a thousand articles or a million.

// Weights of the signals: one shared topic outweighs the series and the
// section together, and nearness in time (at most 1) only breaks ties.
const (
	relatedTopicWeight   = 10
	relatedSeriesWeight  = 4
	relatedSectionWeight = 2
	// relatedPerTopic bounds the articles read per shared topic: the most
	// recent ones (by id, the topic index's order), so a topic on half the
	// archive costs no more than a rare one.
	relatedPerTopic = 200
	// relatedNeighbours is how many articles of the same series, and of
	// the same section, on each side of the article's date are candidates.
	relatedNeighbours = 25
	// relatedTimeScale is the distance in time that halves the nearness
	// bonus: 30 days, in microseconds, as an SQL number.
	relatedTimeScale = "2592000000000.0"
)

// relatedSource is what the candidates are measured against.
type relatedSource struct {
	id                  int64
	sectionID, seriesID int64
	at                  time.Time // publication time, or last save for an unpublished article
	topicIDs            []int64
}

// relatedScore is a candidate and how much it shares with the source.
type relatedScore struct {
	id    int64
	score float64
}

// RelatedArticles returns up to limit ids of published articles related
// to article id, best first; never the article itself. An unknown id is
// ErrNotFound.
func (db *DB) RelatedArticles(ctx context.Context, id int64, limit int) ([]int64, error) {
	if limit <= 0 {
		return nil, nil
	}
	src, err := db.relatedSource(ctx, id)
	if err != nil {
		return nil, err
	}
	text, err := db.relatedByText(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("store: related to %d by text: %w", id, err)
	}
	scored, err := db.relatedRanked(ctx, src, text, limit)
	if err != nil {
		return nil, fmt.Errorf("store: related to %d: %w", id, err)
	}
	out := make([]int64, len(scored))
	for i, c := range scored {
		out[i] = c.id
	}
	return out, nil
}

// relatedSource reads the article's section, series, date and topics in
// one query.
func (db *DB) relatedSource(ctx context.Context, id int64) (relatedSource, error) {
	src := relatedSource{id: id}
	found := false
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var at Time
		var topicID int64
		if err := sc.Scan(&src.sectionID, &src.seriesID, &at, &topicID); err != nil {
			return err
		}
		found, src.at = true, at.T
		if topicID != 0 {
			src.topicIDs = append(src.topicIDs, topicID)
		}
		return nil
	}, `SELECT a.section_id, COALESCE(a.series_id, 0), COALESCE(a.published_at, a.updated_at), COALESCE(t.topic_id, 0)
		FROM articles a LEFT JOIN article_topics t ON t.article_id = a.id
		WHERE a.id = ? ORDER BY t.position`, id)
	if err != nil {
		return src, fmt.Errorf("store: related to %d: %w", id, err)
	}
	if !found {
		return src, ErrNotFound
	}
	return src, nil
}

// relatedRanked scores the candidates in one query and returns the best:
// the latest articles of each shared topic, the neighbours in time of the
// same series and section (each an index range with a LIMIT), and the
// text matches with their text score, joined to articles to keep the
// published ones. CROSS JOIN keeps the few candidates as the outer loop
// on SQLite, which would otherwise scan articles and probe them.
func (db *DB) relatedRanked(ctx context.Context, src relatedSource, text []relatedScore, limit int) ([]relatedScore, error) {
	var parts []string
	var args []any
	for _, t := range src.topicIDs {
		parts = append(parts, `SELECT article_id AS id, 1 AS shared, `+noText+` FROM (SELECT article_id FROM article_topics
			WHERE topic_id = ? AND article_id <> ? ORDER BY article_id DESC LIMIT ?) t`)
		args = append(args, t, src.id, relatedPerTopic)
	}
	at := src.at.UnixMicro()
	neighbours := func(col string, v int64) {
		parts = append(parts,
			`SELECT id, 0 AS shared, `+noText+` FROM (SELECT id FROM articles WHERE `+col+` = ? AND status = 'published'
				AND published_at <= ? ORDER BY published_at DESC, id DESC LIMIT ?) b`,
			`SELECT id, 0 AS shared, `+noText+` FROM (SELECT id FROM articles WHERE `+col+` = ? AND status = 'published'
				AND published_at > ? ORDER BY published_at, id LIMIT ?) f`)
		args = append(args, v, at, relatedNeighbours, v, at, relatedNeighbours)
	}
	if src.seriesID != 0 {
		neighbours("series_id", src.seriesID)
	}
	neighbours("section_id", src.sectionID)
	for _, c := range text {
		parts = append(parts, `SELECT CAST(? AS BIGINT) AS id, 0 AS shared, CAST(? AS DOUBLE PRECISION) AS text`)
		args = append(args, c.id, c.score)
	}

	query := `SELECT a.id, CAST(c.shared * ` + fmt.Sprint(relatedTopicWeight) + ` + c.text
			+ CASE WHEN a.series_id = ? THEN ` + fmt.Sprint(relatedSeriesWeight) + ` ELSE 0 END
			+ CASE WHEN a.section_id = ? THEN ` + fmt.Sprint(relatedSectionWeight) + ` ELSE 0 END
			+ 1.0 / (1.0 + ABS(a.published_at - ?) / ` + relatedTimeScale + `) AS DOUBLE PRECISION) AS score
		FROM (SELECT id, SUM(shared) AS shared, SUM(text) AS text FROM (` + strings.Join(parts, "\n\t\t\tUNION ALL ") + `) u GROUP BY id) c
		CROSS JOIN articles a
		WHERE a.id = c.id AND ` + publicArticle + ` AND a.id <> ?
		ORDER BY score DESC, a.published_at DESC, a.id DESC LIMIT ?`
	// The score's placeholders come first in the text, then the candidates'.
	args = append(append([]any{src.seriesID, src.sectionID, at}, args...), db.now(), src.id, limit)
	return queryAll(ctx, db.read, func(sc scanner) (relatedScore, error) {
		var c relatedScore
		err := sc.Scan(&c.id, &c.score)
		return c, err
	}, query, args...)
}

// noText is the text score of a candidate found by another signal.
const noText = `CAST(0 AS DOUBLE PRECISION) AS text`

// PublishedArticles loads those of the given articles that are published,
// in the order of ids, without their bodies (cards do not show them).
func (db *DB) PublishedArticles(ctx context.Context, ids []int64) ([]content.Article, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cols := `a.id, a.slug, a.headline, a.standfirst, '', '', a.section_id, COALESCE(a.series_id, 0), a.status,
	COALESCE(a.lead_image_id, 0), a.lead_alt, a.lead_caption, a.lead_credit, '', a.allow_repeats, COALESCE(a.created_by, 0),
	a.published_at, a.scheduled_at, a.modified_at, a.created_at, a.updated_at, a.embargo_until`
	found, err := queryAll(ctx, db.read, scanArticle, `SELECT `+cols+` FROM articles a
		WHERE `+publicArticle+` AND a.id IN (`+placeholders(len(ids))+`)`, append([]any{db.now()}, int64Args(ids)...)...)
	if err != nil {
		return nil, fmt.Errorf("store: published articles: %w", err)
	}
	byID := make(map[int64]content.Article, len(found))
	for _, a := range found {
		byID[a.ID] = a
	}
	out := make([]content.Article, 0, len(found))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			out = append(out, a)
			delete(byID, id) // an id given twice comes back once
		}
	}
	return out, nil
}
