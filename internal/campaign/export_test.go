package campaign

// UseJobs makes s enqueue its send jobs on q without registering the
// handler, for tests that register a wrapped one.
func UseJobs(s *Service, q Jobs) { s.jobs = q }
