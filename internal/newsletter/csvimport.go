package newsletter

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"masthead/internal/apperr"
)

// Subscriber import from a CSV file (decision record 0026): a dry run
// reports every line's outcome, and the import then does exactly that,
// checking each address again as it writes. Imports never subscribe
// again an address that unsubscribed, never touch a suppressed one, and
// add nobody when repeated.

// Outcomes of an import line.
const (
	OutcomeAdd          = "to add"
	OutcomeAlready      = "already subscribed"
	OutcomeUnsubscribed = "unsubscribed before"
	OutcomeSuppressed   = "suppressed"
	OutcomeInvalid      = "invalid address"
	OutcomeDuplicate    = "duplicate"
	OutcomeSector       = "unknown sector"
)

// Import tunables.
const (
	// ImportBatchLines is how many lines one transaction imports: small
	// enough that SQLite's one writer is never held for long, large enough
	// that 100,000 lines take a few hundred transactions, not 100,000.
	ImportBatchLines = 500
	// MaxReportLines is how many lines a report lists; the totals count all.
	MaxReportLines = 1000
	// PendingImportLifetime is how long an uploaded file waits for its
	// confirmation.
	PendingImportLifetime = time.Hour
)

// ImportOptions say what to import a file into, and on whose word.
type ImportOptions struct {
	NewsletterIDs []int64
	// Source is where the people on the list gave their consent, kept on
	// every consent record the import writes.
	Source  string
	StaffID int64 // 0 from the command line
	// DryRun checks and reports without changing anything.
	DryRun bool
	// Expect, when set, is the digest of the dry run being confirmed: if
	// the file's outcome differs now, nothing is imported (ErrImportChanged).
	Expect string
}

// ImportLine is one line of a report.
type ImportLine struct {
	Line    int
	Email   string // as the file gave it, shortened
	Outcome string
	Detail  string
}

// ImportReport is what a dry run found, or an import did.
type ImportReport struct {
	Header        bool // the first line was a header
	Lines         int  // data lines read
	Add           int  // lines that add at least one newsletter
	NewReaders    int  // of those, addresses not yet readers
	Subscriptions int  // newsletters added, over all lines
	Already       int
	Unsubscribed  int // lines naming someone who left a chosen newsletter before
	Suppressed    int
	Invalid       int
	Duplicate     int
	UnknownSector int
	// Problems lists the lines not added in full, in file order, at most
	// MaxReportLines of them; More counts the rest.
	Problems []ImportLine
	More     int
	// Digest identifies the outcome line by line; a confirmation names it.
	Digest    string
	Committed bool
	Done      ImportCounts // what the import did, once committed
}

// ErrImportChanged refuses a confirmation whose dry run is out of date.
var ErrImportChanged = apperr.New(apperr.Conflict, "Subscribers changed since the dry run, so nothing was imported. Here is the dry run again: check it and confirm.")

type plannedLine struct {
	row   csvRow
	addr  Address
	hash  string
	sect  int64
	out   string
	adds  []int64
	left  []int64
	isNew bool
	// dupOf is the index of the line a duplicate repeats.
	dupOf int
}

// ImportCSV checks a subscriber file and, unless o.DryRun, imports it into
// o.NewsletterIDs with o.Source as the consent source. A bad file or bad
// options change nothing and are an apperr.Fields naming "file",
// "newsletters" or "source".
func (s *Service) ImportCSV(ctx context.Context, data []byte, o ImportOptions) (ImportReport, error) {
	cs, err := s.csvStore()
	if err != nil {
		return ImportReport{}, err
	}
	lines, rep, err := s.planImport(ctx, cs, data, &o)
	if err != nil || o.DryRun {
		return rep, err
	}
	if o.Expect != "" && o.Expect != rep.Digest {
		return rep, ErrImportChanged
	}
	meta := Meta{Method: MethodImport, Source: o.Source, StaffID: o.StaffID}
	var batch []ImportAdd
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		c, err := cs.ImportBatch(ctx, batch, meta, s.now())
		if err != nil {
			return fmt.Errorf("newsletter: import: %w", err)
		}
		rep.Done.Readers += c.Readers
		rep.Done.Subscriptions += c.Subscriptions
		rep.Done.Skipped += c.Skipped
		batch = batch[:0]
		return nil
	}
	for _, l := range lines {
		if l.out != OutcomeAdd {
			continue
		}
		uid, err := newUID()
		if err != nil {
			return rep, err
		}
		batch = append(batch, ImportAdd{Address: l.addr, SubjectHash: l.hash, NewUID: uid, SectorID: l.sect, NewsletterIDs: l.adds})
		if len(batch) == ImportBatchLines {
			if err := flush(); err != nil {
				return rep, err
			}
		}
	}
	if err := flush(); err != nil {
		return rep, err
	}
	rep.Committed = true
	s.log.Info("newsletter: subscribers imported", "staff", o.StaffID, "source", o.Source, "newsletters", o.NewsletterIDs,
		"lines", rep.Lines, "readers", rep.Done.Readers, "subscriptions", rep.Done.Subscriptions)
	return rep, nil
}

