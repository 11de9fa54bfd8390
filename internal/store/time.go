package store

import (
	"database/sql"
	"database/sql/driver"
	"time"
)

// Times are stored as Unix microseconds in UTC in both engines, so ordering,
// comparison and keyset pagination behave the same everywhere.

// unixTime converts a time for storage; the zero time becomes NULL.
func unixTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

// Time scans a nullable stored timestamp.
type Time struct{ T time.Time }

// Scan implements sql.Scanner.
func (t *Time) Scan(v any) error {
	var n sql.NullInt64
	if err := n.Scan(v); err != nil {
		return err
	}
	if !n.Valid {
		t.T = time.Time{}
		return nil
	}
	t.T = time.UnixMicro(n.Int64).UTC()
	return nil
}

// Value implements driver.Valuer.
func (t Time) Value() (driver.Value, error) {
	if t.T.IsZero() {
		return nil, nil
	}
	return t.T.UnixMicro(), nil
}
