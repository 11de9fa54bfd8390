package content_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/queue"
	"masthead/internal/staffmail"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// mentionRecorder stands in for the staff mail sender.
type mentionRecorder struct {
	calls []string
	fail  error
}

func (m *mentionRecorder) Queue(_ context.Context, jobs queue.JobWriter, n staffmail.Notice) error {
	if jobs == nil {
		return errors.New("no transaction")
	}
	m.calls = append(m.calls, fmt.Sprintf("%s: article %d to %v by %d: %s", n.Kind, n.ArticleID, n.To, n.ActorID, n.Note))
	return m.fail
}

func TestHandlesForTheMentionHint(t *testing.T) {
	users := []auth.User{
		{ID: 1, Name: "Carla Jones"}, {ID: 2, Name: "Sam Lee"}, {ID: 3, Name: "Sam Park"}, {ID: 4, Name: "Zoë"},
		{ID: 5, Name: "Gone Person", DisabledAt: time.Now()}, {ID: 6, Name: "", Email: "night.desk@example.org"},
	}
	var got []string
	for _, h := range content.MentionHandles(users) {
		got = append(got, fmt.Sprintf("@%s=%d", h.Handle, h.UserID))
	}
	if want := []string{"@carla=1", "@nightdesk=6", "@sam.lee=2", "@sam.park=3", "@zoe=4"}; !slices.Equal(got, want) {
		t.Errorf("handles = %v, want %v", got, want)
	}
}

// A note's @mentions notify the staff members they name who can open the
// article, once each, in the note's transaction; the rest are left as
// text and the result says why.
func TestDeskNoteMentions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
		svc := content.NewService(db, &fakeScheduler{scheduled: map[int64]time.Time{}}, func() time.Time { return now }, func(context.Context) {})
		rec := &mentionRecorder{}
		svc.UseNotifier(rec)
		sec, _ := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		user := func(name string, role auth.Role, disabled bool) content.Actor {
			t.Helper()
			email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"
			u := auth.User{Email: email, Name: name, Role: role, PasswordHash: "h"}
			if role.AtLeast(auth.RoleContributor) && role != auth.RoleEditor && role != auth.RoleAdmin {
				id, err := db.SaveAuthor(ctx, content.Author{Slug: content.Slugify(name), Name: name})
				if err != nil {
					t.Fatal(err)
				}
				u.AuthorID = id
			}
			id, err := db.CreateUser(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			if disabled {
				if err := db.SetAccess(ctx, id, now); err != nil {
					t.Fatal(err)
				}
			}
			return content.Actor{UserID: id, Role: role, AuthorID: u.AuthorID}
		}
		ed := user("Eddie Editor", auth.RoleEditor, false)
		carla := user("Carla Jones", auth.RoleEditor, false)
		user("Sam Lee", auth.RoleEditor, false)
		samPark := user("Sam Park", auth.RoleAuthor, false)
		dana := user("Dana Contributor", auth.RoleContributor, false)
		user("Olga Gone", auth.RoleEditor, true)
		writer := user("Wes Writer", auth.RoleContributor, false)

		res, err := svc.Save(ctx, writer, content.ArticleInput{Headline: "Harbour figures", SectionID: sec, AuthorIDs: []int64{writer.AuthorID, samPark.AuthorID}, BodySource: "Text."})
		if err != nil {
			t.Fatal(err)
		}
		art := res.Article

		text := "@carla please check the figures.\r\ncc @Eddie @nobody @sam @Sam.Park @dana @olga @Carla.Jones, mail x@carla.org"
		out, err := svc.AddDeskNote(ctx, ed, art.ID, "  "+text+"\x00 ")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range out.Mentions {
			got = append(got, fmt.Sprintf("%s:%v:%s", m.Handle, m.Notified, m.Why))
		}
		want := []string{
			"carla:true:", "eddie:false:that is you", "nobody:false:no one on the staff has this name",
			"sam:false:several people have this name; use one of @sam.lee or @sam.park", "sam.park:true:",
			"dana:false:they cannot open this article", "olga:false:no one on the staff has this name",
		}
		if !slices.Equal(got, want) {
			t.Errorf("mentions =\n%q\nwant\n%q", got, want)
		}
		stored := "@carla please check the figures.\ncc @Eddie @nobody @sam @Sam.Park @dana @olga @Carla.Jones, mail x@carla.org"
		if len(rec.calls) != 1 || rec.calls[0] != fmt.Sprintf("mention: article %d to %v by %d: %s", art.ID, []int64{carla.UserID, samPark.UserID}, ed.UserID, stored) {
			t.Errorf("notifications = %q", rec.calls)
		}
		notes, err := svc.DeskNotes(ctx, ed, art)
		if err != nil || len(notes) != 1 || notes[0].Text != stored || !notes[0].At.Equal(now) || notes[0].UserName != "Eddie Editor" ||
			!slices.Equal(notes[0].Mentions, []int64{carla.UserID, samPark.UserID}) {
			t.Fatalf("stored notes = %+v, %v", notes, err)
		}
		// The page after adding says the same, from what was stored.
		again, err := svc.DeskNoteMentions(ctx, ed, art, notes[0].ID)
		if err != nil || len(again) != len(out.Mentions) || !again[0].Notified || again[2].Notified {
			t.Errorf("mentions read back = %+v, %v", again, err)
		}
		if _, err := svc.DeskNoteMentions(ctx, carla, art, notes[0].ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("someone else's note's mentions: %v", err)
		}

		// The hint offers those who could be notified, not the writer.
		hs, err := svc.MentionableHandles(ctx, ed, art)
		if err != nil {
			t.Fatal(err)
		}
		var handles []string
		for _, h := range hs {
			handles = append(handles, h.Handle)
		}
		if want := []string{"carla", "sam.lee", "sam.park", "wes"}; !slices.Equal(handles, want) {
			t.Errorf("mentionable = %v, want %v", handles, want)
		}

		// The article's contributor adds a note; another contributor may not.
		if _, err := svc.AddDeskNote(ctx, writer, art.ID, "Done, @eddie."); err != nil {
			t.Fatalf("the writer's note: %v", err)
		}
		if _, err := svc.AddDeskNote(ctx, dana, art.ID, "Me too."); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("another contributor's note: %v", err)
		}
		if _, err := svc.DeskNotes(ctx, dana, art); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("another contributor reads the notes: %v", err)
		}

		// Refused: nothing stored, nobody notified.
		rec.calls = nil
		var bad apperr.Fields
		if _, err := svc.AddDeskNote(ctx, ed, art.ID, " \n\t "); !errors.As(err, &bad) || bad["desk_note"] != "Write a note." {
			t.Errorf("empty note: %v", err)
		}
		if _, err := svc.AddDeskNote(ctx, ed, art.ID, "@carla "+strings.Repeat("x", content.MaxDeskNoteChars)); !errors.As(err, &bad) ||
			!strings.Contains(bad["desk_note"], "at most 5,000 characters") {
			t.Errorf("long note: %v", err)
		}
		if _, err := svc.AddDeskNote(ctx, ed, 99999, "Hello"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("unknown article: %v", err)
		}
		rec.fail = errors.New("queue down")
		if _, err := svc.AddDeskNote(ctx, ed, art.ID, "@carla again"); err == nil {
			t.Error("a note whose email could not be queued was accepted")
		}
		if notes, _ := svc.DeskNotes(ctx, ed, art); len(notes) != 2 {
			t.Errorf("refused notes were stored: %+v", notes)
		}
	})
}
