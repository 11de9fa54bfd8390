package campaign

import "masthead/internal/queue"

// SendJob is the handler Register gives the queue, for tests that count
// its runs.
func SendJob(s *Service) queue.Handler { return s.sendJob }
