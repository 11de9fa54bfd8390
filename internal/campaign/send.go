package campaign

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/mail"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
)

// ErrBusy means another process holds the campaign's send lease.
var ErrBusy = apperr.New(apperr.Conflict, "This campaign is being sent by another process.")

// sendJob runs a campaign:send job.
func (s *Service) sendJob(ctx context.Context, j queue.Job) error {
	id, err := strconv.ParseInt(j.Payload, 10, 64)
	if err != nil {
		return fmt.Errorf("campaign: bad job payload %q", j.Payload)
	}
	// The queue renews the job's lease while the send goes on, and ends
	// ctx with ErrLeaseLost when the job is gone or taken: Pause and
	// Cancel delete it, Resume replaces it, maybe while this send still
	// runs. The campaign's own lease and compare-and-set checkpoint keep
	// the send to one sender, so that stops it as a pause does, open
	// batches finished and recorded; cut mid-batch, copies that went out
	// were recorded nowhere (and went again after a resume). Any other end
	// of ctx (shutdown) stops it at once.
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	lost := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			if errors.Is(context.Cause(ctx), queue.ErrLeaseLost) {
				close(lost)
			} else {
				cancel()
			}
		case <-runCtx.Done():
		}
	}()
	return s.run(runCtx, id, nil, lost)
}

// Run sends campaign id in the calling goroutine until every recipient has
// an outcome, staff pause or cancel it, or ctx ends; progress, when set,
// is called after every recorded batch. It holds the campaign's lease
// meanwhile, so no other process sends it at the same time (ErrBusy).
// A campaign that is not due, or has nothing left to send, returns nil.
//
// When the relay fails in a way that is not about one recipient (refused
// connections, 4xx replies to the whole session), Run records what went
// out, keeps the checkpoint, shows the error on the campaign and returns
// it, so the queue retries the job later.
func (s *Service) Run(ctx context.Context, id int64, progress func(Progress)) error {
	return s.run(ctx, id, progress, nil)
}

