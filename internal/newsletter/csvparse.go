package newsletter

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"masthead/internal/apperr"
)

// MaxImportBytes is the largest subscriber file an import takes: about
// 200,000 lines of address and sector.
const MaxImportBytes = 10 << 20

// MaxImportColumns bounds the cells of one line. encoding/csv holds every
// cell of a record at once, some 40 bytes each, so a file of 10 MB of
// commas would take more than a gigabyte; an export has 3 columns and 2
// per newsletter.
const MaxImportColumns = 1000

// MaxImportLines bounds the data lines of a file: every line is planned
// in memory (a few hundred bytes each) before anything is written, and 10
// MB of two-byte lines would be 5 million of them.
const MaxImportLines = 200_000

// csvRow is one data line of an import file, as given.
type csvRow struct {
	Line   int // where the record starts in the file, from 1
	Email  string
	Sector string
}

// parsedCSV is an import file read whole: its data lines and whether its
// first line was a header.
type parsedCSV struct {
	Header    bool
	HasSector bool
	Rows      []csvRow
}

// fileError is a problem with the file as a whole: nothing is imported.
func fileError(format string, args ...any) error {
	return apperr.Fields{"file": fmt.Sprintf(format, args...)}
}

// parseCSV reads an import file. A file that is not UTF-8 text in CSV (a
// spreadsheet saved in another format, a binary, a UTF-16 export, rows of
// different lengths, a quote left open) is refused as a whole, naming the
// line, so nothing of a misread file is imported. A UTF-8 byte-order mark,
// CRLF line ends and line breaks inside quoted cells are fine; so are
// commas or semicolons as separators (spreadsheets in many countries
// write semicolons). The first line is a header when one of its cells
// names the email column ("email", "e-mail", "email address"); otherwise
// the column whose first cell holds an @ is the address and no sector is
// read.
func parseCSV(data []byte) (parsedCSV, error) {
	if len(data) > MaxImportBytes {
		return parsedCSV{}, fileError("The file is larger than 10 MB. Split it into smaller files and import each.")
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return parsedCSV{}, fileError("The file is in UTF-16. Save it as “CSV UTF-8” and upload it again.")
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(bytes.TrimSpace(data)) == 0 {
		return parsedCSV{}, fileError("The file is empty.")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return parsedCSV{}, fileError("Line %d holds a NUL byte: this is not a CSV text file. Export the list as CSV and upload that.", lineAt(data, i))
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return parsedCSV{}, fileError("Line %d is not UTF-8 text. Save the file as “CSV UTF-8” and upload it again.", lineAt(data, i))
	}
	if i := bytes.IndexFunc(data, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }); i >= 0 {
		return parsedCSV{}, fileError("Line %d holds a control character: this is not a CSV text file.", lineAt(data, i))
	}
	sep := separator(data)
	if line := wideLine(data, byte(sep)); line > 0 {
		return parsedCSV{}, fileError("Line %d has more than %d cells: this is not a list of addresses.", line, MaxImportColumns)
	}
	rd := csv.NewReader(bytes.NewReader(data))
	rd.Comma = sep
	rd.FieldsPerRecord = 0 // every record as long as the first
	rd.ReuseRecord = false
	var out parsedCSV
	first := true
	email, sector := -1, -1
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					return parsedCSV{}, fileError("Line %d has %s where the first line has %d. Check for a separator inside a cell that is not in quotes.",
						pe.StartLine, cells(len(rec)), rd.FieldsPerRecord)
				}
				return parsedCSV{}, fileError("Line %d cannot be read as CSV (%s). Check its quotes.", pe.StartLine, csvProblem(pe.Err))
			}
			return parsedCSV{}, fileError("The file cannot be read as CSV.")
		}
		line, _ := rd.FieldPos(0)
		if first {
			first = false
			email, sector = headerColumns(rec)
			if email >= 0 {
				out.Header, out.HasSector = true, sector >= 0
				continue
			}
			for i, c := range rec {
				if strings.Contains(c, "@") {
					email = i
					break
				}
			}
			if email < 0 {
				return parsedCSV{}, fileError("The first line names no email column and holds no address. Start the file with a header line such as “email,sector”.")
			}
		}
		if len(out.Rows) == MaxImportLines {
			return parsedCSV{}, fileError("The file has more than %s lines (line %s is one past them). Split it into smaller files and import each.",
				apperr.Thousands(MaxImportLines), apperr.Thousands(line))
		}
		row := csvRow{Line: line, Email: unneutralise(rec[email])}
		if sector >= 0 {
			row.Sector = unneutralise(rec[sector])
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // an empty line between records
		}
		out.Rows = append(out.Rows, row)
	}
	if len(out.Rows) == 0 {
		return parsedCSV{}, fileError("The file holds no addresses, only its header line.")
	}
	return out, nil
}

// separator is ; when the first line holds more semicolons than commas
// (outside quotes is not worth the trouble: a header has none), else ,.
func separator(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		return ';'
	}
	return ','
}

// wideLine returns the line where the first record of more than
// MaxImportColumns cells starts, or 0, without making the cells. Every
// quote toggles being in quotes: exact for each file encoding/csv accepts
// (quotes only around cells, doubled inside), and it refuses the others.
func wideLine(data []byte, sep byte) int {
	cells, quoted, line, start := 1, false, 1, 1
	for _, b := range data {
		switch {
		case b == '"':
			quoted = !quoted
		case b == '\n':
			line++
			if !quoted {
				cells, start = 1, line
			}
		case b == sep && !quoted:
			if cells++; cells > MaxImportColumns {
				return start
			}
		}
	}
	return 0
}

// headerColumns finds the email and sector columns of a header line; -1
// when absent.
func headerColumns(rec []string) (email, sector int) {
	email, sector = -1, -1
	for i, c := range rec {
		switch strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(c, "_", " ")), " ")) {
		case "email", "e-mail", "email address", "e-mail address", "mail":
			if email < 0 {
				email = i
			}
		case "sector", "job sector":
			if sector < 0 {
				sector = i
			}
		}
	}
	return email, sector
}

func csvProblem(err error) string {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return "a quote is left open or stray"
	case errors.Is(err, csv.ErrBareQuote):
		return "a quote inside a cell that is not in quotes"
	}
	return "not CSV"
}

func cells(n int) string {
	if n == 1 {
		return "1 cell"
	}
	return fmt.Sprintf("%d cells", n)
}

// lineAt is the line number of byte offset i of data.
func lineAt(data []byte, i int) int { return bytes.Count(data[:i], []byte("\n")) + 1 }

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula (OWASP, "CSV injection").
const formulaStarts = "=+-@\t\r"

// neutralise prefixes a cell a spreadsheet would run as a formula with an
// apostrophe, which spreadsheets show as text and do not display. A cell
// that already looks guarded (apostrophes, then a formula start: addresses
// may start so) gets one more, so that unneutralise gives it back whole.
func neutralise(s string) string {
	if s != "" && (strings.IndexByte(formulaStarts, s[0]) >= 0 || guarded(s)) {
		return "'" + s
	}
	return s
}

// unneutralise undoes neutralise, so an exported file imports again.
func unneutralise(s string) string {
	if guarded(s) {
		return s[1:]
	}
	return s
}

// guarded reports whether s is one or more apostrophes, then a formula
// start.
func guarded(s string) bool {
	t := strings.TrimLeft(s, "'")
	return len(t) < len(s) && t != "" && strings.IndexByte(formulaStarts, t[0]) >= 0
}
