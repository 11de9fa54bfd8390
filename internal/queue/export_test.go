package queue

// Woken reports whether a wake is pending for Run, and takes it.
func Woken(q *Queue) bool {
	select {
	case <-q.wake:
		return true
	default:
		return false
	}
}
