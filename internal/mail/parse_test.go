package mail

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
)

// parsedMail is what a mail client would show from raw RFC 5322 bytes.
type parsedMail struct {
	Header  mail.Header
	Subject string // decoded
	Text    string // decoded text/plain body, CRLF turned into LF
	HTML    string // decoded text/html body, CRLF turned into LF
}

func parseMail(t *testing.T, data []byte) parsedMail {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("net/mail cannot read message: %v\n%s", err, data)
	}
	var dec mime.WordDecoder
	subj, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	p := parsedMail{Header: msg.Header, Subject: subj}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("content-type: %v", err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		p.Text = decodeBody(t, msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
		return p
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("next part: %v", err)
		}
		// NextPart already undoes quoted-printable and drops that header.
		body := decodeBody(t, part.Header.Get("Content-Transfer-Encoding"), part)
		switch ct := part.Header.Get("Content-Type"); {
		case strings.HasPrefix(ct, "text/plain"):
			p.Text = body
		case strings.HasPrefix(ct, "text/html"):
			p.HTML = body
		default:
			t.Fatalf("unexpected part %q", ct)
		}
	}
	return p
}

func decodeBody(t *testing.T, cte string, r io.Reader) string {
	t.Helper()
	switch strings.ToLower(cte) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read body (%s): %v", cte, err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

// sameBody compares bodies ignoring the final line break, which SMTP adds
// to a single-part body anyway.
func sameBody(got, want string) bool {
	return strings.TrimRight(got, "\n") == strings.TrimRight(strings.ReplaceAll(want, "\r\n", "\n"), "\n")
}
