package newsletter_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func importMeta() newsletter.Meta {
	return newsletter.Meta{Method: newsletter.MethodImport, Source: "earlier list"}
}

func readerCount(t *testing.T, db *store.DB) int {
	t.Helper()
	n, err := db.CountReaders(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportCSVReportsThenImportsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		secs, _ := f.svc.Sectors(ctx)
		// Already there: one subscribed, one who left the weekly, one
		// erased (suppressed), one waiting for a confirmation link.
		if _, err := f.svc.Import(ctx, "kept@example.org", []int64{f.weekly}, secs[1].ID, importMeta()); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Import(ctx, "left@example.org", []int64{f.weekly}, 0, importMeta()); err != nil {
			t.Fatal(err)
		}
		left := f.reader(t, "left@example.org")
		if err := f.svc.Unsubscribe(ctx, left.ID, f.weekly, newsletter.Meta{Method: newsletter.MethodOneClick, Source: "email"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Import(ctx, "gone@example.org", []int64{f.weekly}, 0, importMeta()); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Erase(ctx, f.reader(t, "gone@example.org").ID, newsletter.Meta{Method: newsletter.MethodStaff, Source: "asked"}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Subscribe(ctx, f.signUp("waiting@example.org", f.weekly)); err != nil {
			t.Fatal(err)
		}
		file := "\uFEFFName,E-mail,Sector\r\n" +
			"Ann,Ann@Example.org," + secs[3].Name + "\r\n" +
			"\"Bob, Jr.\",bob@example.org,\r\n" +
			"Ann again,ann@example.ORG,\r\n" +
			"No at,nobody.example.org,\r\n" +
			"Kept,kept@example.org," + secs[5].Name + "\r\n" +
			"Left,left@example.org,\r\n" +
			"Gone,GONE@example.org,\r\n" +
			"Odd,carl@example.org,Astronaut\r\n" +
			"\"Line\nbreak\",waiting@example.org,\r\n" +
			"Formula,'=dan@example.org,\r\n"
		before := readerCount(t, db)
		opts := newsletter.ImportOptions{NewsletterIDs: []int64{f.weekly}, Source: "Town hall sign-up sheet, 2026-11-20", DryRun: true}
		rep, err := f.svc.ImportCSV(ctx, []byte(file), opts)
		if err != nil {
			t.Fatal(err)
		}
		if n := readerCount(t, db); n != before {
			t.Fatalf("the dry run made %d readers", n-before)
		}
		if !rep.Header || rep.Lines != 10 || rep.Add != 4 || rep.NewReaders != 3 || rep.Subscriptions != 4 || rep.Already != 1 || rep.Unsubscribed != 1 ||
			rep.Suppressed != 1 || rep.Invalid != 1 || rep.Duplicate != 1 || rep.UnknownSector != 1 {
			t.Errorf("totals: %+v", rep)
		}
		var got []string
		for _, l := range rep.Problems {
			got = append(got, fmt.Sprintf("%d %s: %s", l.Line, l.Outcome, l.Detail))
		}
		want := []string{
			"4 duplicate: The same address as line 2, which is kept.",
			"5 invalid address: It has no @.",
			"6 already subscribed: Skipped: nothing new to record.",
			"7 unsubscribed before: Left The Saturday Guide before: their choice stands, not subscribed again.",
			"8 suppressed: Suppressed: not imported.",
			"9 unknown sector: No sector called “Astronaut” is offered: not imported. Correct it, or leave the cell empty.",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("report lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}

		// A confirmation of an out-of-date dry run imports nothing.
		opts.DryRun, opts.Expect = false, "stale"
		if _, err := f.svc.ImportCSV(ctx, []byte(file), opts); !errors.Is(err, newsletter.ErrImportChanged) {
			t.Fatalf("stale confirmation: %v", err)
		}
		if n := readerCount(t, db); n != before {
			t.Fatal("a stale confirmation imported")
		}
		opts.Expect = rep.Digest
		done, err := f.svc.ImportCSV(ctx, []byte(file), opts)
		if err != nil || !done.Committed || done.Done.Readers != 3 || done.Done.Subscriptions != 4 {
			t.Fatalf("import: %+v %v", done.Done, err)
		}
		ann := f.reader(t, "ann@example.org")
		if ann.Email != "Ann@example.org" || ann.SectorID != secs[3].ID || statuses(t, f, ann.ID)[f.weekly] != newsletter.StatusConfirmed {
			t.Errorf("ann: %+v %v", ann, statuses(t, f, ann.ID))
		}
		recs, _ := f.svc.ConsentHistory(ctx, ann.ID)
		if len(recs) != 1 || recs[0].Action != newsletter.ActionConfirm || recs[0].Method != newsletter.MethodImport || recs[0].Source != "Town hall sign-up sheet, 2026-11-20" {
			t.Errorf("ann's consent: %+v", recs)
		}
		if r := f.reader(t, "kept@example.org"); r.SectorID != secs[1].ID {
			t.Errorf("an import changed an existing reader's sector to %d", r.SectorID)
		}
		if s := statuses(t, f, left.ID)[f.weekly]; s != newsletter.StatusUnsubscribed {
			t.Errorf("the reader who left is %s", s)
		}
		if _, err := f.svc.ReaderByEmail(ctx, "gone@example.org"); err == nil {
			t.Error("the erased address came back")
		}
		if s := statuses(t, f, f.reader(t, "waiting@example.org").ID)[f.weekly]; s != newsletter.StatusConfirmed {
			t.Errorf("the waiting sign-up is %s", s)
		}
		f.reader(t, "=dan@example.org") // the neutralising apostrophe of an export is dropped
		if _, err := f.svc.ReaderByEmail(ctx, "carl@example.org"); err == nil {
			t.Error("a line with an unknown sector was imported")
		}

		// Again: nobody added, nothing recorded.
		after := readerCount(t, db)
		annRecs := len(recs)
		opts.Expect = ""
		again, err := f.svc.ImportCSV(ctx, []byte(file), opts)
		if err != nil || again.Add != 0 || again.Done.Subscriptions != 0 || again.Done.Readers != 0 || again.Already != 5 {
			t.Errorf("second run: %+v %v", again, err)
		}
		if n := readerCount(t, db); n != after {
			t.Errorf("the second run made %d readers", n-after)
		}
		if recs, _ := f.svc.ConsentHistory(ctx, ann.ID); len(recs) != annRecs {
			t.Errorf("the second run recorded consent again: %+v", recs)
		}
	})
}

func TestImportCSVRefusesBadFilesAndOptions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		opts := newsletter.ImportOptions{NewsletterIDs: []int64{f.weekly}, Source: "fair"}
		for _, c := range []struct {
			name, file, says string
		}{
			{"empty", "  \n", "empty"},
			{"header only", "email,sector\n", "only its header"},
			{"no address column", "name,town\nAnn,Leeds\n", "names no email column"},
			{"UTF-16", "\xff\xfee\x00m\x00", "UTF-16"},
			{"binary", "email\nann@example.org\n\x00\x01\x02", "Line 3 holds a NUL byte"},
			{"Latin-1", "email\nann@example.org\nren\xe9@example.org\n", "Line 3 is not UTF-8"},
			{"ragged", "email,sector\nann@example.org,\nbob@example.org,Marketing,extra\n", "Line 3 has 3 cells where the first line has 2"},
			{"open quote", "email\nann@example.org\n\"bob@example.org\n", "Line 3 cannot be read as CSV"},
			{"control character", "email\nann@example.org\x07\n", "Line 2 holds a control character"},
			{"too large", "email\n" + strings.Repeat("a@example.org\n", newsletter.MaxImportBytes/14+1), "larger than 10 MB"},
		} {
			_, err := f.svc.ImportCSV(ctx, []byte(c.file), opts)
			wantField(t, err, "file", c.says)
		}
		wantField(t, func() error {
			_, err := f.svc.ImportCSV(ctx, []byte("email\nann@example.org\n"), newsletter.ImportOptions{NewsletterIDs: []int64{f.weekly}, Source: "  "})
			return err
		}(), "source", "Say where")
		wantField(t, func() error {
			_, err := f.svc.ImportCSV(ctx, []byte("email\nann@example.org\n"), newsletter.ImportOptions{Source: "fair"})
			return err
		}(), "newsletters", "Choose at least one")
		if n := readerCount(t, db); n != 0 {
			t.Errorf("refused imports made %d readers", n)
		}
		// Semicolons, no header, CRLF: fine.
		rep, err := f.svc.ImportCSV(ctx, []byte("Ann;ann@example.org\r\nBob;bob@example.org\r\n"), newsletter.ImportOptions{NewsletterIDs: []int64{f.weekly}, Source: "fair", DryRun: true})
		if err != nil || rep.Header || rep.Add != 2 {
			t.Errorf("headerless semicolons: %+v %v", rep, err)
		}
	})
}

// An export holds every reader once with their newsletters, and cells a
// spreadsheet would run as formulas start with an apostrophe; importing
// it again adds nobody.
func TestExportCSVNeutralisesAndImportsAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		secs, _ := f.svc.Sectors(ctx)
		for _, e := range []string{"=cmd@example.org", "+1@example.org", "-x@example.org", "@home@example.org", "plain@example.org"} {
			if ok, err := f.svc.Import(ctx, e, []int64{f.weekly}, secs[0].ID, importMeta()); err != nil || !ok {
				if e == "@home@example.org" && err != nil {
					continue // not an address; a cell starting with @ is tested through the sector below
				}
				t.Fatalf("%s: %v %v", e, ok, err)
			}
		}
		if _, err := f.svc.SaveSector(ctx, newsletter.Sector{ID: secs[0].ID, Name: "@Ops", Position: secs[0].Position, Active: true}); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		pages := 0
		n, err := f.svc.ExportCSV(ctx, &buf, newsletter.SubscriberFilter{}, func() { pages++ })
		if err != nil || n != 4 || pages != 1 {
			t.Fatalf("export: %d rows, %d pages, %v", n, pages, err)
		}
		out := buf.String()
		for _, w := range []string{"\uFEFFemail,sector,signed up (UTC),Morning Briefing status,Morning Briefing confirmed (UTC),Staff Digest status,Staff Digest confirmed (UTC),The Saturday Guide status,The Saturday Guide confirmed (UTC)\r\n",
			"\r\n'=cmd@example.org,'@Ops,2026-12-01 09:00:00,,,,,confirmed,2026-12-01 09:00:00\r\n", "\r\n'+1@example.org,", "\r\n'-x@example.org,",
			"\r\nplain@example.org,'@Ops,"} {
			if !strings.Contains(out, w) {
				t.Errorf("export lacks %q:\n%s", w, out)
			}
		}
		var only bytes.Buffer
		if n, err := f.svc.ExportCSV(ctx, &only, newsletter.SubscriberFilter{Search: "plain"}, nil); err != nil || n != 1 {
			t.Errorf("filtered export: %d %v", n, err)
		}
		rep, err := f.svc.ImportCSV(ctx, buf.Bytes(), newsletter.ImportOptions{NewsletterIDs: []int64{f.weekly}, Source: "round trip"})
		if err != nil || rep.Lines != 4 || rep.Already != 4 || rep.Done.Subscriptions != 0 {
			t.Errorf("re-import of the export: %+v %v", rep, err)
		}
	})
}

