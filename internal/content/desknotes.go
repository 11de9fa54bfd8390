package content

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/staffmail"
)

// Editorial notes (decision 0046): private comments on an article for the
// desk. Readers never see them: no public page, feed or API reads them.
// Whoever may open the article in the newsroom may add one; nobody edits
// a note, their own or another's, and only its writer may delete it
// (DeleteDeskNote). A note may @mention staff members who
// can open the article; each is emailed (staffmail's "mention", queued in
// the note's transaction) and recorded with the note.

// MaxDeskNoteChars is the longest editorial note.
const MaxDeskNoteChars = 5000

// DeskNote is one editorial note.
type DeskNote struct {
	ID        int64
	ArticleID int64
	UserID    int64  // who wrote it; 0 once their account is deleted
	UserName  string // their name; "" when unknown
	At        time.Time
	Text      string  // plain text as typed, with its line breaks
	Mentions  []int64 // the staff members it mentioned and notified
}

// Lines is the text split at its line breaks, for rendering.
func (n DeskNote) Lines() []string { return strings.Split(n.Text, "\n") }

// DeskNoteStore reads editorial notes and the staff they may mention;
// *store.DB is one.
type DeskNoteStore interface {
	DeskNotes(ctx context.Context, articleID int64) ([]DeskNote, error)
	ListArticleEvents(ctx context.Context, articleID int64) ([]ArticleEvent, error)
	GetDeskNote(ctx context.Context, id int64) (DeskNote, error)
	DeleteDeskNote(ctx context.Context, id int64) error
	ListUsers(ctx context.Context) ([]auth.User, error)
}

// DeskNoteTx stores a note with its mentions, inside a transaction that
// also queues the emails.
type DeskNoteTx interface {
	AddDeskNote(ctx context.Context, n DeskNote) (int64, error)
}

// CanSeeDesk reports whether actor may read and add editorial notes on a:
// whoever may see it in the newsroom (CanView), so its writers answer the
// desk even while the desk holds it.
func CanSeeDesk(actor Actor, a Article) bool { return CanView(actor, a) }

// Mention is what became of one @handle in a note.
type Mention struct {
	Handle   string // as folded, without the @
	UserID   int64  // whom it fits, when exactly one person
	Name     string
	Notified bool
	Why      string // why nobody was notified, when not
}

// DeskNoteResult is a stored note and what became of its mentions.
type DeskNoteResult struct {
	Note     DeskNote
	Mentions []Mention
}

// AddDeskNote stores an editorial note by actor on an article, and queues
// an email to each staff member it mentions who can open the article (not
// the writer). On any error nothing is stored and nobody is emailed.
func (s *Service) AddDeskNote(ctx context.Context, actor Actor, articleID int64, text string) (DeskNoteResult, error) {
	a, err := s.store.GetArticle(ctx, articleID)
	if err != nil {
		return DeskNoteResult{}, s.notFound(err, "article")
	}
	if !CanSeeDesk(actor, a) {
		return DeskNoteResult{}, apperr.New(apperr.Forbidden, "You cannot add notes to this article: it is not yours.")
	}
	text = cleanNoteText(text)
	bad := apperr.Fields{}
	if text == "" {
		bad.Add("desk_note", "Write a note.")
	} else {
		bad.MaxChars("desk_note", "A note", text, MaxDeskNoteChars)
	}
	if err := bad.Err(); err != nil {
		return DeskNoteResult{}, err
	}
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		return DeskNoteResult{}, err
	}
	mentions := resolveMentions(text, users, actor, a)
	n := DeskNote{ArticleID: a.ID, UserID: actor.UserID, At: s.now().UTC(), Text: text}
	for _, m := range mentions {
		if m.Notified {
			n.Mentions = append(n.Mentions, m.UserID)
		}
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if n.ID, err = tx.AddDeskNote(ctx, n); err != nil {
			return err
		}
		return s.queueNotice(ctx, tx, staffmail.Notice{ArticleID: a.ID, To: n.Mentions, ActorID: actor.UserID, Kind: staffmail.KindMention, Note: text})
	})
	if err != nil {
		return DeskNoteResult{}, fmt.Errorf("content: add desk note to %d: %w", a.ID, err)
	}
	return DeskNoteResult{Note: n, Mentions: mentions}, nil
}