// planImport reads the file and decides every line against the database
// as it is now. It writes nothing.
func (s *Service) planImport(ctx context.Context, cs CSVStore, data []byte, o *ImportOptions) ([]plannedLine, ImportReport, error) {
	bad := apperr.Fields{}
	ids, err := s.checkNewsletters(ctx, bad, o.NewsletterIDs, false)
	if err != nil {
		return nil, ImportReport{}, err
	}
	o.NewsletterIDs = ids
	o.Source = strings.TrimSpace(o.Source)
	if required(bad, "source", "Say where these people gave their consent, such as “Town hall sign-up sheet, 2026-11-20”.", o.Source) {
		bad.MaxChars("source", "The source", o.Source, MaxSourceChars)
		bad.OneLine("source", "source", o.Source)
	}
	file, ferr := parseCSV(data)
	if ferr != nil {
		bad.Add("file", ferr.(apperr.Fields)["file"])
	}
	if err := bad.Err(); err != nil {
		return nil, ImportReport{}, err
	}
	secs, err := s.store.ListSectors(ctx)
	if err != nil {
		return nil, ImportReport{}, err
	}
	sectors := map[string]Sector{}
	for _, sec := range secs {
		sectors[strings.ToLower(sec.Name)] = sec
	}
	k, err := s.loadKeys(ctx)
	if err != nil {
		return nil, ImportReport{}, err
	}
	rep := ImportReport{Header: file.Header, Lines: len(file.Rows)}
	lines := make([]plannedLine, len(file.Rows))
	seen := map[string]int{}
	for i, row := range file.Rows {
		l := &lines[i]
		l.row = row
		addr, err := Normalize(row.Email)
		if err != nil {
			l.out = OutcomeInvalid
			continue
		}
		if first, ok := seen[addr.Key]; ok {
			l.out = OutcomeDuplicate
			l.left = []int64{int64(lines[first].row.Line)} // the line kept, for the report
			l.dupOf = first
			continue
		}
		seen[addr.Key] = i
		if name := strings.ToLower(strings.Join(strings.Fields(row.Sector), " ")); name != "" {
			sec, ok := sectors[name]
			if !ok || !sec.Active {
				l.out = OutcomeSector
				continue
			}
			l.sect = sec.ID
		}
		l.addr, l.hash = addr, k.subjectHash(addr.Key)
	}
	// The database's state, a batch of addresses at a time.
	for start := 0; start < len(lines); start += ImportBatchLines {
		part := lines[start:min(start+ImportBatchLines, len(lines))]
		var keys, hashes []string
		for _, l := range part {
			if l.out == "" {
				keys, hashes = append(keys, l.addr.Key), append(hashes, l.hash)
			}
		}
		if len(keys) == 0 {
			continue
		}
		st, err := cs.ImportState(ctx, keys, hashes)
		if err != nil {
			return nil, ImportReport{}, fmt.Errorf("newsletter: import: %w", err)
		}
		for i := range part {
			if part[i].out == "" {
				decide(&part[i], st, ids)
			}
		}
	}
	names := map[int64]string{}
	if nls, err := s.store.ListNewsletters(ctx); err == nil {
		for _, n := range nls {
			names[n.ID] = n.Name
		}
	}
	h := sha256.New()
	fmt.Fprintf(h, "%v\x00%s\n", ids, o.Source)
	for _, l := range lines {
		fmt.Fprintf(h, "%d %s %v %v %d\n", l.row.Line, l.out, l.adds, l.left, l.sect)
		rep.count(l, lines, names)
	}
	rep.Digest = hex.EncodeToString(h.Sum(nil))
	return lines, rep, nil
}

