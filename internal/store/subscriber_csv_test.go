package store_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// An export reads readers in keyset pages by id: every reader once, in
// order, whatever the page size, including readers an import created in
// the same microsecond; filters apply on every page.
func TestExportSubscribersPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		weekly, daily := mkNewsletter(t, db, "weekly"), mkNewsletter(t, db, "daily")
		at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		var all, weeklies []int64
		for i := range 23 {
			nls := []int64{weekly}
			if i%3 == 0 {
				nls = []int64{daily}
			}
			id := addReader(t, db, fmt.Sprintf("r%02d@example.org", i), at, nls...) // all at one time, as an import does
			all = append(all, id)
			if i%3 != 0 {
				weeklies = append(weeklies, id)
			}
		}
		pages := func(f newsletter.SubscriberFilter, size int) []int64 {
			t.Helper()
			var out []int64
			var after int64
			for n := 0; ; n++ {
				if n > 100 {
					t.Fatal("paging does not end")
				}
				rs, err := db.ExportSubscribers(ctx, f, after, size)
				if err != nil {
					t.Fatal(err)
				}
				if len(rs) == 0 {
					return out
				}
				if len(rs) > size {
					t.Fatalf("a page of %d for a limit of %d", len(rs), size)
				}
				for _, r := range rs {
					out = append(out, r.ID)
				}
				after = rs[len(rs)-1].ID
			}
		}
		for _, size := range []int{1, 5, 23, 100} {
			if got := pages(newsletter.SubscriberFilter{}, size); !slices.Equal(got, all) {
				t.Errorf("pages of %d: %v, want %v", size, got, all)
			}
			if got := pages(newsletter.SubscriberFilter{NewsletterID: weekly, Status: newsletter.StatusConfirmed}, size); !slices.Equal(got, weeklies) {
				t.Errorf("weekly, pages of %d: %v, want %v", size, got, weeklies)
			}
		}
		if got := pages(newsletter.SubscriberFilter{Search: "R1"}, 4); len(got) != 10 {
			t.Errorf("search r1: %d readers, want 10", len(got))
		}
	})
}