// DeskNotes returns the editorial notes of an article actor may open, in
// the order they were written.
func (s *Service) DeskNotes(ctx context.Context, actor Actor, a Article) ([]DeskNote, error) {
	if !CanSeeDesk(actor, a) {
		return nil, apperr.New(apperr.Forbidden, "You cannot read the notes of this article.")
	}
	return s.store.DeskNotes(ctx, a.ID)
}

// DeskEvents returns the workflow events of an article actor may open
// (decision 0045), oldest first, for the Desk panel beside the notes.
func (s *Service) DeskEvents(ctx context.Context, actor Actor, a Article) ([]ArticleEvent, error) {
	if !CanSeeDesk(actor, a) {
		return nil, apperr.New(apperr.Forbidden, "You cannot read the history of this article.")
	}
	return s.store.ListArticleEvents(ctx, a.ID)
}

// DeskNoteMentions says what became of the mentions of actor's note id on
// article a, for the page shown after adding it: those it notified, and
// why the others notified nobody.
func (s *Service) DeskNoteMentions(ctx context.Context, actor Actor, a Article, id int64) ([]Mention, error) {
	n, err := s.store.GetDeskNote(ctx, id)
	if err != nil {
		return nil, s.notFound(err, "note")
	}
	if n.ArticleID != a.ID || n.UserID != actor.UserID || !CanSeeDesk(actor, a) {
		return nil, apperr.New(apperr.NotFound, "No such note.")
	}
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	notified := map[int64]bool{}
	for _, id := range n.Mentions {
		notified[id] = true
	}
	out := resolveMentions(n.Text, users, actor, a)
	for i := range out {
		if out[i].Notified = notified[out[i].UserID]; !out[i].Notified && out[i].Why == "" {
			out[i].Why = "not notified"
		}
	}
	return out, nil
}

// MentionableHandles are the handles of the staff who could be notified
// of a note on a, for the form's hint.
func (s *Service) MentionableHandles(ctx context.Context, actor Actor, a Article) ([]Handle, error) {
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]auth.User, len(users))
	for _, u := range users {
		byID[u.ID] = u
	}
	var out []Handle
	for _, h := range MentionHandles(users) {
		if u, ok := byID[h.UserID]; ok && u.ID != actor.UserID && CanSeeDesk(actorOf(u), a) {
			out = append(out, h)
		}
	}
	return out, nil
}

// resolveMentions says whom each @handle in text fits and whether they
// are to be notified: only active staff who can open a, never the writer.
func resolveMentions(text string, users []auth.User, actor Actor, a Article) []Mention {
	handles := mentionsIn(text)
	if len(handles) == 0 {
		return nil
	}
	idx := indexHandles(users)
	var out []Mention
	seen := map[int64]bool{}
	for _, h := range handles {
		m := Mention{Handle: h}
		switch fits := idx[h]; {
		case len(fits) == 0:
			m.Why = "no one on the staff has this name"
		case len(fits) > 1:
			m.Why = "several people have this name; use one of " + fullHandles(fits)
		default:
			u := fits[0]
			m.UserID, m.Name = u.ID, u.Name
			switch {
			case u.ID == actor.UserID:
				m.Why = "that is you"
			case seen[u.ID]:
				continue // mentioned twice by two handles
			case !CanSeeDesk(actorOf(u), a):
				m.Why = "they cannot open this article"
			default:
				m.Notified = true
			}
			seen[u.ID] = true
		}
		out = append(out, m)
	}
	return out
}

// fullHandles lists the longest handle of each of users: "@a.b or @a.c".
func fullHandles(users []auth.User) string {
	var hs []string
	for _, u := range users {
		all := handlesOf(u)
		hs = append(hs, "@"+all[len(all)-1])
	}
	return strings.Join(hs, " or ")
}

func actorOf(u auth.User) Actor { return Actor{UserID: u.ID, Role: u.Role, AuthorID: u.AuthorID} }

// cleanNoteText trims a note, keeps its line breaks (as \n) and tabs, and
// drops other control characters.
func cleanNoteText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\t' {
			return ' '
		}
		if r != '\n' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}
