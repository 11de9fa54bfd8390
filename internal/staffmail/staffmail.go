// Package staffmail emails the newsroom about its own work: an article
// submitted for review, sent back, approved, published or assigned, and a
// mention in the desk's notes (decision 0045). Queue enqueues one
// "mail:desk" job per recipient inside the caller's transaction, so an
// email goes out only when the change it tells of is committed; nothing is
// sent inside a request. The job looks the people up when it runs: the
// actor and disabled accounts get nothing.
package staffmail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	mailer "masthead/internal/mail"
	"masthead/internal/queue"
)

// JobDeskMail is the job kind that sends one desk email; its payload is a
// Notice with one recipient.
const JobDeskMail = "mail:desk"

// The kinds of notice.
const (
	KindSubmitted = "submitted"
	KindSentBack  = "sent_back"
	KindApproved  = "approved"
	KindPublished = "published"
	KindAssigned  = "assigned"
	KindMention   = "mention"
)

// MaxNoteChars bounds the note an email quotes; a longer one is cut. It
// is the longest editorial note (content.MaxDeskNoteChars), so a
// mentioned colleague reads the whole of any note.
const MaxNoteChars = 5000

// Notice is something to tell staff about an article.
type Notice struct {
	ArticleID int64
	To        []int64 // user ids
	ActorID   int64   // who did it; never emailed about their own act
	Kind      string  // one of the Kind constants
	Note      string  // the send-back's reason, the note that mentions someone
}

// Store is what the emails need from the database; *store.DB is one.
type Store interface {
	GetUser(ctx context.Context, id int64) (auth.User, error)
	ArticleHeadline(ctx context.Context, id int64) (string, error)
}

// Enqueuer puts jobs on the durable queue through a writer (the caller's
// transaction); *queue.Queue is one.
type Enqueuer interface {
	EnqueueWith(ctx context.Context, w queue.JobWriter, j queue.NewJob) (int64, error)
}

// Options wire a Sender.
type Options struct {
	Store  Store
	Mail   mailer.Sender
	Jobs   Enqueuer
	Logger *slog.Logger
	// Site returns the publication's name and the base address emailed
	// links start with (decision 0029: the operator's, the settings', else
	// the listening address).
	Site func(ctx context.Context) (name, base string)
}

// Sender queues and sends the desk's emails.
type Sender struct{ o Options }

// New returns a Sender.
func New(o Options) *Sender {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Sender{o: o}
}

// JobKinds is the kind of job the desk's emails are: tried five times,
// each try bounded so that a hung mail server frees the worker.
func (s *Sender) JobKinds() []queue.Kind {
	return []queue.Kind{{Name: JobDeskMail, Handler: s.sendJob, MaxAttempts: 5, Timeout: 2 * time.Minute,
		Summary: func(p string) string {
			var n Notice
			if json.Unmarshal([]byte(p), &n) != nil {
				return ""
			}
			return n.Kind + " email about article " + strconv.FormatInt(n.ArticleID, 10)
		}}}
}

// Queue enqueues the notice through jobs, the caller's transaction: one
// job per distinct recipient other than the actor. A notice with nobody
// to tell queues nothing.
func (s *Sender) Queue(ctx context.Context, jobs queue.JobWriter, n Notice) error {
	if !knownKind(n.Kind) {
		return fmt.Errorf("staffmail: unknown kind %q", n.Kind)
	}
	if s.o.Jobs == nil {
		return errors.New("staffmail: no queue to send emails through")
	}
	seen := map[int64]bool{n.ActorID: true, 0: true}
	for _, to := range n.To {
		if seen[to] {
			continue
		}
		seen[to] = true
		one := n
		one.To = []int64{to}
		payload, err := json.Marshal(one)
		if err != nil {
			return err
		}
		if _, err := s.o.Jobs.EnqueueWith(ctx, jobs, queue.NewJob{Kind: JobDeskMail, Payload: string(payload)}); err != nil {
			return fmt.Errorf("staffmail: queue %s email: %w", n.Kind, err)
		}
	}
	return nil
}

