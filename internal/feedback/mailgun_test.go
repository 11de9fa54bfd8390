package feedback_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/feedback"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

const mailgunKey = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"

// mailgunBody is a webhook call as Mailgun makes it, signed with key at
// ts with token.
func mailgunBody(key string, ts int64, token string, event map[string]any) []byte {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(strconv.FormatInt(ts, 10) + token))
	b, _ := json.Marshal(map[string]any{
		"signature":  map[string]any{"timestamp": strconv.FormatInt(ts, 10), "token": token, "signature": hex.EncodeToString(m.Sum(nil))},
		"event-data": event,
	})
	return b
}

func TestMailgunWebhook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, mailgunKey)
		const campaign = 12
		n := 0
		token := func() string { n++; return "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de" + strconv.Itoa(n) }
		failed := func(email, severity string) map[string]any {
			return map[string]any{"event": "failed", "severity": severity, "recipient": email, "reason": "bounce",
				"delivery-status": map[string]any{"code": 550, "enhanced-code": "5.1.1", "message": "550 5.1.1 The email account that you tried to reach does not exist.\r\nX-Injected: yes"},
				"user-variables":  map[string]any{"campaign_id": strconv.Itoa(campaign)}}
		}
		call := func(body []byte) apperr.Kind {
			t.Helper()
			err := f.fb.Mailgun(ctx, body)
			if err == nil {
				return -1
			}
			return apperr.KindOf(err)
		}
		const ok = apperr.Kind(-1)
		now := f.now.Unix()

		// Refused, changing nothing: a wrong key, a stale or future
		// timestamp, a body that is not the webhook's.
		ann := f.reader(t, "ann@example.com")
		for name, body := range map[string][]byte{
			"wrong key":       mailgunBody("another-key", now, token(), failed(ann.Email, "permanent")),
			"stale":           mailgunBody(mailgunKey, now-6*60, token(), failed(ann.Email, "permanent")),
			"future":          mailgunBody(mailgunKey, now+6*60, token(), failed(ann.Email, "permanent")),
			"no signature":    []byte(`{"event-data": {"event": "failed", "severity": "permanent", "recipient": "ann@example.com"}}`),
			"bad hex":         []byte(`{"signature": {"timestamp": "1", "token": "t", "signature": "zz"}, "event-data": {}}`),
			"not JSON":        []byte("event=failed&recipient=ann@example.com"),
			"signature array": []byte(`{"signature": [1, 2]}`),
		} {
			want := apperr.Forbidden
			if name == "not JSON" || name == "signature array" {
				want = apperr.Invalid
			}
			if got := call(body); got != want {
				t.Errorf("%s: kind %v, want %v", name, got, want)
			}
		}
		if sup, _ := f.suppressed(t, ann.Email); sup {
			t.Fatal("a refused webhook suppressed the address")
		}

		// A permanent failure: suppressed, counted; the same call again is
		// a replay and refused.
		good := mailgunBody(mailgunKey, now-60, token(), failed("ANN@example.com", "permanent"))
		if got := call(good); got != ok {
			t.Fatalf("good webhook: %v", got)
		}
		if sup, reason := f.suppressed(t, ann.Email); !sup || reason != "bounced (5.1.1)" {
			t.Errorf("after a permanent failure: %v %q", sup, reason)
		}
		if got := call(good); got != apperr.Forbidden {
			t.Errorf("replayed webhook: %v, want refused", got)
		}
		evs, _ := db.ListMailEvents(ctx, ann.ID)
		if len(evs) != 1 || evs[0].Kind != "bounce" || evs[0].CampaignID != campaign || evs[0].Detail != "5.1.1 550 5.1.1 The email account that you tried to reach does not exist. X-Injected: yes" {
			t.Errorf("events: %+v", evs)
		}

		// A temporary failure: a soft bounce only.
		bob := f.reader(t, "bob@example.com")
		if got := call(mailgunBody(mailgunKey, now, token(), failed(bob.Email, "temporary"))); got != ok {
			t.Fatal(got)
		}
		if sup, _ := f.suppressed(t, bob.Email); sup {
			t.Error("a temporary failure suppressed the address")
		}

		// A complaint: out of everything, suppressed.
		cat := f.reader(t, "cat@example.com")
		if got := call(mailgunBody(mailgunKey, now, token(), map[string]any{"event": "complained", "recipient": cat.Email,
			"user-variables": map[string]any{"campaign_id": campaign}})); got != ok {
			t.Fatal(got)
		}
		if st := f.statuses(t, cat); st[f.weekly] != newsletter.StatusUnsubscribed || st[f.daily] != newsletter.StatusUnsubscribed {
			t.Errorf("after a complaint: %v", st)
		}
		if sup, reason := f.suppressed(t, cat.Email); !sup || reason != newsletter.ReasonComplaint {
			t.Errorf("after a complaint: %v %q", sup, reason)
		}
		if m := f.methods(t, cat); !slices.Equal(m, []string{"unsubscribe complaint", "unsubscribe complaint"}) {
			t.Errorf("consent after a complaint: %v", m)
		}

		// Unsubscribed, naming its newsletter: that one only.
		dan := f.reader(t, "dan@example.com")
		if got := call(mailgunBody(mailgunKey, now, token(), map[string]any{"event": "unsubscribed", "recipient": dan.Email,
			"user-variables": map[string]any{"campaign_id": campaign, "newsletter_id": strconv.FormatInt(f.weekly, 10)}})); got != ok {
			t.Fatal(got)
		}
		if st := f.statuses(t, dan); st[f.weekly] != newsletter.StatusUnsubscribed || st[f.daily] != newsletter.StatusConfirmed {
			t.Errorf("after unsubscribed: %v", st)
		}

		// Events it does not act on, and unknown recipients: accepted.
		for _, ev := range []map[string]any{
			{"event": "delivered", "recipient": "gus@example.com"},
			{"event": "opened", "recipient": bob.Email},
			{"event": "failed", "severity": "permanent", "recipient": "nobody@example.com"},
			{"event": "complained", "recipient": "not an address"},
		} {
			if got := call(mailgunBody(mailgunKey, now, token(), ev)); got != ok {
				t.Errorf("%v: %v, want accepted", ev, got)
			}
		}
		want := map[string]int{"bounce": 1, "soft_bounce": 1, "complaint": 1, "unsubscribe": 1}
		if c := f.counts(t, campaign); !maps.Equal(c, want) {
			t.Errorf("counts %v, want %v", c, want)
		}

		// A signed token is replayable only within the window, and past it
		// the timestamp is stale.
		f.now = f.now.Add(11 * time.Minute)
		if got := call(good); got != apperr.Forbidden {
			t.Errorf("an old call again: %v", got)
		}
	})
}