// run is Run that also stops, as for a pause, once stop is closed.
func (s *Service) run(ctx context.Context, id int64, progress func(Progress), stop <-chan struct{}) error {
	c, err := s.o.Store.GetCampaign(ctx, id)
	if err != nil {
		return fmt.Errorf("campaign %d: %w", id, err)
	}
	now := s.o.Now()
	switch c.Status {
	case StatusScheduled:
		if now.Before(c.ScheduledAt) {
			// Not due (a clock ahead of ours ran it): put the job back at its
			// time rather than lose it.
			_, err := s.jobs.EnqueueWith(ctx, s.o.Store, queue.NewJob{Kind: JobSend, Payload: strconv.FormatInt(id, 10),
				UniqueKey: jobKey(id), RunAt: c.ScheduledAt, MaxAttempts: MaxSendAttempts})
			return err
		}
	case StatusSending:
	default:
		return nil // draft, paused, finished: nothing to do
	}
	if held, err := s.hold(ctx, c, now); held || err != nil {
		return err
	}
	owner := s.o.Owner
	if err := s.o.Store.AcquireCampaign(ctx, id, owner, now, now.Add(s.o.Lease)); err != nil {
		if apperr.KindOf(err) == apperr.Conflict {
			return ErrBusy
		}
		return fmt.Errorf("campaign %d: acquire: %w", id, err)
	}
	// Bookkeeping after ctx ended (shutdown) still has to happen.
	bg := context.WithoutCancel(ctx)
	// Read it again under the lease: the sender that held it until now
	// may have moved the checkpoint, or finished, since the read above.
	if c, err = s.o.Store.GetCampaign(ctx, id); err != nil {
		_ = s.o.Store.ReleaseCampaign(bg, id, owner, err.Error())
		return fmt.Errorf("campaign %d: %w", id, err)
	}
	if !due(c, now) {
		// Finished, paused or moved meanwhile (a rescheduled one has its job).
		return s.o.Store.ReleaseCampaign(bg, id, owner, c.LastError)
	}
	for c.StartedAt.IsZero() && c.Status != StatusFailed {
		tried := c.Version
		err := s.start(ctx, &c, owner)
		if err == nil {
			continue
		}
		if apperr.KindOf(err) != apperr.Conflict {
			_ = s.o.Store.ReleaseCampaign(bg, id, owner, err.Error())
			return err
		}
		// Saved, paused, cancelled or moved later while the email was
		// built: a saved one is built again from what was saved.
		if c, err = s.o.Store.GetCampaign(ctx, id); err != nil {
			_ = s.o.Store.ReleaseCampaign(bg, id, owner, err.Error())
			return fmt.Errorf("campaign %d: %w", id, err)
		}
		if !due(c, now) {
			return s.o.Store.ReleaseCampaign(bg, id, owner, c.LastError)
		}
		if c.Version == tried {
			return fmt.Errorf("campaign %d: start: %w", id, errLost)
		}
	}
	if c.Status == StatusFailed {
		return nil
	}
	e := &engine{s: s, c: c, owner: owner, progress: progress, counts: c.Counts, stop: stop}
	runErr := e.run(ctx)
	switch {
	case errors.Is(runErr, errLost):
		return fmt.Errorf("campaign %d: %w", id, runErr)
	case runErr != nil:
		msg := runErr.Error()
		if ctx.Err() != nil {
			msg = "" // a shutdown is no error of the campaign
		}
		if err := s.o.Store.ReleaseCampaign(bg, id, owner, msg); err != nil {
			s.o.Logger.Error("campaign: release", "campaign", id, "err", err)
		}
		return fmt.Errorf("campaign %d: %w", id, runErr)
	case e.complete:
		if err := s.o.Store.FinishCampaign(bg, id, owner, s.o.Now()); err != nil {
			return fmt.Errorf("campaign %d: finish: %w", id, err)
		}
		s.o.Logger.Info("campaign sent", "campaign", id, "sent", e.counts.Sent, "failed", e.counts.Failed,
			"bounced", e.counts.Bounced, "unconfirmed", e.counts.Unconfirmed)
	default: // paused or cancelled
		if err := s.o.Store.ReleaseCampaign(bg, id, owner, ""); err != nil {
			return fmt.Errorf("campaign %d: release: %w", id, err)
		}
	}
	if progress != nil {
		if c, err := s.o.Store.GetCampaign(bg, id); err == nil {
			progress(progressOf(c, s.o.Now()))
		}
	}
	return nil
}

// due reports whether campaign c is to be sent now: sending, or scheduled
// for now or earlier.
func due(c Campaign, now time.Time) bool {
	return c.Status == StatusSending || (c.Status == StatusScheduled && !now.Before(c.ScheduledAt))
}

// start freezes the campaign's email and recipient count. An email that
// cannot be built (its articles unpublished) fails the campaign for good.
func (s *Service) start(ctx context.Context, c *Campaign, owner string) error {
	now := s.o.Now()
	f, links, err := s.build(ctx, *c)
	if err == nil {
		_, err = s.template(f)
	}
	if err == nil {
		// Before the start: a start that fails leaves links the next one
		// replaces; a start without them would send clicks nowhere.
		err = s.o.Store.SaveCampaignLinks(ctx, c.ID, links)
	}
	if err != nil {
		if apperr.KindOf(err) == apperr.Invalid || errors.Is(err, mail.ErrInvalid) {
			s.o.Logger.Error("campaign: cannot build its email", "campaign", c.ID, "err", err)
			msg := apperr.Message(err)
			if msg == "" {
				msg = err.Error()
			}
			if ferr := s.o.Store.FailCampaign(context.WithoutCancel(ctx), c.ID, owner, msg, now); ferr != nil {
				return ferr
			}
			c.Status = StatusFailed
			return nil
		}
		return err
	}
	total, err := s.o.Store.CountRecipients(ctx, c.NewsletterID, now)
	if err != nil {
		return err
	}
	if err := s.o.Store.StartCampaign(ctx, c.ID, owner, c.Version, f, total, now); err != nil {
		return fmt.Errorf("campaign %d: start: %w", c.ID, err)
	}
	fresh, err := s.o.Store.GetCampaign(ctx, c.ID)
	if err != nil {
		return err
	}
	*c = fresh
	return nil
}

