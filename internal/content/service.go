package content

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/queue"
)

// Store is what the newsroom service needs from the database.
type Store interface {
	FrontStore    // front-page layouts (front.go)
	ListDeleter   // deleting sections and series (list_delete.go)
	NoteStore     // corrections and updates (notes.go)
	WorkflowStore // the review workflow (workflow.go)
	GetArticle(ctx context.Context, id int64) (Article, error)
	CreateArticle(ctx context.Context, w ArticleWrite) (int64, error)
	UpdateArticle(ctx context.Context, w ArticleWrite) error
	DeleteDraft(ctx context.Context, id int64) error
	SlugTaken(ctx context.Context, slug string, exceptID int64) (bool, error)
	ArticleRefBySlug(ctx context.Context, slug string) (ArticleRef, error)
	ArticleRefs(ctx context.Context, ids []int64) (map[int64]ArticleRef, error)
	PublishScheduled(ctx context.Context, id int64, now time.Time) (bool, error)
	GetPending(ctx context.Context, articleID int64) (Pending, error)
	Autosave(ctx context.Context, articleID, userID int64, snap Snapshot, at time.Time) (int64, error)
	LatestAutosave(ctx context.Context, articleID, userID int64) (Revision, error)
	DismissAutosave(ctx context.Context, revisionID, userID int64) error
	Heartbeat(ctx context.Context, articleID, userID int64, now, stale time.Time) (Holder, []Presence, error)
	TakeOver(ctx context.Context, articleID, userID int64, now time.Time) (Holder, error)
	LeaveArticle(ctx context.Context, articleID, userID int64) error
	GetRevision(ctx context.Context, id int64) (Revision, error)
	GetSection(ctx context.Context, id int64) (Section, error)
	GetSeries(ctx context.Context, id int64) (Series, error)
	GetAuthor(ctx context.Context, id int64) (Author, error)
	GetImage(ctx context.Context, id int64) (Image, error)
	ListTopics(ctx context.Context) ([]Topic, error)
	SaveSection(ctx context.Context, s Section) (int64, error)
	SaveSeries(ctx context.Context, s Series) (int64, error)
	SaveAuthor(ctx context.Context, a Author) (int64, error)
	SaveTopic(ctx context.Context, t Topic) error
	MergeTopic(ctx context.Context, from, into int64) error
	GetTopic(ctx context.Context, id int64) (Topic, error)
	DeleteTopic(ctx context.Context, id int64) error
	SaveSettings(ctx context.Context, s Settings) error
	InTx(ctx context.Context, fn func(tx Tx) error) error
	// editorial notes (desknotes.go)
	DeskNoteStore
}

// Tx is one write transaction: an article write and the jobs it enqueues
// commit together, so a scheduled article always has its publish job.
type Tx interface {
	CreateArticle(ctx context.Context, w ArticleWrite) (int64, error)
	UpdateArticle(ctx context.Context, w ArticleWrite) error
	SavePending(ctx context.Context, p Pending, prev time.Time) error
	DeletePending(ctx context.Context, articleID int64) error
	WorkflowTx // the review workflow (workflow.go)
	DeskNoteTx // editorial notes (desknotes.go)
	queue.JobWriter
}

// Scheduler puts the publication of a scheduled article on the durable
// queue, through jobs: the transaction that saves the article.
type Scheduler interface {
	SchedulePublish(ctx context.Context, jobs queue.JobWriter, articleID int64, at time.Time) error
	CancelPublish(ctx context.Context, jobs queue.JobWriter, articleID int64) error
	// SchedulePublishChanges and CancelPublishChanges do the same for a
	// published article's pending version (PublishChangesDue).
	SchedulePublishChanges(ctx context.Context, jobs queue.JobWriter, articleID int64, at time.Time) error
	CancelPublishChanges(ctx context.Context, jobs queue.JobWriter, articleID int64) error
}

// Service is the newsroom: it validates, checks and saves articles and the
// lists they hang on, enforcing roles.
type Service struct {
	store     Store
	scheduler Scheduler
	now       func() time.Time
	changed   func(ctx context.Context) // public pages may show something new
	notify    Notifier                  // the desk's emails (workflow.go); nil sends none
	// crops asks for the per-use crops a saved article uses (usecrop.go).
	crops func(ctx context.Context, a Article)
}