// failingSuppress is the newsletter service with Suppress failing while
// down is set, as when the database is briefly unreachable.
type failingSuppress struct {
	*newsletter.Service
	down bool
}

func (f *failingSuppress) Suppress(ctx context.Context, email, reason string) error {
	if f.down {
		return errors.New("database unreachable")
	}
	return f.Service.Suppress(ctx, email, reason)
}

// A webhook call that could not be acted on answers an error, and
// Mailgun's retry of the same signed call is acted on, not refused as a
// replay: the bounce is not lost.
func TestMailgunRetryAfterAFailureIsActedOn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, mailgunKey)
		readers := &failingSuppress{Service: f.nl, down: true}
		fb := feedback.New(feedback.Options{Readers: readers, Store: db, Now: func() time.Time { return f.now }, BounceAddress: "bounce@" + bounceDomain, MailgunKey: mailgunKey})
		ann := f.reader(t, "ann@example.com")
		body := mailgunBody(mailgunKey, f.now.Unix()-30, "retried-token-0123456789", map[string]any{"event": "failed", "severity": "permanent",
			"recipient": ann.Email, "delivery-status": map[string]any{"code": 550, "enhanced-code": "5.1.1", "message": "no such user"}})
		if err := fb.Mailgun(ctx, body); err == nil || apperr.KindOf(err) == apperr.Forbidden {
			t.Fatalf("with the database down: %v, want an internal error", err)
		}
		readers.down = false
		if err := fb.Mailgun(ctx, body); err != nil {
			t.Fatalf("Mailgun's retry of the same call: %v", err)
		}
		if sup, _ := f.suppressed(t, ann.Email); !sup {
			t.Fatal("the retried bounce did not suppress the address")
		}
		if err := fb.Mailgun(ctx, body); apperr.KindOf(err) != apperr.Forbidden {
			t.Fatalf("a replay after success: %v, want refused", err)
		}
	})
}
