package queue_test

import (
	"context"
	"fmt"
	"testing"

	"masthead/internal/queue"
)

// The free slots become claims that can never give a kind more jobs than
// it has room for.
func TestPlanKeepsKindsWithinTheirSlots(t *testing.T) {
	h := func(context.Context, queue.Job) error { return nil }
	q := queue.New(nil, quiet, queue.Options{})
	q.Register(
		queue.Kind{Name: "mail", Handler: h},
		queue.Kind{Name: "publish", Handler: h},
		queue.Kind{Name: "send", Handler: h, Concurrency: 1},
		queue.Kind{Name: "thumbs", Handler: h, Concurrency: 2},
	)
	for _, c := range []struct {
		free    int
		running map[string]int
		want    string
	}{
		{4, nil, "[[[mail publish] 4] [[send] 1] [[thumbs] 2]]"},
		{1, nil, "[[[mail publish send thumbs] 1]]"},
		{2, map[string]int{"send": 1}, "[[[mail publish thumbs] 2]]"},
		{3, map[string]int{"send": 1, "thumbs": 1}, "[[[mail publish] 3] [[thumbs] 1]]"},
		{0, nil, "[]"},
	} {
		got := fmt.Sprint(queue.Plan(q, c.free, c.running))
		if got != c.want {
			t.Errorf("free %d running %v: claims %s, want %s", c.free, c.running, got, c.want)
		}
	}
}