func knownKind(k string) bool {
	switch k {
	case KindSubmitted, KindSentBack, KindApproved, KindPublished, KindAssigned, KindMention:
		return true
	}
	return false
}

// sendJob sends one desk email. An article or recipient gone since, or a
// recipient whose access was removed, is nothing to send.
func (s *Sender) sendJob(ctx context.Context, j queue.Job) error {
	var n Notice
	if err := json.Unmarshal([]byte(j.Payload), &n); err != nil || len(n.To) != 1 {
		s.o.Logger.Error("staffmail: bad payload", "job", j.ID, "err", err)
		return nil // retrying cannot help
	}
	headline, err := s.o.Store.ArticleHeadline(ctx, n.ArticleID)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil
	} else if err != nil {
		return err
	}
	to, err := s.o.Store.GetUser(ctx, n.To[0])
	if apperr.KindOf(err) == apperr.NotFound {
		return nil
	} else if err != nil {
		return err
	}
	if !to.Active() || to.ID == n.ActorID {
		return nil
	}
	actor := "Someone"
	if n.ActorID != 0 {
		if u, err := s.o.Store.GetUser(ctx, n.ActorID); err == nil && u.Name != "" {
			actor = u.Name
		} else if err != nil && apperr.KindOf(err) != apperr.NotFound {
			return err
		}
	}
	name, base := "Masthead", "http://localhost"
	if s.o.Site != nil {
		name, base = s.o.Site(ctx)
	}
	m := Compose(n, headline, actor, name, strings.TrimRight(base, "/"))
	m.To = []string{to.Email}
	err = s.o.Mail.Send(ctx, m)
	if err == nil {
		return nil
	}
	s.o.Logger.Error("staffmail: desk email not sent", "kind", n.Kind, "article", n.ArticleID, "user", to.ID, "err", err)
	if errors.Is(err, mailer.ErrInvalid) {
		return nil
	}
	return fmt.Errorf("staffmail: send %s email: %w", n.Kind, err)
}

// Compose writes the email of a notice (without its recipient): what
// happened to which article, who did it, the note, and the link to the
// article in the newsroom.
func Compose(n Notice, headline, actor, publication, base string) mailer.Message {
	quoted := "“" + headline + "”"
	var subject, what string
	switch n.Kind {
	case KindSubmitted:
		subject, what = "Submitted for review: "+quoted, actor+" submitted "+quoted+" for review."
	case KindSentBack:
		subject, what = "Sent back: "+quoted, actor+" sent "+quoted+" back to draft."
	case KindApproved:
		subject, what = "Approved: "+quoted, actor+" approved "+quoted+": it is ready to publish."
	case KindPublished:
		subject, what = "Published: "+quoted, actor+" published "+quoted+"."
	case KindAssigned:
		subject, what = "Assigned to you: "+quoted, actor+" assigned "+quoted+" to you."
	default: // KindMention
		subject, what = "You were mentioned: "+quoted, actor+" mentioned you in a note on "+quoted+"."
	}
	link := base + "/admin/articles/" + strconv.FormatInt(n.ArticleID, 10)
	note := strings.TrimSpace(n.Note)
	if r := []rune(note); len(r) > MaxNoteChars {
		note = string(r[:MaxNoteChars]) + "…"
	}
	var b, h strings.Builder
	esc := html.EscapeString
	b.WriteString(what + "\n")
	h.WriteString("<p>" + esc(what) + "</p>\n")
	if note != "" {
		b.WriteString("\n" + actor + " wrote:\n\n" + note + "\n")
		h.WriteString("<p>" + esc(actor) + " wrote:</p>\n<blockquote><p>" + strings.ReplaceAll(esc(note), "\n", "<br>") + "</p></blockquote>\n")
	}
	b.WriteString("\nOpen the article in the newsroom:\n" + link + "\n")
	h.WriteString(`<p><a href="` + esc(link) + `">Open the article in the newsroom</a></p>` + "\n")
	b.WriteString("\n-- \n" + publication + " newsroom\n")
	h.WriteString("<p>— " + esc(publication) + " newsroom</p>\n")
	return mailer.Message{Subject: subject, Text: b.String(), HTML: h.String()}
}