// NewService wires the newsroom; changed is called after every change
// readers can see.
func NewService(st Store, sch Scheduler, now func() time.Time, changed func(ctx context.Context)) *Service {
	return &Service{store: st, scheduler: sch, now: now, changed: changed}
}

// Actor is the staff member doing something.
type Actor struct {
	UserID   int64
	Role     auth.Role
	AuthorID int64 // the byline this user writes as
	byJob    bool  // the publish job acting for UserID: its events are the schedule's (staged.go)
}

// Action is what a save should do with the article's status.
type Action string

const (
	ActionSave      Action = "save"
	ActionPublish   Action = "publish"
	ActionSchedule  Action = "schedule"
	ActionUnpublish Action = "unpublish"
)

// ArticleInput is the editor form.
type ArticleInput struct {
	ID         int64
	Headline   string
	Standfirst string
	Slug       string
	SectionID  int64
	SeriesID   int64
	AuthorIDs  []int64
	Topics     string // comma-separated names
	BodySource string // Markdown
	// BodyHTML, when not empty, is the body as canonical HTML (the rich
	// editor's body_html); it wins over BodySource, which is then set to
	// its Markdown form.
	BodyHTML    string
	LeadImageID int64
	LeadAlt     string
	LeadCaption string
	LeadCredit  string
	LeadCrop    string // "" or a ratio such as "16x9" (usecrop.go)
	LeadFocus   string // "" or "x,y" in 0..1
	Correction  string
	// AllowRepeats is an editor's explicit override of the repeated-paragraph check.
	AllowRepeats bool
	Action       Action
	ScheduleAt   time.Time
	// Version is the UpdatedAt (Unix µs) of the article the editor opened;
	// a save from an older version is an EditConflictError. 0 skips the
	// check (new articles, restores).
	Version int64
	// HideRelated turns the "Related" list at the end of the page off.
	HideRelated bool
	// EmbargoUntil sets the hard embargo (decision 0042): the article may
	// not be published, or scheduled, before it. nil keeps the article's
	// embargo as it is; a zero time removes it.
	EmbargoUntil *time.Time
	// The optional search and social texts (Article.SEOTitle ...).
	SEOTitle          string
	SocialTitle       string
	SocialDescription string
	// restored is set by RestoreParts: the save is a restore, noted so.
	restored *RestoreNote
}

// SaveResult is a saved article and the checks that apply to it.
type SaveResult struct {
	Article  Article
	Problems []Problem
	// Pending is set when the save was staged: the article is published,
	// and the edit waits as its pending version (decision 0039).
	Pending *Pending
}

// ChecksError says publication was refused by pre-publish checks.
type ChecksError struct{ Problems []Problem }

func (e *ChecksError) Error() string {
	return fmt.Sprintf("content: %d pre-publish checks failed", len(e.Problems))
}

// ScheduleInPastError asks whether to publish now instead.
type ScheduleInPastError struct{ At time.Time }

// ErrStale is the store's answer to an ArticleWrite whose Expect no longer
// matches: someone saved the article in between.
var ErrStale = apperr.New(apperr.Conflict, "the article was saved by someone else since it was opened")

// EditConflictError refuses a save made from a version of the article that
// is no longer the latest: saving it would silently undo someone's work.
// Current is the article as it is now.
type EditConflictError struct {
	Current Article
	// At is when the version that won was saved: Current.UpdatedAt, or
	// the time of the pending version of a published article.
	At time.Time
	// Version is what the form must carry to overwrite it deliberately.
	Version int64
}

func (e *EditConflictError) Error() string {
	return "the article was saved by someone else since it was opened"
}

func (e *ScheduleInPastError) Error() string {
	return "the scheduled time has already passed: publish now instead?"
}