// decide sets a checked line's outcome from the database's state.
func decide(l *plannedLine, st ImportState, ids []int64) {
	if st.Suppressed[l.hash] {
		l.out = OutcomeSuppressed
		return
	}
	r, ok := st.Readers[l.addr.Key]
	l.isNew = !ok
	if ok {
		l.sect = 0 // an existing reader's profile is theirs (decision 0016)
	}
	for _, id := range ids {
		switch r.Status[id] {
		case StatusConfirmed:
		case StatusUnsubscribed:
			l.left = append(l.left, id)
		default: // none, or a sign-up waiting for its link: the import confirms it
			l.adds = append(l.adds, id)
		}
	}
	switch {
	case len(l.adds) > 0:
		l.out = OutcomeAdd
	case len(l.left) > 0:
		l.out = OutcomeUnsubscribed
	default:
		l.out = OutcomeAlready
	}
}

// count adds a line to the totals and, unless it is a plain addition, to
// the lines listed.
func (r *ImportReport) count(l plannedLine, lines []plannedLine, names map[int64]string) {
	item := ImportLine{Line: l.row.Line, Email: shorten(strings.TrimSpace(l.row.Email), 80), Outcome: l.out}
	nameList := func(ids []int64) string {
		var out []string
		for _, id := range ids {
			out = append(out, names[id])
		}
		return strings.Join(out, ", ")
	}
	switch l.out {
	case OutcomeAdd:
		r.Add++
		r.Subscriptions += len(l.adds)
		if l.isNew {
			r.NewReaders++
		}
		if len(l.left) == 0 {
			return
		}
		r.Unsubscribed++
		item.Outcome = OutcomeUnsubscribed
		item.Detail = "Left " + nameList(l.left) + " before: not subscribed to it again. Added to " + nameList(l.adds) + "."
	case OutcomeAlready:
		r.Already++
		item.Detail = "Skipped: nothing new to record."
	case OutcomeUnsubscribed:
		r.Unsubscribed++
		item.Detail = "Left " + nameList(l.left) + " before: their choice stands, not subscribed again."
	case OutcomeSuppressed:
		r.Suppressed++
		item.Detail = "Suppressed: not imported."
	case OutcomeInvalid:
		r.Invalid++
		item.Detail = addressProblem(l.row.Email)
	case OutcomeDuplicate:
		r.Duplicate++
		item.Detail = fmt.Sprintf("The same address as line %d, which is kept.", l.left[0])
		if lines[l.dupOf].out == OutcomeSector {
			item.Detail = fmt.Sprintf("The same address as line %d, which is not imported either: correct that line's sector, or leave it empty.", l.left[0])
		}
	case OutcomeSector:
		r.UnknownSector++
		item.Detail = fmt.Sprintf("No sector called “%s” is offered: not imported. Correct it, or leave the cell empty.", shorten(strings.TrimSpace(l.row.Sector), 80))
	}
	if len(r.Problems) < MaxReportLines {
		r.Problems = append(r.Problems, item)
	} else {
		r.More++
	}
}

