package queue

import "time"

// Woken reports whether a wake is pending for Run, and takes it.
func Woken(q *Queue) bool {
	select {
	case <-q.wake:
		return true
	default:
		return false
	}
}

// RenewOnDemand makes q renew a running job's lease when the test sends on
// the returned channel, instead of every Lease/3.
func RenewOnDemand(q *Queue) chan<- time.Time {
	c := make(chan time.Time)
	q.ticker = func(time.Duration) (<-chan time.Time, func()) { return c, func() {} }
	return c
}

// Plan is plan for tests: the claims free slots become, given the jobs of
// each kind running now.
func Plan(q *Queue, free int, running map[string]int) [][2]any {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.running = running
	var out [][2]any
	for _, c := range q.plan(free) {
		out = append(out, [2]any{c.kinds, c.limit})
	}
	return out
}