// errLost: another process took the campaign's lease or moved its
// checkpoint; this one must stop without recording anything more.
var errLost = errors.New("lost the campaign's send lease")

// engine is one run of a send.
type engine struct {
	s        *Service
	c        Campaign
	owner    string
	progress func(Progress)

	tmpl     *mail.Template
	signer   *newsletter.Signer
	mailto   string // domain of unsubscribe+token@domain, when set
	linkBase string // the publication's base URL

	counts   Counts
	complete bool // every recipient has a recorded outcome

	stopping atomic.Bool     // staff paused or cancelled: take no more batches
	stop     <-chan struct{} // closed: stop as for a pause (the queue lost the job)
	abortMu  sync.Mutex
	abortErr error // the relay failed: stop at the next message

	// refusals counts consecutive permanent refusals that are not about
	// the address (content, policy, quota); a run of them is the relay
	// refusing the issue itself, not one reader's mailbox.
	refusals atomic.Int32
}

// batch is consecutive recipients one worker sends in order; done
// counts the prefix that has outcomes.
type batch struct {
	from     int64 // the checkpoint before it
	rcpts    []Recipient
	outcomes []Outcome
	reasons  []string // for bounces: the SMTP reply
	done     int
	finished chan struct{}
}

func (e *engine) abort(err error) {
	e.abortMu.Lock()
	if e.abortErr == nil {
		e.abortErr = err
	}
	e.abortMu.Unlock()
}

func (e *engine) aborted() error {
	e.abortMu.Lock()
	defer e.abortMu.Unlock()
	return e.abortErr
}

func (e *engine) run(ctx context.Context) error {
	s := e.s
	var err error
	if e.tmpl, err = s.template(e.c.Frozen); err != nil {
		return err
	}
	if e.signer, err = s.o.Newsletters.Signer(ctx); err != nil {
		return err
	}
	if b := s.o.BounceAddress; b != "" {
		e.mailto = b[strings.LastIndexByte(b, '@')+1:]
	}
	if e.linkBase, err = s.linkBase(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var lost atomic.Bool
	// The lease is renewed with every commit and by this ticker when
	// batches are slow; the ticker also notices a pause or cancel.
	renewDone := make(chan struct{})
	go func() {
		defer close(renewDone)
		t := time.NewTicker(s.o.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			st, err := s.o.Store.RenewCampaign(ctx, e.c.ID, e.owner, s.o.Now().Add(s.o.Lease))
			if apperr.KindOf(err) == apperr.Conflict {
				lost.Store(true)
				cancel()
				return
			}
			if err == nil && st != StatusSending {
				e.stopping.Store(true)
			}
		}
	}()
	defer func() { cancel(); <-renewDone }()
	go func() {
		select {
		case <-e.stop:
			e.stopping.Store(true)
		case <-ctx.Done():
		}
	}()

	workers := s.o.Workers
	work := make(chan *batch)
	order := make(chan *batch, workers)
	slots := make(chan struct{}, workers) // open (uncommitted) batches
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var buf []byte
			for b := range work {
				buf = e.sendBatch(ctx, b, buf)
				close(b.finished)
			}
		})
	}
	// The dispatcher reads recipients page by page after the checkpoint;
	// each page is a batch.
	var readErr error
	var reachedEnd bool
	go func() {
		defer close(order)
		defer close(work)
		cursor := e.c.Checkpoint
		for {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			if e.stopping.Load() || e.aborted() != nil || ctx.Err() != nil {
				return
			}
			page, err := s.o.Store.Recipients(ctx, e.c.NewsletterID, e.c.StartedAt, cursor, s.o.BatchSize)
			if err != nil {
				readErr = err
				return
			}
			if len(page) == 0 {
				reachedEnd = true
				return
			}
			b := &batch{from: cursor, rcpts: page, outcomes: make([]Outcome, len(page)), reasons: make([]string, len(page)), finished: make(chan struct{})}
			cursor = page[len(page)-1].ReaderID
			order <- b
			work <- b
		}
	}()

	// Commit strictly in order: a batch's outcomes and the checkpoint after
	// its last recorded recipient, in one transaction. The first batch
	// not finished in full ends the commits: later ones go again.
	checkpoint := e.c.Checkpoint
	var commitErr error
	broken := false
	for b := range order {
		<-b.finished
		if !broken {
			switch {
			case b.from != checkpoint:
				commitErr, broken = fmt.Errorf("campaign: batch after %d out of order at %d", b.from, checkpoint), true
			case b.done > 0:
				if err := e.commit(context.WithoutCancel(ctx), b, &checkpoint); err != nil {
					commitErr, broken = err, true
					cancel()
				}
			}
			broken = broken || b.done < len(b.rcpts)
		}
		<-slots // the dispatcher may read the next page
	}
	wg.Wait()
	switch {
	case lost.Load() || errors.Is(commitErr, errLost):
		return errLost
	case commitErr != nil:
		return commitErr
	case readErr != nil:
		return readErr
	}
	if err := e.aborted(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	e.complete = reachedEnd && !broken
	return nil
}