// Save validates and saves an article, then applies in.Action. On a
// validation error nothing is stored.
func (s *Service) Save(ctx context.Context, actor Actor, in ArticleInput) (SaveResult, error) {
	now := s.now().UTC()
	var old Article
	var pending *Pending // a published article's staged edit
	if in.ID != 0 {
		var err error
		if old, err = s.store.GetArticle(ctx, in.ID); err != nil {
			return SaveResult{}, s.notFound(err, "article")
		}
		if !CanEdit(actor, old) {
			return SaveResult{}, apperr.New(apperr.Forbidden, "You cannot edit this article.")
		}
		if old.Status == StatusPublished {
			p, err := s.store.GetPending(ctx, old.ID)
			if err == nil {
				pending = &p
			} else if apperr.KindOf(err) != apperr.NotFound {
				return SaveResult{}, err
			}
		}
		if in.Version != 0 && in.Version != EditVersion(old, pending) {
			return SaveResult{Article: old}, conflictAt(old, pending)
		}
		if in.Version != 0 && pending != nil {
			// The article row itself is checked against its own time.
			in.Version = old.UpdatedAt.UnixMicro()
		}
	}
	if in.Action == "" {
		in.Action = ActionSave
	}
	moveTo, err := checkSaveMove(actor, old, in.Action) // submit or approve (workflow_save.go)
	if err != nil {
		return SaveResult{Article: old}, err
	}
	if in.Action != ActionSave && moveTo == "" && !CanPublish(actor, old, in.AuthorIDs) {
		return SaveResult{}, apperr.New(apperr.Forbidden, "Your role cannot publish, schedule or unpublish this article; save it and ask an editor.")
	}
	if in.AllowRepeats && !actor.Role.AtLeast(auth.RoleEditor) {
		in.AllowRepeats = old.AllowRepeats // only an editor may override
	}
	a, topics, body, err := s.build(ctx, actor, in, old)
	if err != nil {
		return SaveResult{}, err
	}
	refs, err := s.store.ArticleRefs(ctx, a.LinkedIDs)
	if err != nil {
		return SaveResult{}, err
	}
	problems := Check(a, body, refs)
	blocking := Blocking(problems, a.AllowRepeats)

	if err := checkEmbargo(a, old, in.Action, in.ScheduleAt, now); err != nil {
		return SaveResult{Article: a, Problems: problems}, err
	}
	a.UpdatedAt = now
	wasLive := old.Status == StatusPublished
	switch in.Action {
	case ActionPublish:
		if len(blocking) > 0 {
			if wasLive {
				return SaveResult{Article: a, Problems: problems}, &ChecksError{Problems: blocking}
			}
			// Keep the writer's work, but not live.
			if a.Status == "" || a.Status == StatusScheduled {
				a.Status = StatusDraft
			}
			saved, err := s.write(ctx, actor, a, topics, old, in.Version, in.restored)
			if err != nil {
				return SaveResult{Article: old}, err
			}
			return SaveResult{Article: saved, Problems: problems}, &ChecksError{Problems: blocking}
		}
		a.Status = StatusPublished
		a.ScheduledAt = time.Time{}
		if a.PublishedAt.IsZero() {
			a.PublishedAt = now
		} else if wasLive {
			a.ModifiedAt = now
		}
	case ActionSchedule:
		if in.ScheduleAt.IsZero() {
			return SaveResult{}, apperr.Fields{"schedule_at": "Choose a date and time to publish at."}
		}
		if !in.ScheduleAt.After(now) {
			return SaveResult{}, &ScheduleInPastError{At: in.ScheduleAt}
		}
		if len(blocking) > 0 {
			return SaveResult{Article: a, Problems: problems}, &ChecksError{Problems: blocking}
		}
		if wasLive {
			// The changes go live at that time; the article stays as it is.
			p, err := s.stage(ctx, actor, a, topics, pending, in.ScheduleAt.UTC(), now, in.restored)
			if err != nil {
				return SaveResult{Article: old}, err
			}
			return SaveResult{Article: old, Problems: problems, Pending: &p}, nil
		}
		a.Status, a.ScheduledAt = StatusScheduled, in.ScheduleAt.UTC()
	case ActionUnpublish:
		a.Status, a.ScheduledAt = StatusUnpublished, time.Time{}
	case ActionSubmit, ActionApprove:
		a.Status = moveTo
	case ActionSave:
		if wasLive {
			// Readers keep the published version; the edit waits,
			// keeping any time it was scheduled for.
			var at time.Time
			if pending != nil {
				at = pending.PublishAt
			}
			p, err := s.stage(ctx, actor, a, topics, pending, at, now, in.restored)
			if err != nil {
				return SaveResult{Article: old}, err
			}
			return SaveResult{Article: old, Problems: problems, Pending: &p}, nil
		}
		// What will go live on its own must pass the checks.
		if old.Status == StatusScheduled && len(blocking) > 0 {
			return SaveResult{Article: a, Problems: problems}, &ChecksError{Problems: blocking}
		}
		if a.Status == "" {
			a.Status = StatusDraft
		}
	default:
		return SaveResult{}, apperr.Fields{"action": "Unknown action."}
	}
	saved, err := s.write(ctx, actor, a, topics, old, in.Version, in.restored)
	if err != nil {
		return SaveResult{Article: old}, err
	}
	s.leaveHeld(ctx, actor, saved) // a writer who submitted has closed the editor (workflow_save.go)
	if saved.Status == StatusPublished || old.Status == StatusPublished {
		s.changed(ctx)
	}
	return SaveResult{Article: saved, Problems: problems}, nil
}

