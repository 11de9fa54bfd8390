package content

import (
	"strconv"
	"strings"
	"time"
)

// Lists on the site and in the newsroom are paginated with a keyset cursor
// in the address: the time (Unix microseconds) and id of the last row
// shown, written "1772355600000000-42". The newsroom's list once wrote
// "1772355600000000.42"; ParseCursor still reads that.

// String is the cursor as addresses carry it.
func (c Cursor) String() string {
	return strconv.FormatInt(c.PublishedAt.UnixMicro(), 10) + "-" + strconv.FormatInt(c.ID, 10)
}

// ParseCursor reads a cursor written by Cursor.String, or in the older
// dotted form. It reports false for anything else: signs, spaces, a zero
// id, or numbers too long for 64 bits.
func ParseCursor(s string) (Cursor, bool) {
	micros, id, ok := strings.Cut(s, "-")
	if !ok {
		micros, id, ok = strings.Cut(s, ".")
	}
	if !ok || !digits(micros) || !digits(id) {
		return Cursor{}, false
	}
	m, err1 := strconv.ParseInt(micros, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || n <= 0 {
		return Cursor{}, false
	}
	return Cursor{PublishedAt: time.UnixMicro(m).UTC(), ID: n}, true
}

func digits(s string) bool {
	if s == "" || len(s) > 19 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
