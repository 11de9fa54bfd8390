package store

import (
	"context"
	"encoding/json"
	"fmt"

	"masthead/internal/search"
)

// How PostgreSQL reads a search's window (decision 0032), chosen for each
// search from the numbers of articles the planner expects its words and
// its facets to match.

// windowShape is how the window's matches are read (postgresWindow).
type windowShape int

const (
	// shapeByEstimate chooses by the planner's estimates (the default).
	shapeByEstimate windowShape = iota
	// shapeWalk walks the newest rows, checking each one's facets and
	// then its document.
	shapeWalk
	// shapeGather takes every match of the words and facets through GIN,
	// then the newest.
	shapeGather
)

// Relative costs of the shapes' steps, measured with EXPLAIN ANALYZE on
// 100,000 generated articles: reading a row's document from TOAST and
// checking it (costDocument, about 20 µs), reading a row when walking
// (costWalked), and taking a match from a GIN bitmap and its row from the
// heap (costGathered, about 4.5 µs).
const (
	costDocument = 4
	costWalked   = 0.2
	costGathered = 1
)

// postgresPrepare completes a rendered query: the pairs of its phrases,
// and the shape of its window.
func postgresPrepare(ctx context.Context, q conn, query search.Query, r rendered, shape windowShape) (rendered, error) {
	r, err := postgresPreparePairs(ctx, q, query, r)
	if err != nil {
		return r, err
	}
	r.shape = shape
	if r.match == "" || r.pairs != "" || shape != shapeByEstimate {
		return r, nil
	}
	est, err := postgresEstimate(ctx, q, r)
	if err != nil {
		return r, err
	}
	r.shape = chooseShape(est)
	return r, nil
}

// estimate is how many index rows there are, how many the words match
// and how many the facets do (rows when there are none).
type estimate struct{ rows, words, facets float64 }

// chooseShape picks the cheaper shape by the planner's estimates.
// Walking reads rows newest first until the window is full, about window
// × rows / matches of them (the planner takes words and facets to be
// independent), and the document of those of the facets. Gathering reads
// the row of each article matching both: their one GIN index intersects
// the lists of the words and of the facets (migration 0030).
func chooseShape(e estimate) windowShape {
	rows := max(e.rows, 1)
	words, facets := min(max(e.words, 1), rows), min(max(e.facets, 1), rows)
	matches := max(words*facets/rows, 1)
	walked := min(rows, float64(search.MaxResults+1)*rows/matches)
	walk := walked * (costWalked + facets/rows*costDocument)
	gather := matches * costGathered
	if gather < walk {
		return shapeGather
	}
	return shapeWalk
}

// postgresEstimate asks the planner, without running anything, how many
// index rows there are and how many the search's words and facets each
// match: its estimates come from the statistics ANALYZE keeps of the
// tsvectors' most common lexemes.
func postgresEstimate(ctx context.Context, q conn, r rendered) (estimate, error) {
	var e estimate
	sql := `EXPLAIN (FORMAT JSON) SELECT 1 FROM article_search
		UNION ALL SELECT 1 FROM article_search s WHERE s.document @@ to_tsquery('english', ?)`
	args := []any{r.match}
	if r.facets != "" {
		sql += ` UNION ALL SELECT 1 FROM article_search s WHERE s.facets @@ to_tsquery('simple', ?)`
		args = append(args, r.facets)
	}
	var plan string
	if err := q.QueryRowContext(ctx, sql, args...).Scan(&plan); err != nil {
		return e, fmt.Errorf("estimate: %w", err)
	}
	// [{"Plan": {"Node Type": "Append", "Plans": [{"Plan Rows": rows, ...}, {"Plan Rows": words, ...}, ...]}}]
	var out []struct {
		Plan struct {
			Plans []struct {
				Rows float64 `json:"Plan Rows"`
			} `json:"Plans"`
		} `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(plan), &out); err != nil {
		return e, fmt.Errorf("estimate: %w", err)
	}
	if len(out) != 1 || len(out[0].Plan.Plans) != len(args)+1 {
		return e, fmt.Errorf("estimate: unexpected plan %.200s", plan)
	}
	p := out[0].Plan.Plans
	e.rows, e.words, e.facets = p[0].Rows, p[1].Rows, p[0].Rows
	if r.facets != "" {
		e.facets = p[2].Rows
	}
	return e, nil
}