// write stores the article and its revision and keeps its publish job in
// step, in one transaction: if the job cannot be queued, the article is
// not saved either. version, when not 0, is the UpdatedAt the editor
// started from, checked again as the row is written. restored, when
// set, is kept with the revision: the save is a restore (revisions.go).
func (s *Service) write(ctx context.Context, actor Actor, a Article, topics []Topic, old Article, version int64, restored *RestoreNote) (Article, error) {
	if a.ID == 0 {
		a.CreatedAt, a.CreatedBy = a.UpdatedAt, actor.UserID
	}
	w := ArticleWrite{Article: a, Topics: topics, Revision: SnapshotOf(a, topics), By: actor.UserID}
	w.Revision.Restored = restored
	if version != 0 {
		w.Expect = time.UnixMicro(version)
	}
	id := a.ID
	err := s.store.InTx(ctx, func(tx Tx) error {
		saved := a
		if a.ID == 0 {
			var err error
			if saved.ID, err = tx.CreateArticle(ctx, w); err != nil {
				return err
			}
		} else if err := tx.UpdateArticle(ctx, w); err != nil {
			return err
		}
		if err := s.schedule(ctx, tx, saved, old); err != nil {
			return err
		}
		if err := s.logSave(ctx, tx, actor, old, saved, a.UpdatedAt); err != nil {
			return err
		}
		if old.Status == StatusPublished {
			// What was live is replaced (or withdrawn): a staged edit
			// made from it is part of this write or given up by it.
			if err := tx.DeletePending(ctx, saved.ID); err != nil {
				return err
			}
			if err := s.scheduler.CancelPublishChanges(ctx, tx, saved.ID); err != nil {
				return fmt.Errorf("content: cancel scheduled changes %d: %w", saved.ID, err)
			}
		}
		id = saved.ID
		return nil
	})
	if errors.Is(err, ErrStale) {
		current, gerr := s.store.GetArticle(ctx, a.ID)
		if gerr != nil {
			return a, gerr
		}
		return a, &EditConflictError{Current: current, At: current.UpdatedAt, Version: current.UpdatedAt.UnixMicro()}
	} else if err != nil {
		return a, s.conflict(err)
	}
	a.ID = id
	s.needCrops(ctx, a)
	return a, nil
}

// schedule keeps the publish job in step with the article's status.
func (s *Service) schedule(ctx context.Context, jobs queue.JobWriter, a, old Article) error {
	if a.Status == StatusScheduled {
		if err := s.scheduler.SchedulePublish(ctx, jobs, a.ID, a.ScheduledAt); err != nil {
			return fmt.Errorf("content: schedule %d: %w", a.ID, err)
		}
	} else if old.Status == StatusScheduled {
		if err := s.scheduler.CancelPublish(ctx, jobs, a.ID); err != nil {
			return fmt.Errorf("content: cancel schedule %d: %w", a.ID, err)
		}
	}
	return nil
}

func (s *Service) conflict(err error) error {
	if apperr.KindOf(err) == apperr.Conflict {
		return apperr.Fields{"slug": "Another article already uses this slug."}
	}
	return err
}

func (s *Service) notFound(err error, what string) error {
	if apperr.KindOf(err) == apperr.NotFound {
		return apperr.Wrap(apperr.NotFound, "No such "+what+".", err)
	}
	return err
}