// RelayRefusalLimit is how many permanent refusals in a row that are not
// about the address stop a send as a relay failure. The ones before it
// count as failed: one reader's copy refused for its content is theirs.
const RelayRefusalLimit = 10

// sendBatch sends b's recipients in order until one has no outcome (ctx
// ended or the relay failed), rendering into buf, which it returns for
// reuse.
func (e *engine) sendBatch(ctx context.Context, b *batch, buf []byte) []byte {
	for i, r := range b.rcpts {
		if ctx.Err() != nil || e.aborted() != nil {
			return buf
		}
		var out Outcome
		var reason string
		out, reason, buf = e.deliver(ctx, r, buf)
		if out == OutcomeNone {
			return buf
		}
		b.outcomes[i], b.reasons[i] = out, reason
		b.done = i + 1
	}
	return buf
}

// deliver renders and sends one recipient's copy.
func (e *engine) deliver(ctx context.Context, r Recipient, buf []byte) (Outcome, string, []byte) {
	values, bounce, err := linkValues(e.signer, e.linkBase, r, e.c.NewsletterID, e.c.ID)
	if err != nil {
		e.s.o.Logger.Warn("campaign: cannot sign a reader's links", "campaign", e.c.ID, "reader", r.ReaderID, "err", err)
		return OutcomeFailed, "", buf
	}
	rc := mail.Recipient{To: r.Email, Values: values, UnsubscribeURL: values[0]}
	if e.mailto != "" {
		rc.BounceToken = bounce
		rc.UnsubscribeMailto = "unsubscribe+" + bounce + "@" + e.mailto
	}
	msg, err := e.tmpl.Render(buf, rc)
	if err != nil {
		e.s.o.Logger.Warn("campaign: cannot render a reader's copy", "campaign", e.c.ID, "reader", r.ReaderID, "err", err)
		return OutcomeFailed, "", buf
	}
	buf = msg.Data
	err = e.s.o.Mail.Deliver(ctx, msg)
	buf = buf[:0]
	var de *mail.DeliveryError
	if err == nil || !errors.As(err, &de) || !de.Permanent() || de.BadRecipient() {
		e.refusals.Store(0)
	}
	switch {
	case err == nil:
		return OutcomeSent, "", buf
	case errors.Is(err, mail.ErrUnconfirmed):
		return OutcomeUnconfirmed, "", buf
	case errors.As(err, &de) && de.Command == "MAIL FROM":
		// The relay refused the envelope sender, whatever the code (a
		// 5.1.8 reads as a bad address): every copy would go the same way,
		// so no reader is at fault. Below, it would fail or bounce and
		// suppress the whole list.
		e.abort(fmt.Errorf("the mail relay refused the sender, sending stopped and will be retried: %w", err))
		return OutcomeNone, "", buf
	case errors.As(err, &de) && de.BadRecipient():
		return OutcomeBounced, "bounced: " + de.Error(), buf
	case errors.As(err, &de) && de.Permanent():
		if n := e.refusals.Add(1); n >= RelayRefusalLimit {
			// Through a relay, the same refusal for reader after reader is
			// about the issue (a content filter, an unverified sender, a
			// quota): stop and keep the checkpoint rather than mark the
			// whole list failed and the campaign sent.
			e.abort(fmt.Errorf("the mail relay refused %d messages in a row, sending stopped and will be retried: %w", n, err))
			return OutcomeNone, "", buf
		}
		return OutcomeFailed, "", buf
	case errors.As(err, &de) && de.Command == "RCPT TO":
		// A 4xx for this address after the sender's retries (mailbox
		// full, greylisting that did not clear): this reader failed, the
		// relay did not.
		return OutcomeFailed, "", buf
	case errors.Is(err, mail.ErrInvalid):
		return OutcomeFailed, "", buf
	case ctx.Err() != nil:
		return OutcomeNone, "", buf
	default:
		// The relay itself: stop everything, keep the checkpoint.
		e.abort(fmt.Errorf("the mail relay failed, sending stopped and will be retried: %w", err))
		return OutcomeNone, "", buf
	}
}