// The chart's counts per day, in the publication's zone.
func TestGrowthCountsPerDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		ny, err := time.LoadLocation("America/New_York")
		if err != nil {
			t.Fatal(err)
		}
		// 1 Dec 09:00 UTC is 04:00 in New York. Two readers before the
		// chart's days, one each on the next days, one leaving.
		f.clock.t = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
		f.svc.Import(ctx, "a@example.org", []int64{f.weekly}, 0, importMeta())
		f.svc.Import(ctx, "b@example.org", []int64{f.weekly, f.daily}, 0, importMeta())
		f.clock.t = time.Date(2026, 11, 29, 4, 30, 0, 0, time.UTC) // 28 Nov, 23:30 in New York
		f.svc.Import(ctx, "c@example.org", []int64{f.weekly}, 0, importMeta())
		f.clock.t = time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC)
		if err := f.svc.Unsubscribe(ctx, f.reader(t, "a@example.org").ID, f.weekly, newsletter.Meta{Method: newsletter.MethodOneClick, Source: "email"}); err != nil {
			t.Fatal(err)
		}
		f.clock.t = time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC)
		g, err := f.svc.Growth(ctx, 4, ny)
		if err != nil {
			t.Fatal(err)
		}
		if len(g.Days) != 4 || g.Days[0].Format("2 Jan") != "28 Nov" || g.Days[3].Format("2 Jan") != "1 Dec" {
			t.Fatalf("days %v", g.Days)
		}
		got := map[int64][]int{}
		for _, s := range g.Series {
			got[s.Newsletter.ID] = s.Counts
		}
		if fmt.Sprint(got[f.weekly]) != "[3 3 2 2]" || fmt.Sprint(got[f.daily]) != "[1 1 1 1]" || fmt.Sprint(got[f.hidden]) != "[0 0 0 0]" {
			t.Errorf("counts %v", got)
		}
	})
}

