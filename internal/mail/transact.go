package mail

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"strings"
)

// transact sends one message on pc. sent reports that the whole message
// went out, after which an error leaves its fate unknown.
//
// net/smtp sets the session up (EHLO, STARTTLS, AUTH) and resets it; the
// transaction itself is written here on the client's public text
// connection, because net/smtp can neither pipeline nor use CHUNKING and
// its dot writer handles one byte at a time, which cost more CPU than all
// the rest of a send. With PIPELINING (RFC 2920) MAIL and the RCPTs go out
// in one write; with CHUNKING (RFC 3030) the message follows "BDAT size
// LAST" as it is, with no dot-stuffing for either side to do.
func (s *SMTPSender) transact(ctx context.Context, pc *poolConn, msg Composed, sig []byte) (sent bool, err error) {
	stop := pc.conn.bind(ctx)
	defer stop()
	if pc.dirty {
		if err := pc.client.Reset(); err != nil {
			return false, fmt.Errorf("rset: %w", err)
		}
		pc.dirty = false
	}
	tc := pc.client.Text
	// Any failure below leaves the transaction open on the server.
	pc.dirty = true
	if err := s.envelope(pc, tc, msg); err != nil {
		return false, err
	}
	// Deliver made sig and the data canonical once for all attempts.
	data := msg.Data
	if pc.chunking && !s.noChunking {
		fmt.Fprintf(tc.W, "BDAT %d LAST\r\n", len(sig)+len(data))
		tc.W.Write(sig)
		tc.W.Write(data)
		if err := tc.W.Flush(); err != nil {
			return false, fmt.Errorf("bdat: %w", err)
		}
	} else {
		if err := command(tc, 354, "DATA"); err != nil {
			return false, deliveryError(err, "DATA", "")
		}
		// Dot-stuffing a line break at a time: net/textproto's dot writer
		// handles one byte at a time.
		writeStuffed(tc.W, sig)
		writeStuffed(tc.W, data)
		tc.W.WriteString(".\r\n")
		if err := tc.W.Flush(); err != nil {
			return false, fmt.Errorf("data: %w", err)
		}
	}
	if _, _, err := tc.ReadResponse(250); err != nil {
		var te *textproto.Error
		if errors.As(err, &te) {
			pc.dirty = false // the server ended the transaction with its reply
			return true, deliveryError(err, "DATA", "")
		}
		return true, fmt.Errorf("data: %w: %w", ErrUnconfirmed, err)
	}
	pc.dirty = false
	return true, nil
}

// envelope sends MAIL FROM and one RCPT TO per recipient, in one write
// when the server allows pipelining, and reads every reply, so the session
// stays in step even after a refusal; it returns the first refusal.
func (s *SMTPSender) envelope(pc *poolConn, tc *textproto.Conn, msg Composed) error {
	utf8 := ""
	if pc.smtputf8 && !plainASCII(strings.Join(append([]string{msg.From}, msg.To...), "")) {
		utf8 = " SMTPUTF8"
	}
	type step struct{ command, rcpt, line string }
	steps := []step{{"MAIL FROM", "", "MAIL FROM:<" + msg.From + ">" + utf8}}
	for _, r := range msg.To {
		steps = append(steps, step{"RCPT TO", r, "RCPT TO:<" + r + ">"})
	}
	if !pc.pipelining || s.noPipelining {
		for _, st := range steps {
			if err := command(tc, 250, st.line); err != nil {
				return deliveryError(err, st.command, st.rcpt)
			}
		}
		return nil
	}
	for _, st := range steps {
		tc.W.WriteString(st.line + "\r\n")
	}
	if err := tc.W.Flush(); err != nil {
		return fmt.Errorf("mail from: %w", err)
	}
	var first error
	for _, st := range steps {
		_, _, err := tc.ReadResponse(250)
		var te *textproto.Error
		if err != nil && !errors.As(err, &te) {
			return fmt.Errorf("%s: %w", strings.ToLower(st.command), err)
		}
		if err != nil && first == nil {
			first = deliveryError(err, st.command, st.rcpt)
		}
	}
	return first
}

// command writes one line and reads its reply.
func command(tc *textproto.Conn, code int, line string) error {
	tc.W.WriteString(line + "\r\n")
	if err := tc.W.Flush(); err != nil {
		return err
	}
	_, _, err := tc.ReadResponse(code)
	return err
}

// canonical returns p with every line break as CRLF and a CRLF at the
// end, as both DATA and BDAT require: p itself when it already is, as
// Compose and Template write it, else a mended copy.
func canonical(p []byte) []byte {
	if len(p) == 0 || (crlfOnly(p) && bytes.HasSuffix(p, crlf)) {
		return p
	}
	out := make([]byte, 0, len(p)+len(p)/32+2)
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '\r' && i+1 < len(p) && p[i+1] == '\n':
			out = append(out, '\r', '\n')
			i++
		case c == '\r' || c == '\n':
			out = append(out, '\r', '\n')
		default:
			out = append(out, c)
		}
	}
	if !bytes.HasSuffix(out, crlf) {
		out = append(out, '\r', '\n')
	}
	return out
}

var (
	crlf    = []byte("\r\n")
	crlfDot = []byte("\r\n.")
)

// crlfOnly reports that every CR and LF in p is part of a CRLF pair.
func crlfOnly(p []byte) bool {
	pairs := bytes.Count(p, crlf)
	return bytes.Count(p, crlf[1:]) == pairs && bytes.Count(p, crlf[:1]) == pairs
}

// writeStuffed writes p, which starts at the beginning of a line, doubling
// the dot that starts a line (RFC 5321 section 4.5.2). Write errors stick
// in bw and show at Flush.
func writeStuffed(bw *bufio.Writer, p []byte) {
	if len(p) > 0 && p[0] == '.' {
		bw.WriteByte('.')
	}
	for {
		i := bytes.Index(p, crlfDot)
		if i < 0 {
			bw.Write(p)
			return
		}
		bw.Write(p[:i+3])
		bw.WriteByte('.')
		p = p[i+3:]
	}
}