// build validates the input and turns it into an article ready to save.
func (s *Service) build(ctx context.Context, actor Actor, in ArticleInput, old Article) (Article, []Topic, BodyResult, error) {
	bad := apperr.Fields{}
	a, fit := applyText(old, in, bad)
	bodyFits, slugFits, topicsFit := fit.body, fit.slug, fit.topics
	if in.EmbargoUntil != nil {
		a.EmbargoUntil = in.EmbargoUntil.UTC()
	}
	slug := strings.TrimSpace(in.Slug)
	if a.Headline == "" {
		bad.Add("headline", "Write a headline.")
	}
	if slug == "" {
		slug = Slugify(a.Headline)
		if old.ID == 0 && slug != "" {
			slug = s.freeSlug(ctx, slug, old.ID)
		}
	}
	switch {
	case !slugFits: // said above
	case !ValidSlug(slug):
		bad.Add("slug", "Use lowercase letters, digits and hyphens (for example council-votes-on-budget).")
	default:
		taken, err := s.store.SlugTaken(ctx, slug, old.ID)
		if err != nil {
			return a, nil, BodyResult{}, err
		}
		if taken {
			bad.Add("slug", "Another article already uses this slug.")
		}
	}
	a.Slug = slug
	if in.SectionID == 0 {
		bad.Add("section", "Choose a section.")
	} else if _, err := s.store.GetSection(ctx, in.SectionID); err != nil {
		bad.Add("section", "Choose a section from the list.")
	}
	a.SectionID = in.SectionID
	if in.SeriesID != 0 {
		if _, err := s.store.GetSeries(ctx, in.SeriesID); err != nil {
			bad.Add("series", "Choose a series from the list, or none.")
		}
	}
	a.SeriesID = in.SeriesID
	a.AuthorIDs = a.AuthorIDs[:0:0]
	seen := map[int64]bool{}
	for _, id := range in.AuthorIDs {
		if id == 0 || seen[id] {
			continue
		}
		if _, err := s.store.GetAuthor(ctx, id); err != nil {
			bad.Add("authors", "Choose authors from the list.")
			continue
		}
		seen[id] = true
		a.AuthorIDs = append(a.AuthorIDs, id)
	}
	if len(a.AuthorIDs) == 0 {
		bad.Add("authors", "Add at least one author.")
	}
	checkByline(actor, old, a.AuthorIDs, bad) // bylines.go
	if in.LeadImageID != 0 {
		if _, err := s.store.GetImage(ctx, in.LeadImageID); err != nil {
			bad.Add("lead_image", "The lead image was not found; upload it again.")
		}
	}
	a.LeadImageID = in.LeadImageID
	applyLeadCrop(&a, in, bad)
	var topics []Topic
	if topicsFit {
		var terr string
		if topics, terr = ParseTopics(in.Topics); terr != "" {
			bad.Add("topics", terr)
		}
	}
	body, serr := convertBody(in, &a, bodyFits, s.bodyLookup(ctx), bad)
	if serr != nil {
		bad.Add("body", serr.Message)
	}
	if !actor.Role.AtLeast(auth.RoleEditor) && ChangesRawHTML(RawHTMLBlocks(old.Body), body.RawHTML) {
		bad.Add("body", "Only editors can add or change HTML blocks. Remove the HTML block you added or changed, or ask an editor.")
	}
	a.Body, a.LinkedIDs = body.HTML, body.LinkedIDs
	if err := bad.Err(); err != nil {
		return a, nil, BodyResult{}, err
	}
	return a, topics, body, nil
}

// bodyLookup finds what a body refers to in the store.
func (s *Service) bodyLookup(ctx context.Context) BodyLookup {
	return BodyLookup{
		BySlug: func(slug string) (ArticleRef, bool) {
			ref, err := s.store.ArticleRefBySlug(ctx, slug)
			return ref, err == nil
		},
		ByID: func(id int64) (ArticleRef, bool) {
			refs, err := s.store.ArticleRefs(ctx, []int64{id})
			ref, ok := refs[id]
			return ref, err == nil && ok
		},
		Image: func(id int64) (Image, bool) {
			im, err := s.store.GetImage(ctx, id)
			return im, err == nil
		},
	}
}

// convertBody converts the body of in: its HTML when the rich editor sent
// it (a.BodySource becomes its Markdown form), else the Markdown a holds
// when it fits its limit. It notes on bad what cannot be read; Markdown too
// costly to convert is returned as a *SourceError instead, for the caller
// to refuse or report.
func convertBody(in ArticleInput, a *Article, bodyFits bool, lk BodyLookup, bad apperr.Fields) (BodyResult, *SourceError) {
	var body BodyResult
	switch {
	case in.BodyHTML != "":
		if len(in.BodyHTML) > MaxSourceBytes {
			bad.Add("body", "The body is longer than 1 MB.")
			break
		}
		body = ConvertHTML(in.BodyHTML, lk)
		a.BodySource = body.Source
		bad.MaxChars("body", "The body", a.BodySource, MaxBodyChars)
	case bodyFits: // a body over the limit is refused before it costs a conversion
		var err error
		body, err = ConvertBodyMarkdown(a.BodySource, lk)
		var serr *SourceError
		if errors.As(err, &serr) {
			return body, serr
		} else if err != nil {
			bad.Add("body", "The body could not be read as Markdown.")
		}
	}
	return body, nil
}