// A dry run's file waits for its uploader's confirmation for an hour, and
// the minute sweep deletes it after that: it holds addresses.
func TestPendingImportIsTheUploadersForAnHour(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		staff := func(email string) int64 {
			id, err := db.CreateUser(ctx, auth.User{Email: email, Name: email, Role: auth.RoleAdmin, PasswordHash: "x"})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		boss, other := staff("boss@example.org"), staff("other@example.org")
		o := newsletter.ImportOptions{NewsletterIDs: []int64{f.weekly}, Source: "fair", StaffID: boss}
		rep, id, err := f.svc.DryRunImport(ctx, "list.csv", []byte("email\nann@example.org\n"), o)
		if err != nil || id == "" || rep.Add != 1 {
			t.Fatalf("dry run: %+v %q %v", rep, id, err)
		}
		if _, err := f.svc.ConfirmImport(ctx, id, other); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("another admin confirmed: %v", err)
		}
		if _, id2, err := f.svc.DryRunImport(ctx, "none.csv", []byte("email\nnot an address\n"), o); err != nil || id2 != "" {
			t.Errorf("a file adding nobody is kept: %q %v", id2, err)
		}
		f.clock.Add(newsletter.PendingImportLifetime)
		if _, err := f.svc.ConfirmImport(ctx, id, boss); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("an expired import was confirmed: %v", err)
		}
		if err := f.svc.PruneUnconfirmed(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := db.DeleteExpiredImports(ctx, f.clock.Now()); err != nil || n != 0 {
			t.Errorf("the sweep left %d expired files: %v", n, err)
		}
		if n := readerCount(t, db); n != 0 {
			t.Errorf("%d readers", n)
		}
	})
}

