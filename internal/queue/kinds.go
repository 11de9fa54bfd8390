package queue

import (
	"fmt"
	"sort"
	"time"
)

// Kind is one kind of job and how this process runs it. Each package
// declares the kinds it owns (a JobKinds method) and the application
// registers them; a kind no package here registered is never claimed by
// this process, so it stays for an instance that can run it.
type Kind struct {
	Name    string
	Handler Handler
	// Concurrency caps the jobs of this kind running at once in this
	// process (one newsletter send at a time, while confirmation emails
	// keep flowing). 0: only the queue's own Concurrency limits it. Jobs
	// of a kind with no free slot are left unclaimed for other instances.
	Concurrency int
	// MaxAttempts is given to jobs of this kind enqueued without one
	// (default 10). A job that uses them all up is failed.
	MaxAttempts int
	// Backoff is how long to wait before attempt n+1 after attempt n
	// failed (default: 5s·n², at most an hour).
	Backoff func(attempt int) time.Duration
	// Timeout ends one run of the handler (its ctx is cancelled); 0: none,
	// the lease is renewed for as long as the handler runs.
	Timeout time.Duration
	// Summary says what a job is about for the failed-jobs page ("article
	// 12"), from its payload, without personal data. nil: nothing is
	// shown but the kind and the error.
	Summary func(payload string) string
}

// Registry is what a package registers the kinds of job it owns with.
// *Queue is one.
type Registry interface {
	Register(kinds ...Kind)
}

// Register adds kinds of job this process runs. Call before Run. It
// panics on a kind without a name or handler, or registered twice: both
// are wiring mistakes that would otherwise leave jobs unrun.
func (q *Queue) Register(kinds ...Kind) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, k := range kinds {
		if k.Name == "" || k.Handler == nil {
			panic(fmt.Sprintf("queue: kind %q registered without a name or a handler", k.Name))
		}
		if _, dup := q.kinds[k.Name]; dup {
			panic(fmt.Sprintf("queue: kind %q registered twice", k.Name))
		}
		if k.Concurrency < 0 || k.MaxAttempts < 0 || k.Timeout < 0 {
			panic(fmt.Sprintf("queue: kind %q: negative option", k.Name))
		}
		q.kinds[k.Name] = k
	}
}

// Handle registers a kind with default options.
func (q *Queue) Handle(kind string, h Handler) { q.Register(Kind{Name: kind, Handler: h}) }

// Kinds lists the registered kinds by name.
func (q *Queue) Kinds() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	names := make([]string, 0, len(q.kinds))
	for n := range q.kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// kind returns a registered kind, or the defaults for one that is not.
func (q *Queue) kind(name string) Kind {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.kinds[name]
}

func (k Kind) maxAttempts() int {
	if k.MaxAttempts > 0 {
		return k.MaxAttempts
	}
	return 10
}

func (k Kind) backoff(attempt int) time.Duration {
	if k.Backoff != nil {
		return k.Backoff(attempt)
	}
	return backoff(attempt)
}

// backoff grows with attempts: 5s, 20s, 45s ... capped at an hour.
func backoff(attempt int) time.Duration {
	d := time.Duration(attempt*attempt) * 5 * time.Second
	if d > time.Hour || d <= 0 {
		return time.Hour
	}
	return d
}

// claim is one ClaimJobs call: up to limit jobs of these kinds.
type claim struct {
	kinds []string
	limit int
}

// plan splits the free slots into claims, so that no kind gets more jobs
// than it has free slots: kinds with room for every free slot share one
// claim; a kind capped below that gets its own claim, limited to its
// slots. Kinds with no free slot are in none. free is the queue's free
// slots overall; plan runs under q.mu.
func (q *Queue) plan(free int) []claim {
	if free <= 0 {
		return nil
	}
	open := claim{limit: free}
	var capped []claim
	for _, name := range q.sortedKinds() {
		k := q.kinds[name]
		room := free
		if k.Concurrency > 0 {
			room = k.Concurrency - q.running[name]
		}
		switch {
		case room >= free:
			open.kinds = append(open.kinds, name)
		case room > 0:
			capped = append(capped, claim{kinds: []string{name}, limit: room})
		}
	}
	if len(open.kinds) > 0 {
		return append([]claim{open}, capped...)
	}
	return capped
}

func (q *Queue) sortedKinds() []string {
	names := make([]string, 0, len(q.kinds))
	for n := range q.kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
