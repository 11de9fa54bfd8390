package feedback

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"regexp"
	"strings"
)

// What a message to a bounce address can be.
const (
	ReportNone      = ""          // not a bounce or complaint we can read: ignored
	ReportBounce    = "bounce"    // a delivery status notification or a plain bounce
	ReportComplaint = "complaint" // an abuse feedback report (ARF)
)

// Report is what an inbound message to bounce+TOKEN@ says.
type Report struct {
	Kind    string
	Failure Failure // for ReportBounce
}

// Failure is one delivery failure as a bounce reports it.
type Failure struct {
	Status     string // the enhanced status code, such as 5.1.1
	Action     string // failed or delayed, from a DSN; "" from a plain bounce
	Diagnostic string // the remote server's answer, when given
}

// Permanent reports whether the failure is about the address and will
// not go away: a 5.x.x status other than 5.6.x (the message's content)
// and 5.7.x (policy: spam filters, the sender's reputation), which say
// nothing about the reader's mailbox. Those and every 4.x.x are soft.
func (f Failure) Permanent() bool {
	if f.Action == "delayed" || !strings.HasPrefix(f.Status, "5.") {
		return false
	}
	return !strings.HasPrefix(f.Status, "5.6.") && !strings.HasPrefix(f.Status, "5.7.")
}

// Bounds of parsing: the message as a whole is bounded by the listener.
const (
	maxParts      = 20
	maxDepth      = 3
	maxPartBytes  = 64 << 10
	maxStatusBlks = 50
)

var (
	statusRE = regexp.MustCompile(`^([245])\.([0-9]{1,3})\.([0-9]{1,3})\b`)
	// A plain bounce quotes the remote server: "550 5.1.1 <a@b>: unknown"
	// or "550-5.1.1 ..."; or lists "Status: 5.1.1". Both tie the status
	// to an SMTP reply, so a version number ("Exim 4.96.1") is not one.
	plainReplyRE  = regexp.MustCompile(`\b([45])[0-9]{2}[ -]#?([45]\.[0-9]{1,3}\.[0-9]{1,3})\b`)
	plainStatusRE = regexp.MustCompile(`(?mi)^\s*Status:\s*([45]\.[0-9]{1,3}\.[0-9]{1,3})\b`)
	bounceSubject = regexp.MustCompile(`(?i)undeliver|delivery (status|failure|failed|notification|has failed)|returned mail|failure notice|mail delivery|could not be delivered|non[- ]?delivery`)
)

// ParseReport reads a message sent to a bounce address: an RFC 3464
// delivery status notification (multipart/report; report-type=
// delivery-status), an RFC 5965 abuse report (report-type=
// feedback-report, Feedback-Type: abuse), or a plain bounce that quotes
// an SMTP reply with an enhanced status code. Anything else (auto-replies,
// success notices, garbage) is ReportNone; an error means the message
// could not be parsed at all, and is ignored the same way.
func ParseReport(msg []byte) (Report, error) {
	m, err := mail.ReadMessage(bytes.NewReader(msg))
	if err != nil {
		return Report{}, err
	}
	var found report
	var plain []byte
	if err := walk(textproto.MIMEHeader(m.Header), m.Body, 0, &found, &plain); err != nil && !found.any() {
		return Report{}, err
	}
	switch {
	case found.complaint:
		return Report{Kind: ReportComplaint}, nil
	case found.failure.Status != "":
		return Report{Kind: ReportBounce, Failure: found.failure}, nil
	case found.dsn:
		return Report{}, nil // a DSN that reports no failure (delivered, relayed)
	}
	// A plain message to the return path may be an auto-reply (RFC 3834
	// sends them there), so it must come from the mail system.
	if !looksLikeBounce(m.Header) {
		return Report{}, nil
	}
	if f, ok := plainFailure(plain); ok {
		return Report{Kind: ReportBounce, Failure: f}, nil
	}
	return Report{}, nil
}

type report struct {
	dsn       bool // a delivery-status part was seen
	complaint bool
	failure   Failure
}