// allocated is how many bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A line of 10 MB of separators is refused before encoding/csv holds its
// millions of cells at once (some 40 bytes each: more than a gigabyte
// for one upload), and so is a record made wide across quoted line
// breaks; quoted separators are not cells.
func TestImportCSVRefusesWideLinesCheaply(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		opts := newsletter.ImportOptions{NewsletterIDs: []int64{f.weekly}, Source: "fair", DryRun: true}
		wide := strings.Repeat(",", newsletter.MaxImportColumns)
		for _, c := range []struct {
			name, file, says string
		}{
			{"10 MB of commas", "ann@example.org" + strings.Repeat(",", newsletter.MaxImportBytes-20), "Line 1 has more than 1000 cells"},
			{"wide second line", "email\nann@example.org\n" + strings.Repeat(",", newsletter.MaxImportBytes/2), "Line 3 has more than 1000 cells"},
			{"wide across quoted breaks", "email,note\nann@example.org,\"a\nb\"" + wide + "\n", "Line 2 has more than 1000 cells"},
		} {
			var err error
			n := allocated(func() { _, err = f.svc.ImportCSV(ctx, []byte(c.file), opts) })
			wantField(t, err, "file", c.says)
			if n > 64<<20 {
				t.Errorf("%s: refusing it allocated %d MB", c.name, n>>20)
			}
		}
		// Separators in quotes are no cells.
		rep, err := f.svc.ImportCSV(ctx, []byte("email,note\nann@example.org,\""+wide+"\"\n"), opts)
		if err != nil || rep.Add != 1 {
			t.Errorf("quoted commas: %+v %v", rep, err)
		}
		if n := readerCount(t, db); n != 0 {
			t.Errorf("refused imports made %d readers", n)
		}
	})
}