// textFit says which texts fit their limits.
type textFit struct{ body, slug, topics bool }

// applyText copies the texts of in onto a copy of a, trimmed, and notes on
// bad each one over its limit or, for one-line fields, with a line break.
// Lengths come first: nothing converts or looks up a text over its limit.
func applyText(a Article, in ArticleInput, bad apperr.Fields) (Article, textFit) {
	a.Headline = strings.TrimSpace(in.Headline)
	a.Standfirst = strings.TrimSpace(in.Standfirst)
	a.BodySource = strings.ReplaceAll(in.BodySource, "\r\n", "\n")
	a.LeadAlt, a.LeadCaption, a.LeadCredit = strings.TrimSpace(in.LeadAlt), strings.TrimSpace(in.LeadCaption), strings.TrimSpace(in.LeadCredit)
	a.Correction = strings.TrimSpace(in.Correction)
	a.AllowRepeats = in.AllowRepeats
	a.HideRelated = in.HideRelated
	a.SEOTitle, a.SocialTitle = strings.TrimSpace(in.SEOTitle), strings.TrimSpace(in.SocialTitle)
	a.SocialDescription = strings.TrimSpace(in.SocialDescription)
	slug := strings.TrimSpace(in.Slug)
	var fit textFit
	bad.MaxChars("headline", "The headline", a.Headline, MaxHeadlineChars)
	bad.MaxChars("standfirst", "The standfirst", a.Standfirst, MaxStandfirstChars)
	fit.body = bad.MaxChars("body", "The body", a.BodySource, MaxBodyChars)
	fit.slug = bad.MaxChars("slug", "The slug", slug, MaxSlugChars)
	bad.MaxChars("lead_alt", "The alt text", a.LeadAlt, MaxAltChars)
	bad.MaxChars("lead_caption", "The caption", a.LeadCaption, MaxCaptionChars)
	bad.MaxChars("lead_credit", "The credit", a.LeadCredit, MaxCreditChars)
	bad.MaxChars("correction", "The correction note", a.Correction, MaxCorrectionChars)
	fit.topics = bad.MaxChars("topics", "The topics list", in.Topics, MaxTopicListChars)
	bad.MaxChars("seo_title", "The SEO title", a.SEOTitle, MaxSEOTitleChars)
	bad.MaxChars("social_title", "The social title", a.SocialTitle, MaxSocialTitleChars)
	bad.MaxChars("social_description", "The social description", a.SocialDescription, MaxSocialDescriptionChars)
	bad.OneLine("headline", "headline", a.Headline)
	bad.OneLine("lead_alt", "alt text", a.LeadAlt)
	bad.OneLine("lead_caption", "caption", a.LeadCaption)
	bad.OneLine("lead_credit", "credit", a.LeadCredit)
	bad.OneLine("topics", "topics", in.Topics)
	bad.OneLine("seo_title", "SEO title", a.SEOTitle)
	bad.OneLine("social_title", "social title", a.SocialTitle)
	return a, fit
}

// freeSlug appends -2, -3 ... to a generated slug until it is free.
func (s *Service) freeSlug(ctx context.Context, slug string, id int64) string {
	candidate := slug
	for i := 2; i < 100; i++ {
		taken, err := s.store.SlugTaken(ctx, candidate, id)
		if err != nil || !taken {
			return candidate
		}
		candidate = fmt.Sprintf("%s-%d", slug, i)
	}
	return candidate
}

// ParseTopics splits a comma-separated list of topic names; it returns a
// message when the list is unusable.
func ParseTopics(list string) ([]Topic, string) {
	var out []Topic
	seen := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		name = strings.Join(strings.Fields(name), " ")
		if name == "" {
			continue
		}
		if utf8.RuneCountInString(name) > MaxTopicChars {
			return nil, fmt.Sprintf("A topic can have at most %d characters.", MaxTopicChars)
		}
		slug := Slugify(name)
		if slug == "" {
			return nil, fmt.Sprintf("The topic %q needs at least one letter or digit.", name)
		}
		if seen[slug] {
			continue
		}
		seen[slug] = true
		out = append(out, Topic{Slug: slug, Name: name})
	}
	if len(out) > MaxTopics {
		return nil, fmt.Sprintf("An article can have at most %d topics.", MaxTopics)
	}
	return out, ""
}