// The growth aggregate: +1 at each subscription's latest confirmation, -1
// when it ended after that, all before the start in bucket -1, grouped by
// newsletter and quarter hour.
func TestSubscriberGrowthAggregate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		weekly, daily := mkNewsletter(t, db, "weekly"), mkNewsletter(t, db, "daily")
		start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		bucket := func(t time.Time) int64 { return t.Unix() / int64(newsletter.GrowthBucket/time.Second) }
		addReader(t, db, "old1@example.org", start.Add(-48*time.Hour), weekly)
		old2 := addReader(t, db, "old2@example.org", start.Add(-24*time.Hour), weekly)
		// Two in one quarter hour, one of them also to daily.
		day3 := start.Add(50*time.Hour + 2*time.Minute)
		addReader(t, db, "a@example.org", day3, weekly, daily)
		leaver := addReader(t, db, "b@example.org", day3.Add(5*time.Minute), weekly)
		// old2 leaves on day 2; the leaver on day 5 and comes back on day 6.
		end := func(id, nl int64, at time.Time) {
			if _, err := db.EndSubscriptions(ctx, id, []int64{nl}, newsletter.Meta{Method: newsletter.MethodStaff, Source: "test"}, at); err != nil {
				t.Fatal(err)
			}
		}
		end(old2, weekly, start.Add(30*time.Hour))
		end(leaver, weekly, start.Add(100*time.Hour))
		day6 := start.Add(130 * time.Hour)
		if _, _, err := db.AddSubscriptions(ctx, newsletter.AddRequest{Address: newsletter.Address{Email: "b@example.org", Key: "b@example.org"},
			NewsletterIDs: []int64{weekly}, Resubscribe: true, Meta: newsletter.Meta{Method: newsletter.MethodSignedLink, Source: "test"}, At: day6}); err != nil {
			t.Fatal(err)
		}
		// A sign-up never confirmed counts nowhere.
		if _, err := db.RequestSubscriptions(ctx, newsletter.SubscribeRequest{Address: newsletter.Address{Email: "p@example.org", Key: "p@example.org"},
			SubjectHash: "h-p", NewUID: "uid-p", NewsletterIDs: []int64{daily}, Source: "/", At: day3, ExpiresAt: day3.Add(time.Hour)}, noJob); err != nil {
			t.Fatal(err)
		}
		rows, err := db.SubscriberGrowth(ctx, start)
		if err != nil {
			t.Fatal(err)
		}
		// One key may come in several rows: add them up, leaving out zeros.
		sum := map[[2]int64]int{}
		for _, r := range rows {
			sum[[2]int64{r.NewsletterID, r.Bucket}] += r.Delta
		}
		var got []newsletter.GrowthDelta
		for k, d := range sum {
			if d != 0 {
				got = append(got, newsletter.GrowthDelta{NewsletterID: k[0], Bucket: k[1], Delta: d})
			}
		}
		slices.SortFunc(got, func(a, b newsletter.GrowthDelta) int {
			if a.NewsletterID != b.NewsletterID {
				return int(a.NewsletterID - b.NewsletterID)
			}
			return int(a.Bucket - b.Bucket)
		})
		want := []newsletter.GrowthDelta{
			{NewsletterID: weekly, Bucket: -1, Delta: 2},
			{NewsletterID: weekly, Bucket: bucket(day3), Delta: 1}, // a; b's first confirmation was replaced by day 6's
			{NewsletterID: weekly, Bucket: bucket(start.Add(30 * time.Hour)), Delta: -1},
			{NewsletterID: weekly, Bucket: bucket(day6), Delta: 1},
			{NewsletterID: daily, Bucket: bucket(day3), Delta: 1},
		}
		slices.SortFunc(want, func(a, b newsletter.GrowthDelta) int {
			if a.NewsletterID != b.NewsletterID {
				return int(a.NewsletterID - b.NewsletterID)
			}
			return int(a.Bucket - b.Bucket)
		})
		if !slices.Equal(got, want) {
			t.Errorf("growth deltas\n got %+v\nwant %+v", got, want)
		}
	})
}

// A file kept between a dry run and its confirmation comes back as it
// was, only until it expires, and the sweep deletes it then.
func TestPendingImportsExpire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		staffID, err := db.CreateUser(ctx, auth.User{Email: "admin@example.org", Name: "Admin", Role: auth.RoleAdmin, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		data := []byte("email\nann@example.org\n\x00binary is kept as it is\xff")
		p := newsletter.PendingImport{ID: "abc", StaffID: staffID, NewsletterIDs: []int64{3, 5}, Source: "fair", FileName: "list.csv",
			Data: data, Digest: "d1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := db.SavePendingImport(ctx, p, now); err != nil {
			t.Fatal(err)
		}
		p.Digest = "d2"
		if err := db.SavePendingImport(ctx, p, now); err != nil {
			t.Fatal(err)
		}
		got, err := db.GetPendingImport(ctx, "abc", now.Add(59*time.Minute))
		if err != nil || !bytes.Equal(got.Data, data) || got.Digest != "d2" || !slices.Equal(got.NewsletterIDs, []int64{3, 5}) || got.StaffID != staffID || !got.ExpiresAt.Equal(p.ExpiresAt) {
			t.Fatalf("kept import: %+v %v", got, err)
		}
		if _, err := db.GetPendingImport(ctx, "abc", now.Add(time.Hour)); err != store.ErrNotFound {
			t.Errorf("an expired import: %v", err)
		}
		if n, err := db.DeleteExpiredImports(ctx, now.Add(30*time.Minute)); err != nil || n != 0 {
			t.Errorf("swept %d unexpired imports: %v", n, err)
		}
		if n, err := db.DeleteExpiredImports(ctx, now.Add(time.Hour)); err != nil || n != 1 {
			t.Errorf("swept %d expired imports: %v", n, err)
		}
	})
}

