package newsletter

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"time"
)

// ExportPage is how many readers one page of an export reads: memory
// stays flat however many readers there are.
const ExportPage = 1000

// ExportCSV writes the readers matching f as CSV to w: a header line,
// then one line per reader (address, sector, when they signed up, and
// each newsletter's status and confirmation time), read in keyset pages.
// The file starts with a UTF-8 byte-order mark, which spreadsheets need
// to read the addresses' accents, and every cell a spreadsheet would take
// for a formula starts with an apostrophe. page, when set, is called after
// each page is written (a response extends its deadline there). It returns
// how many readers were written, also after an error.
func (s *Service) ExportCSV(ctx context.Context, w io.Writer, f SubscriberFilter, page func()) (int, error) {
	cs, err := s.csvStore()
	if err != nil {
		return 0, err
	}
	nls, err := s.store.ListNewsletters(ctx)
	if err != nil {
		return 0, err
	}
	secs, err := s.store.ListSectors(ctx)
	if err != nil {
		return 0, err
	}
	sectors := map[int64]string{}
	for _, sec := range secs {
		sectors[sec.ID] = sec.Name
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString("\uFEFF"); err != nil {
		return 0, err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true // RFC 4180, and what spreadsheets write
	head := []string{"email", "sector", "signed up (UTC)"}
	for _, n := range nls {
		head = append(head, n.Name+" status", n.Name+" confirmed (UTC)")
	}
	write := func(rec []string) error {
		for i := range rec {
			rec[i] = neutralise(rec[i])
		}
		return cw.Write(rec)
	}
	if err := write(head); err != nil {
		return 0, err
	}
	rows := 0
	var after int64
	rec := make([]string, len(head))
	for {
		readers, err := cs.ExportSubscribers(ctx, f, after, ExportPage)
		if err != nil {
			return rows, fmt.Errorf("newsletter: export: %w", err)
		}
		if len(readers) == 0 {
			break
		}
		ids := make([]int64, len(readers))
		for i, r := range readers {
			ids[i] = r.ID
		}
		subs, err := cs.SubscriptionsOf(ctx, ids)
		if err != nil {
			return rows, fmt.Errorf("newsletter: export: %w", err)
		}
		for _, r := range readers {
			rec = rec[:0]
			rec = append(rec, r.Email, sectors[r.SectorID], csvTime(r.CreatedAt))
			for _, n := range nls {
				status, confirmed := "", ""
				for _, sub := range subs[r.ID] {
					if sub.NewsletterID == n.ID {
						status = sub.Status
						if sub.Status == StatusConfirmed {
							confirmed = csvTime(sub.ConfirmedAt)
						}
					}
				}
				rec = append(rec, status, confirmed)
			}
			if err := write(rec); err != nil {
				return rows, err
			}
			rows++
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return rows, err
		}
		if err := bw.Flush(); err != nil {
			return rows, err
		}
		if page != nil {
			page()
		}
		after = readers[len(readers)-1].ID
		if len(readers) < ExportPage {
			break
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return rows, err
	}
	return rows, bw.Flush()
}

// csvTime is a time as spreadsheets read it, in UTC (the header says so).
func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}
