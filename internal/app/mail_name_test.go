package app_test

import (
	"context"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/config"
	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

// TestEmailsSurviveANameWithLineBreaks: a publication name saved with a
// line break (as the settings form allowed before it refused them) went
// into email subjects, after which reset emails were dropped and
// invitations failed. They now arrive with the name on one line.
func TestEmailsSurviveANameWithLineBreaks(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			sink, srv := smtpApp(t, config.Config{DatabaseURL: storetest.URL(t, e), MailFrom: "Newsroom <newsroom@example.org>"})
			ctx := context.Background()
			if err := srv.DB.SaveSettings(ctx, content.Settings{Name: "The\r\nWeekly\tPost", TimeZone: "UTC"}); err != nil {
				t.Fatal(err)
			}
			boss, err := srv.Auth.CreateUser(ctx, "ada@example.org", "Ada", "a long enough password", auth.RoleAdmin)
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.Auth.RequestReset(ctx, "ada@example.org", auth.Client{IP: "192.0.2.1"}); err != nil {
				t.Fatal(err)
			}
			if err := srv.Auth.Invite(ctx, boss, "new@example.org", auth.RoleAuthor); err != nil {
				t.Fatalf("invitation: %v", err)
			}
			deadline := time.Now().Add(10 * time.Second)
			for len(sink.Raw()) < 2 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			var subjects []string
			for _, raw := range sink.Raw() {
				msg, err := mail.ReadMessage(strings.NewReader(raw))
				if err != nil {
					t.Fatal(err)
				}
				s, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
				subjects = append(subjects, s)
			}
			want := map[string]bool{"Reset your The Weekly Post password": true, "Ada invited you to The Weekly Post": true}
			if len(subjects) != 2 || !want[subjects[0]] || !want[subjects[1]] || subjects[0] == subjects[1] {
				t.Fatalf("received subjects %q, want the reset and the invitation with the name on one line", subjects)
			}
		})
	}
}
