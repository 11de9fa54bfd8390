package mail

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"
)

// DevSender writes each message to an .eml file instead of sending it, so a
// developer without SMTP can open what users would receive.
type DevSender struct {
	// Composer renders messages; set its fields before the first Send.
	Composer Composer

	dir         string
	defaultFrom string
	logger      *slog.Logger
	seq         atomic.Uint64
}

var (
	_ Sender    = (*DevSender)(nil)
	_ Deliverer = (*DevSender)(nil)
)

// NewDevSender writes into dir, which Send creates (0o750) when missing.
// Messages without From get a fixed local placeholder.
func NewDevSender(dir string, logger *slog.Logger) *DevSender {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &DevSender{dir: dir, defaultFrom: "Masthead <masthead@localhost>", logger: logger}
}

// Send writes m as dir/<UTC time>-<sequence>-<random>.eml. The name sorts by
// time, and O_EXCL guarantees two processes sharing dir never overwrite each
// other's files.
func (d *DevSender) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("mail: dev send: %w", err)
	}
	if m.From == "" {
		m.From = d.defaultFrom
	}
	msg, err := d.Composer.Compose(m)
	if err != nil {
		return err
	}
	path, err := d.write(msg)
	if err != nil {
		return err
	}
	d.logger.InfoContext(ctx, "mail written to file",
		"to", m.To, "subject", m.Subject, "path", path)
	return nil
}

// Deliver writes an already composed message (a campaign's copy for one
// reader) like Send, so newsletters can be tried without SMTP.
func (d *DevSender) Deliver(ctx context.Context, msg Composed) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("mail: dev deliver: %w", err)
	}
	if len(msg.To) == 0 {
		return invalidf("to: at least one recipient is required")
	}
	path, err := d.write(msg)
	if err != nil {
		return err
	}
	d.logger.DebugContext(ctx, "mail written to file", "to", msg.To, "path", path)
	return nil
}

// write stores msg as a new file and returns its path.
func (d *DevSender) write(msg Composed) (string, error) {
	if err := os.MkdirAll(d.dir, 0o750); err != nil {
		return "", fmt.Errorf("mail: dev send: %w", err)
	}
	suffix, err := d.Composer.random(4)
	if err != nil {
		return "", err
	}
	name := fmt.Sprintf("%s-%06d-%s.eml",
		d.Composer.now().UTC().Format("20060102T150405.000000000Z"), d.seq.Add(1), suffix)
	path := filepath.Join(d.dir, name)
	if err := writeNew(path, msg.Data); err != nil {
		return "", fmt.Errorf("mail: dev send: %w", err)
	}
	return path, nil
}

// writeNew creates path exclusively and removes it again if the write fails,
// so the directory never holds a truncated message.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		if rerr := os.Remove(path); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			return errors.Join(err, rerr)
		}
		return err
	}
	return nil
}