// linkValues signs a reader's links: the placeholder values of
// Placeholders, the unsubscribe URL, and the VERP token.
func linkValues(signer *newsletter.Signer, base string, r Recipient, newsletterID, campaignID int64) (values []string, bounce string, err error) {
	l := newsletter.Link{ReaderUID: r.UID, CampaignID: campaignID}
	var tokens [4]string
	for i, p := range []newsletter.Purpose{newsletter.PurposeUnsubscribe, newsletter.PurposePreferences, newsletter.PurposeTrack, newsletter.PurposeBounce} {
		l.Purpose, l.NewsletterID = p, newsletterID
		if p == newsletter.PurposePreferences {
			l.NewsletterID = 0 // the preference centre is the reader's, not one newsletter's
		}
		if tokens[i], err = signer.Sign(l); err != nil {
			return nil, "", err
		}
	}
	return []string{base + "/newsletters/unsubscribe/" + tokens[0], base + "/newsletters/preferences/" + tokens[1], tokens[2]}, tokens[3], nil
}

// commit records b's done prefix and moves the checkpoint.
func (e *engine) commit(ctx context.Context, b *batch, checkpoint *int64) error {
	s := e.s
	now := s.o.Now()
	bt := Batch{CampaignID: e.c.ID, Owner: e.owner, From: *checkpoint, To: b.rcpts[b.done-1].ReaderID, LeaseUntil: now.Add(s.o.Lease), Now: now}
	for i := range b.done {
		switch b.outcomes[i] {
		case OutcomeSent:
			bt.Sent++
		case OutcomeFailed:
			bt.Failed++
		case OutcomeBounced:
			bt.Bounced++
			bt.Suppress = append(bt.Suppress, Suppression{SubjectHash: b.rcpts[i].SubjectHash, Reason: b.reasons[i]})
		case OutcomeUnconfirmed:
			bt.Unconfirmed++
		}
	}
	st, err := s.o.Store.CommitBatch(ctx, bt)
	if apperr.KindOf(err) == apperr.Conflict {
		return errLost
	}
	if err != nil {
		return err
	}
	*checkpoint = bt.To
	e.counts.Checkpoint = bt.To
	e.counts.Sent += bt.Sent
	e.counts.Failed += bt.Failed
	e.counts.Bounced += bt.Bounced
	e.counts.Unconfirmed += bt.Unconfirmed
	if st != StatusSending {
		e.stopping.Store(true)
	}
	if e.progress != nil {
		c := e.c
		c.Status, c.Counts = st, e.counts
		e.progress(progressOf(c, now))
	}
	return nil
}