func (r *report) any() bool { return r.dsn || r.complaint || r.failure.Status != "" }

// walk reads one entity: a multipart's parts (to maxDepth), a
// delivery-status or feedback-report part, or text kept for the plain
// bounce reading.
func walk(h textproto.MIMEHeader, body io.Reader, depth int, found *report, plain *[]byte) error {
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		mt = "text/plain"
	}
	mt = strings.ToLower(mt)
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		if depth >= maxDepth || params["boundary"] == "" {
			return nil
		}
		mr := multipart.NewReader(body, params["boundary"])
		for i := 0; i < maxParts; i++ {
			p, err := mr.NextPart()
			if err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			if err := walk(p.Header, p, depth+1, found, plain); err != nil {
				return err
			}
		}
		return nil
	case mt == "message/delivery-status" || mt == "message/global-delivery-status":
		found.dsn = true
		if f, ok := deliveryStatus(decoded(h, body)); ok && (found.failure.Status == "" || f.Permanent()) {
			found.failure = f
		}
	case mt == "message/feedback-report":
		r := textproto.NewReader(bufio.NewReader(io.LimitReader(decoded(h, body), maxPartBytes)))
		fields, err := r.ReadMIMEHeader()
		if err != nil && len(fields) == 0 {
			return nil
		}
		if strings.EqualFold(strings.TrimSpace(fields.Get("Feedback-Type")), "abuse") {
			found.complaint = true
		}
	case mt == "text/plain" && len(*plain) < maxPartBytes:
		b, _ := io.ReadAll(io.LimitReader(decoded(h, body), int64(maxPartBytes-len(*plain))))
		*plain = append(*plain, b...)
	}
	return nil
}

// decoded undoes a part's transfer encoding (multipart.Reader undoes
// quoted-printable itself; the top-level body is left to us).
func decoded(h textproto.MIMEHeader, body io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, body) // it skips line breaks itself
	case "quoted-printable":
		return quotedprintable.NewReader(body)
	}
	return body
}

// deliveryStatus reads the fields of a delivery-status part: the
// per-message block, then one block per recipient. The worst failure
// wins: permanent over transient; "delivered" and the like are none.
func deliveryStatus(body io.Reader) (Failure, bool) {
	r := textproto.NewReader(bufio.NewReader(io.LimitReader(body, maxPartBytes)))
	var out Failure
	found := false
	for i := 0; i < maxStatusBlks; i++ {
		fields, err := r.ReadMIMEHeader()
		action := strings.ToLower(strings.TrimSpace(fields.Get("Action")))
		if m := statusRE.FindString(strings.TrimSpace(fields.Get("Status"))); m != "" && (action == "failed" || action == "delayed") {
			f := Failure{Status: m, Action: action, Diagnostic: strings.TrimSpace(fields.Get("Diagnostic-Code"))}
			if !found || (f.Permanent() && !out.Permanent()) {
				out, found = f, true
			}
		}
		if err != nil {
			break
		}
	}
	return out, found
}

// looksLikeBounce tells a plain bounce from other mail to the return
// path (RFC 3834 auto-replies go there too): it comes from the mail
// system or says so in its subject.
func looksLikeBounce(h mail.Header) bool {
	from := strings.ToLower(h.Get("From"))
	if strings.Contains(from, "mailer-daemon@") || strings.Contains(from, "postmaster@") {
		return true
	}
	return bounceSubject.MatchString(h.Get("Subject"))
}

// plainFailure finds the SMTP status a plain bounce quotes.
func plainFailure(text []byte) (Failure, bool) {
	if m := plainReplyRE.FindSubmatchIndex(text); m != nil && text[m[2]] == text[m[4]] {
		line := text[m[0]:]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		return Failure{Status: string(text[m[4]:m[5]]), Diagnostic: string(line)}, true
	}
	if m := plainStatusRE.FindSubmatch(text); m != nil {
		return Failure{Status: string(m[1])}, true
	}
	return Failure{}, false
}