// A file of millions of tiny lines is refused past MaxImportLines, before
// each line's plan (a few hundred bytes) adds up to gigabytes; a file of
// exactly that many lines is read.
func TestImportCSVRefusesTooManyLines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		opts := newsletter.ImportOptions{NewsletterIDs: []int64{f.weekly}, Source: "fair", DryRun: true}
		var err error
		n := allocated(func() {
			_, err = f.svc.ImportCSV(ctx, []byte("email\n"+strings.Repeat("x\n", (newsletter.MaxImportBytes-6)/2)), opts)
		})
		wantField(t, err, "file", "more than 200,000 lines")
		if n > 256<<20 {
			t.Errorf("refusing 5 million lines allocated %d MB", n>>20)
		}
		rep, err := f.svc.ImportCSV(ctx, []byte("email\n"+strings.Repeat("x\n", newsletter.MaxImportLines)), opts)
		if err != nil || rep.Lines != newsletter.MaxImportLines || rep.Invalid != newsletter.MaxImportLines {
			t.Errorf("%d lines: %d read, %d invalid, %v", newsletter.MaxImportLines, rep.Lines, rep.Invalid, err)
		}
		_, err = f.svc.ImportCSV(ctx, []byte("email\n"+strings.Repeat("x\n", newsletter.MaxImportLines+1)), opts)
		wantField(t, err, "file", "line 200,002 ")
	})
}

// Addresses may start with apostrophes (o'brien's cousin 'x@…): an export
// must not write one so that the import takes the apostrophe for the
// export's own formula guard and subscribes another address.
func TestExportCSVKeepsLeadingApostrophes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		addrs := []string{"'-x@example.org", "''=y@example.org", "'z@example.org"}
		for _, e := range addrs {
			if ok, err := f.svc.Import(ctx, e, []int64{f.weekly}, 0, importMeta()); err != nil || !ok {
				t.Fatalf("%s: %v %v", e, ok, err)
			}
		}
		var buf bytes.Buffer
		if _, err := f.svc.ExportCSV(ctx, &buf, newsletter.SubscriberFilter{}, nil); err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"\r\n''-x@example.org,", "\r\n'''=y@example.org,", "\r\n'z@example.org,"} {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("export lacks %q:\n%s", w, buf.String())
			}
		}
		before := readerCount(t, db)
		rep, err := f.svc.ImportCSV(ctx, buf.Bytes(), newsletter.ImportOptions{NewsletterIDs: []int64{f.weekly}, Source: "round trip"})
		if err != nil || rep.Already != len(addrs) || rep.Add != 0 || readerCount(t, db) != before {
			t.Errorf("re-import of the export: %+v %v, %d new readers", rep, err, readerCount(t, db)-before)
		}
	})
}

// A duplicate of a line refused for its sector is not said to be kept:
// neither line is imported, and the report says so.
func TestImportCSVDuplicateOfRefusedLine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		file := "email,sector\nann@example.org,Astronaut\nANN@example.org,\nbob@example.org,\nbob@example.org,\n"
		rep, err := f.svc.ImportCSV(ctx, []byte(file), newsletter.ImportOptions{NewsletterIDs: []int64{f.weekly}, Source: "fair", DryRun: true})
		if err != nil || len(rep.Problems) != 3 {
			t.Fatalf("%+v %v", rep, err)
		}
		if p := rep.Problems[1]; p.Line != 3 || p.Outcome != newsletter.OutcomeDuplicate || strings.Contains(p.Detail, "kept") || !strings.Contains(p.Detail, "line 2, which is not imported either") {
			t.Errorf("duplicate of a refused line: %+v", p)
		}
		if p := rep.Problems[2]; p.Line != 5 || !strings.Contains(p.Detail, "line 4, which is kept") {
			t.Errorf("duplicate of a kept line: %+v", p)
		}
	})
}
