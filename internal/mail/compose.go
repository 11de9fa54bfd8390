package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"time"
)

// Composer renders Messages as RFC 5322 bytes. The zero value is ready to
// use; tests set Now, Rand and Domain to get byte-identical output.
type Composer struct {
	Now    func() time.Time // clock for the Date header; time.Now when nil
	Rand   io.Reader        // Message-ID and boundary source, safe for concurrent use; crypto/rand when nil
	Domain string           // right-hand side of Message-ID; the From domain when empty
}

// Composed is a rendered message together with its SMTP envelope.
type Composed struct {
	From      string   // envelope sender, bare address
	To        []string // envelope recipients, bare addresses
	MessageID string   // with angle brackets, as in the header
	Data      []byte   // RFC 5322 bytes with CRLF line endings
}

// Compose validates m and renders it. m.From must be set: defaults are the
// Sender's business, not the Composer's.
func (c Composer) Compose(m Message) (Composed, error) {
	if err := m.Validate(); err != nil {
		return Composed{}, err
	}
	if m.From == "" {
		return Composed{}, invalidf("from: an address is required")
	}
	from, err := parseAddress("from", m.From)
	if err != nil {
		return Composed{}, err
	}
	to, err := m.recipients()
	if err != nil {
		return Composed{}, err
	}
	id, err := c.messageID(from)
	if err != nil {
		return Composed{}, err
	}

	var b bytes.Buffer
	writeHeader(&b, "Date", c.now().Format(time.RFC1123Z))
	writeHeader(&b, "Message-ID", id)
	writeHeader(&b, "MIME-Version", "1.0")
	writeHeader(&b, "From", from.String())
	writeHeader(&b, "To", joinAddresses(to))
	writeHeader(&b, "Subject", encodeText(oneLine(m.Subject)))
	// Sorted so the same Message always renders the same bytes.
	for _, k := range slices.Sorted(maps.Keys(m.Headers)) {
		writeHeader(&b, textproto.CanonicalMIMEHeaderKey(k), encodeWords(m.Headers[k]))
	}
	if err := c.writeBody(&b, m); err != nil {
		return Composed{}, fmt.Errorf("mail: compose body: %w", err)
	}

	env := make([]string, len(to))
	for i, a := range to {
		env[i] = a.Address
	}
	return Composed{From: from.Address, To: env, MessageID: id, Data: b.Bytes()}, nil
}

// writeBody writes the Content-* headers, the blank line and the body: a
// single text/plain part, or multipart/alternative when HTML is present.
func (c Composer) writeBody(b *bytes.Buffer, m Message) error {
	if m.HTML == "" {
		enc := pickEncoding(m.Text)
		writeHeader(b, "Content-Type", "text/plain; charset=utf-8")
		writeHeader(b, "Content-Transfer-Encoding", enc)
		b.WriteString("\r\n")
		if err := writeEncoded(b, m.Text, enc); err != nil {
			return err
		}
		// End on a line break so the file and the DATA stream are well formed.
		if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
			b.WriteString("\r\n")
		}
		return nil
	}
	boundary, err := c.random(15)
	if err != nil {
		return err
	}
	mw := multipart.NewWriter(b)
	if err := mw.SetBoundary("mh-" + boundary); err != nil {
		return err
	}
	writeHeader(b, "Content-Type", mime.FormatMediaType("multipart/alternative",
		map[string]string{"boundary": mw.Boundary()}))
	b.WriteString("\r\n")
	// Least preferred first (RFC 2046 section 5.1.4): clients show the last
	// part they understand.
	for _, p := range []struct{ typ, body string }{
		{"text/plain; charset=utf-8", m.Text},
		{"text/html; charset=utf-8", m.HTML},
	} {
		enc := pickEncoding(p.body)
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {p.typ},
			"Content-Transfer-Encoding": {enc},
		})
		if err != nil {
			return err
		}
		if err := writeEncoded(w, p.body, enc); err != nil {
			return err
		}
	}
	return mw.Close()
}

// pickEncoding chooses base64 for mostly non-ASCII text (e.g. CJK), where
// quoted-printable would triple the size, and quoted-printable otherwise so
// the source stays readable.
func pickEncoding(s string) string {
	high := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			high++
		}
	}
	if high*3 > len(s) {
		return "base64"
	}
	return "quoted-printable"
}

func writeEncoded(w io.Writer, s, enc string) error {
	if enc == "base64" {
		// Text must travel with CRLF line breaks (RFC 2046 section 4.1.1);
		// base64 would otherwise carry bare LFs verbatim.
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
		enc := base64.StdEncoding.EncodeToString([]byte(s))
		for len(enc) > 76 {
			if _, err := io.WriteString(w, enc[:76]+"\r\n"); err != nil {
				return err
			}
			enc = enc[76:]
		}
		_, err := io.WriteString(w, enc)
		return err
	}
	// Non-binary mode turns any line break into CRLF and soft-wraps long lines.
	qp := quotedprintable.NewWriter(w)
	if _, err := io.WriteString(qp, s); err != nil {
		return err
	}
	return qp.Close()
}

func (c Composer) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

func (c Composer) random(n int) (string, error) {
	r := c.Rand
	if r == nil {
		r = rand.Reader
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return "", fmt.Errorf("mail: read random: %w", err)
	}
	return hex.EncodeToString(buf), nil
}

func (c Composer) messageID(from *mail.Address) (string, error) {
	domain := c.Domain
	if domain == "" {
		domain = from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	}
	if !validFieldName(domain) || strings.ContainsAny(domain, "<>@") {
		return "", fmt.Errorf("mail: message-id domain %q must be a host name", domain)
	}
	r, err := c.random(16)
	if err != nil {
		return "", err
	}
	return "<" + r + "@" + domain + ">", nil
}