// addressProblem says why Normalize refused an address.
func addressProblem(raw string) string {
	s := strings.TrimFunc(raw, unicode.IsSpace)
	at := strings.LastIndexByte(s, '@')
	switch {
	case s == "":
		return "No address in the email cell."
	case strings.ContainsFunc(s, unicode.IsSpace):
		return "It holds a space."
	case strings.ContainsAny(s, `<>"(),;:[]\`):
		return `It holds a character an address cannot have (< > " ( ) , ; : [ ] \): give the bare address, without a name.`
	case at < 0:
		return "It has no @."
	case at == 0:
		return "Nothing before the @."
	case at == len(s)-1:
		return "Nothing after the @."
	case !strings.Contains(strings.TrimSuffix(s[at+1:], "."), "."):
		return "The domain after the @ has no dot, such as example.org."
	case len(s) > 254:
		return "It is longer than 254 characters."
	case len(s[:at]) > 64:
		return "The part before the @ is longer than 64 characters."
	case strings.Contains(s, "..") || strings.HasPrefix(s, ".") || strings.Contains(s, ".@") || strings.Contains(s, "@."):
		return "A dot at the start or end of a part, or two dots in a row."
	}
	return "It is not a usable email address."
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// DryRunImport checks an uploaded file and keeps it server-side under a
// random id for PendingImportLifetime, so that ConfirmImport imports that
// file, not one a form claims. The id is "" when the file adds nobody.
func (s *Service) DryRunImport(ctx context.Context, fileName string, data []byte, o ImportOptions) (ImportReport, string, error) {
	cs, err := s.csvStore()
	if err != nil {
		return ImportReport{}, "", err
	}
	o.DryRun = true
	rep, err := s.ImportCSV(ctx, data, o)
	if err != nil || rep.Add == 0 {
		return rep, "", err
	}
	id, err := randomToken()
	if err != nil {
		return rep, "", err
	}
	now := s.now()
	p := PendingImport{ID: id, StaffID: o.StaffID, NewsletterIDs: o.NewsletterIDs, Source: strings.TrimSpace(o.Source),
		FileName: shorten(fileName, 200), Data: data, Digest: rep.Digest, CreatedAt: now, ExpiresAt: now.Add(PendingImportLifetime)}
	if err := cs.SavePendingImport(ctx, p, now); err != nil {
		return rep, "", fmt.Errorf("newsletter: keep the import: %w", err)
	}
	return rep, id, nil
}

var errNoPendingImport = apperr.New(apperr.NotFound, "This import has expired or was already done. Upload the file again.")

// PendingImport returns an uploaded file waiting for its confirmation by
// the staff member who uploaded it.
func (s *Service) PendingImport(ctx context.Context, id string, staffID int64) (PendingImport, error) {
	cs, err := s.csvStore()
	if err != nil {
		return PendingImport{}, err
	}
	if id == "" || len(id) > 100 {
		return PendingImport{}, errNoPendingImport
	}
	p, err := cs.GetPendingImport(ctx, id, s.now())
	if isNotFound(err) || (err == nil && p.StaffID != staffID) {
		return PendingImport{}, errNoPendingImport
	} else if err != nil {
		return PendingImport{}, err
	}
	return p, nil
}

// ConfirmImport imports a file kept by DryRunImport, if its outcome is
// still what the dry run reported; else it keeps the file with the new
// outcome and returns the new report with ErrImportChanged. The file is
// deleted once imported.
func (s *Service) ConfirmImport(ctx context.Context, id string, staffID int64) (ImportReport, error) {
	p, err := s.PendingImport(ctx, id, staffID)
	if err != nil {
		return ImportReport{}, err
	}
	cs, err := s.csvStore()
	if err != nil {
		return ImportReport{}, err
	}
	rep, err := s.ImportCSV(ctx, p.Data, ImportOptions{NewsletterIDs: p.NewsletterIDs, Source: p.Source, StaffID: staffID, Expect: p.Digest})
	if err == ErrImportChanged {
		p.Digest = rep.Digest
		if serr := cs.SavePendingImport(ctx, p, s.now()); serr != nil {
			return rep, serr
		}
		return rep, err
	}
	if err != nil {
		return rep, err
	}
	if err := cs.DeletePendingImport(ctx, id); err != nil {
		s.log.Error("newsletter: delete an imported file", "err", err)
	}
	return rep, nil
}

// CancelImport deletes a kept file without importing it.
func (s *Service) CancelImport(ctx context.Context, id string, staffID int64) error {
	if _, err := s.PendingImport(ctx, id, staffID); err != nil {
		return err
	}
	cs, err := s.csvStore()
	if err != nil {
		return err
	}
	return cs.DeletePendingImport(ctx, id)
}