// ImportBatch checks each line again inside its transaction, whatever the
// dry run said: suppressed addresses and newsletters a reader left are
// skipped, new readers get the line's sector and existing ones keep theirs.
func TestImportBatchChecksAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		weekly, daily := mkNewsletter(t, db, "weekly"), mkNewsletter(t, db, "daily")
		secs, _ := db.ListSectors(ctx)
		at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		left := addReader(t, db, "left@example.org", at, weekly)
		if _, err := db.EndSubscriptions(ctx, left, nil, newsletter.Meta{Method: newsletter.MethodOneClick, Source: "email"}, at); err != nil {
			t.Fatal(err)
		}
		if err := db.Suppress(ctx, "h-sup@example.org", newsletter.ReasonComplaint, at); err != nil {
			t.Fatal(err)
		}
		add := func(email string, sector int64) newsletter.ImportAdd {
			return newsletter.ImportAdd{Address: newsletter.Address{Email: email, Key: email}, SubjectHash: "h-" + email, NewUID: "u-" + email,
				SectorID: sector, NewsletterIDs: []int64{weekly, daily}}
		}
		meta := newsletter.Meta{Method: newsletter.MethodImport, Source: "fair", StaffID: 0}
		c, err := db.ImportBatch(ctx, []newsletter.ImportAdd{add("new@example.org", secs[2].ID), add("left@example.org", secs[3].ID), add("sup@example.org", 0)}, meta, at)
		if err != nil {
			t.Fatal(err)
		}
		if c != (newsletter.ImportCounts{Readers: 1, Subscriptions: 3, Skipped: 1}) {
			t.Errorf("counts %+v", c)
		}
		fresh, err := db.GetReaderByEmail(ctx, "new@example.org")
		if err != nil || fresh.SectorID != secs[2].ID || fresh.SubjectHash != "h-new@example.org" || fresh.UID != "u-new@example.org" {
			t.Fatalf("new reader %+v %v", fresh, err)
		}
		recs, _ := db.ListConsentRecords(ctx, fresh.ID)
		if len(recs) != 2 || recs[0].Action != newsletter.ActionConfirm || recs[0].Source != "fair" || recs[0].SubjectHash != "h-new@example.org" {
			t.Errorf("new reader's records %+v", recs)
		}
		st := map[int64]string{}
		subs, _ := db.ListSubscriptions(ctx, left)
		for _, s := range subs {
			st[s.NewsletterID] = s.Status
		}
		if st[weekly] != newsletter.StatusUnsubscribed || st[daily] != newsletter.StatusConfirmed {
			t.Errorf("the reader who left: %v", st)
		}
		if r, _ := db.GetReader(ctx, left); r.SectorID != 0 {
			t.Errorf("an import set an existing reader's sector to %d", r.SectorID)
		}
		if _, err := db.GetReaderByEmail(ctx, "sup@example.org"); err != store.ErrNotFound {
			t.Errorf("the suppressed address became a reader: %v", err)
		}
		// Again: nothing.
		c, err = db.ImportBatch(ctx, []newsletter.ImportAdd{add("new@example.org", 0), add("left@example.org", 0)}, meta, at)
		if err != nil || c != (newsletter.ImportCounts{Skipped: 2}) {
			t.Errorf("again: %+v %v", c, err)
		}
	})
}

func mkNewsletter(t *testing.T, db *store.DB, slug string) int64 {
	t.Helper()
	id, err := db.CreateNewsletter(context.Background(), newsletter.Newsletter{Slug: slug, Name: slug, SenderName: "N", SenderEmail: "n@example.org", ListID: slug + ".example.org"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func addReader(t *testing.T, db *store.DB, email string, at time.Time, nls ...int64) int64 {
	t.Helper()
	id, _, err := db.AddSubscriptions(context.Background(), newsletter.AddRequest{Address: newsletter.Address{Email: email, Key: email},
		SubjectHash: "h-" + email, NewUID: "uid-" + email, NewsletterIDs: nls,
		Meta: newsletter.Meta{Method: newsletter.MethodImport, Source: "test"}, At: at})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func noJob(queue.JobWriter, int64) error { return nil }