// SnapshotOf is the revision kept when a is saved with these topics.
func SnapshotOf(a Article, topics []Topic) Snapshot {
	names := make([]string, len(topics))
	for i, t := range topics {
		names[i] = t.Name
	}
	return Snapshot{Slug: a.Slug, Headline: a.Headline, Standfirst: a.Standfirst, BodySource: a.BodySource,
		SectionID: a.SectionID, SeriesID: a.SeriesID, LeadImageID: a.LeadImageID, LeadAlt: a.LeadAlt,
		LeadCaption: a.LeadCaption, LeadCredit: a.LeadCredit, Correction: a.Correction,
		AuthorIDs: append([]int64(nil), a.AuthorIDs...), Topics: names, HideRelated: a.HideRelated, AllowRepeats: a.AllowRepeats,
		SEOTitle: a.SEOTitle, SocialTitle: a.SocialTitle, SocialDescription: a.SocialDescription,
		EmbargoUntil: a.EmbargoUntil, LeadCrop: a.LeadCrop, LeadFocus: a.LeadFocus}
}

// Deletable reports whether a is a draft that was never published: the only
// articles that may be deleted. Published work is unpublished instead, so
// the newsroom keeps a record of everything readers were shown.
func Deletable(a Article) bool {
	return a.Status == StatusDraft && a.PublishedAt.IsZero()
}

// DeleteDraft deletes a draft that was never published, with its
// revisions, for whoever may edit it.
func (s *Service) DeleteDraft(ctx context.Context, actor Actor, id int64) error {
	a, err := s.store.GetArticle(ctx, id)
	if err != nil {
		return s.notFound(err, "article")
	}
	if !CanEdit(actor, a) {
		return apperr.New(apperr.Forbidden, "You cannot delete this article.")
	}
	if !Deletable(a) {
		return apperr.New(apperr.Conflict, "Only a draft that was never published can be deleted. Unpublish published work instead.")
	}
	if err := s.store.DeleteDraft(ctx, id); err != nil {
		if apperr.KindOf(err) == apperr.NotFound {
			return apperr.New(apperr.Conflict, "The article changed while you were deleting it: it is no longer a draft that was never published.")
		}
		return err
	}
	return nil
}

// PublishDue publishes a scheduled article whose time has come; the queue
// calls it. Publishing twice is impossible: the store only moves an article
// that is still scheduled.
func (s *Service) PublishDue(ctx context.Context, id int64) (bool, error) {
	ok, err := s.store.PublishScheduled(ctx, id, s.now().UTC())
	if err != nil {
		return false, err
	}
	if ok {
		s.changed(ctx)
	}
	return ok, nil
}

// CanEdit reports whether actor may change article a.
func CanEdit(actor Actor, a Article) bool {
	if actor.Role.AtLeast(auth.RoleEditor) {
		return true
	}
	if !owns(actor, a.CreatedBy, a.AuthorIDs) || heldByDesk(actor, a) {
		return false
	}
	// A contributor's work is theirs to edit until it is scheduled; once
	// live, their saves wait as a pending version for an editor
	// (decision 0039).
	if actor.Role == auth.RoleContributor {
		return a.Status != StatusScheduled
	}
	return actor.Role == auth.RoleAuthor
}

// CanPublish reports whether actor may publish, schedule or unpublish
// an article with this byline.
func CanPublish(actor Actor, a Article, byline []int64) bool {
	if actor.Role.AtLeast(auth.RoleEditor) {
		return true
	}
	if actor.Role != auth.RoleAuthor {
		return false
	}
	createdBy := a.CreatedBy
	if a.ID == 0 {
		createdBy = actor.UserID
	}
	return owns(actor, createdBy, byline)
}

func owns(actor Actor, createdBy int64, byline []int64) bool {
	if createdBy == actor.UserID && actor.UserID != 0 {
		return true
	}
	for _, id := range byline {
		if id == actor.AuthorID && id != 0 {
			return true
		}
	}
	return false
}
