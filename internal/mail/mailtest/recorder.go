// Package mailtest holds test doubles for mail.Sender and a real SMTP sink
// (SMTPSink). Production code never imports it: a command that must not
// send mail has its own sender.
package mailtest

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"masthead/internal/mail"
)

// Recorder is a Sender that keeps messages in memory, for tests in other
// packages. The zero value is ready to use and safe for concurrent use.
type Recorder struct {
	mu   sync.Mutex
	msgs []mail.Message
}

var _ mail.Sender = (*Recorder)(nil)

// Send validates m like a real sender would, so a test catches a message
// that production would refuse, then stores a copy.
func (r *Recorder) Send(ctx context.Context, m mail.Message) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("mail: record: %w", err)
	}
	if err := m.Validate(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, m.Clone())
	return nil
}

// Messages returns copies of the recorded messages, oldest first.
func (r *Recorder) Messages() []mail.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := slices.Clone(r.msgs)
	for i := range out {
		out[i] = out[i].Clone()
	}
	return out
}

// Last returns the most recent message, or false when none was sent.
func (r *Recorder) Last() (mail.Message, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.msgs) == 0 {
		return mail.Message{}, false
	}
	return r.msgs[len(r.msgs)-1].Clone(), true
}

// Reset forgets all recorded messages.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = nil
}
