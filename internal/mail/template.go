package mail

import (
	"bytes"
	"fmt"
	"html"
	"maps"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Template is one message rendered once for many recipients: the shared
// headers and the encoded bodies are built when the Template is made, and
// Render only adds each recipient's To, Date, Message-ID, List-Unsubscribe
// headers and the values of the body's placeholders.
//
// A placeholder (a token such as "MHUNSUBSCRIBE1", chosen so HTML
// templating leaves it alone) may sit anywhere in the text or HTML, even
// inside a link. Quoted-printable stays correct around it because each
// value is encoded on its own between soft line breaks ("=" CRLF), which
// decoders remove: the decoded body equals the template with the value
// spliced in. A body that needs base64 (mostly non-ASCII) is encoded whole
// per recipient instead, since base64 cannot be cut at a value.
type Template struct {
	composer     Composer
	from         *mail.Address
	bounceLocal  string // VERP: envelope sender bounceLocal+token@bounceDomain
	bounceDomain string
	placeholders []string

	head   []byte  // MIME-Version, From, Subject and the shared extra headers
	pieces []piece // Content-Type header onward
}

// piece is a run of ready bytes, or a placeholder's value to encode, or a
// whole base64 part to render.
type piece struct {
	static []byte
	value  int    // placeholder index, or -1
	html   bool   // value is HTML-escaped
	b64    string // a part's raw text with placeholders, when base64
}

// Recipient is one addressee of a Template.
type Recipient struct {
	To                string   // "Name <addr>" or addr
	Values            []string // one per placeholder, in the Template's order; plain text, HTML-escaped for the HTML part
	UnsubscribeURL    string   // https URL for List-Unsubscribe; with https also List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058)
	UnsubscribeMailto string   // address, or mailto: URI, also offered in List-Unsubscribe
	BounceToken       string   // with TemplateOptions.BounceAddress: the envelope sender becomes bounce+token@domain (VERP)
}

// TemplateOptions are the settings of a Template beyond the Message.
type TemplateOptions struct {
	// Placeholders are the tokens Render replaces in Text and HTML: letters,
	// digits, '_' and '-', at least 6 characters, none inside another.
	Placeholders []string
	// BounceAddress, such as bounce@news.example.org, is the envelope
	// sender; each recipient's BounceToken is added after a '+'. Empty
	// means the From address.
	BounceAddress string
}

// perRecipientHeaders are built by Render and refused in Message.Headers.
var perRecipientHeaders = []string{"List-Unsubscribe", "List-Unsubscribe-Post"}

// Template validates m (whose To must be empty: recipients come with
// Render) and renders everything the recipients share.
func (c Composer) Template(m Message, opts TemplateOptions) (*Template, error) {
	if len(m.To) != 0 {
		return nil, invalidf("to: a template takes its recipients in Render")
	}
	m.To = []string{"check@example.invalid"}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if m.From == "" {
		return nil, invalidf("from: an address is required")
	}
	from, err := parseAddress("from", m.From)
	if err != nil {
		return nil, err
	}
	for k := range m.Headers {
		if slices.Contains(perRecipientHeaders, textproto.CanonicalMIMEHeaderKey(k)) {
			return nil, invalidf("header %q is set per recipient from Recipient.UnsubscribeURL", k)
		}
	}
	t := &Template{composer: c, from: from, placeholders: opts.Placeholders}
	for i, p := range opts.Placeholders {
		if len(p) < 6 || strings.IndexFunc(p, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
		}) >= 0 {
			return nil, invalidf("placeholder %q must be at least 6 letters, digits, '_' or '-'", p)
		}
		for j, q := range opts.Placeholders {
			if i != j && strings.Contains(q, p) {
				return nil, invalidf("placeholder %q is part of placeholder %q", p, q)
			}
		}
	}
	if opts.BounceAddress != "" {
		a, err := parseAddress("bounce address", opts.BounceAddress)
		if err != nil {
			return nil, err
		}
		at := strings.LastIndexByte(a.Address, '@')
		t.bounceLocal, t.bounceDomain = a.Address[:at], a.Address[at+1:]
	}
	if _, err := c.messageID(from); err != nil { // checks the domain once
		return nil, err
	}

	var h bytes.Buffer
	writeHeader(&h, "MIME-Version", "1.0")
	writeHeader(&h, "From", from.String())
	writeHeader(&h, "Subject", encodeText(oneLine(m.Subject)))
	for _, k := range slices.Sorted(maps.Keys(m.Headers)) {
		writeHeader(&h, textproto.CanonicalMIMEHeaderKey(k), encodeWords(m.Headers[k]))
	}
	t.head = h.Bytes()
	if err := t.buildBody(m); err != nil {
		return nil, fmt.Errorf("mail: template body: %w", err)
	}
	return t, nil
}

// buildBody lays out the same MIME structure as Composer.writeBody.
func (t *Template) buildBody(m Message) error {
	var b bytes.Buffer
	flush := func() {
		if b.Len() > 0 {
			t.pieces = append(t.pieces, piece{static: bytes.Clone(b.Bytes()), value: -1})
			b.Reset()
		}
	}
	part := func(body string, isHTML bool) error {
		enc := pickEncoding(body)
		if enc == "base64" {
			flush()
			t.pieces = append(t.pieces, piece{value: -1, b64: body, html: isHTML})
			return nil
		}
		segs := t.split(body)
		for i, s := range segs {
			last := i == len(segs)-1
			if s.value < 0 {
				if err := writeQP(&b, s.text, last); err != nil {
					return err
				}
				continue
			}
			flush()
			p := piece{value: s.value, html: isHTML}
			if !last {
				p.static = []byte("=\r\n")
			}
			t.pieces = append(t.pieces, p)
		}
		return nil
	}
	if m.HTML == "" {
		writeHeader(&b, "Content-Type", "text/plain; charset=utf-8")
		writeHeader(&b, "Content-Transfer-Encoding", pickEncoding(m.Text))
		b.WriteString("\r\n")
		if err := part(m.Text, false); err != nil {
			return err
		}
		// End on a line break, as Compose does.
		if b.Len() == 0 || !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
			b.WriteString("\r\n")
		}
		flush()
		return nil
	}
	boundary, err := t.composer.random(15)
	if err != nil {
		return err
	}
	boundary = "mh-" + boundary
	writeHeader(&b, "Content-Type", `multipart/alternative; boundary=`+boundary)
	b.WriteString("\r\n")
	for i, p := range []struct {
		typ, body string
		html      bool
	}{
		{"text/plain; charset=utf-8", m.Text, false},
		{"text/html; charset=utf-8", m.HTML, true},
	} {
		if i > 0 {
			b.WriteString("\r\n")
		}
		b.WriteString("--" + boundary + "\r\n")
		b.WriteString("Content-Transfer-Encoding: " + pickEncoding(p.body) + "\r\n")
		b.WriteString("Content-Type: " + p.typ + "\r\n\r\n")
		if err := part(p.body, p.html); err != nil {
			return err
		}
	}
	b.WriteString("\r\n--" + boundary + "--\r\n")
	flush()
	return nil
}

type segment struct {
	text  string
	value int // placeholder index, or -1 for text
}

// split cuts s at every placeholder.
func (t *Template) split(s string) []segment {
	var out []segment
	for {
		at, which := -1, -1
		for i, p := range t.placeholders {
			if j := strings.Index(s, p); j >= 0 && (at < 0 || j < at) {
				at, which = j, i
			}
		}
		if at < 0 {
			if s != "" || len(out) == 0 {
				out = append(out, segment{text: s, value: -1})
			}
			return out
		}
		if at > 0 {
			out = append(out, segment{text: s[:at], value: -1})
		}
		out = append(out, segment{value: which})
		s = s[at+len(t.placeholders[which]):]
	}
}

// writeQP quoted-printable encodes s starting at the beginning of a line,
// and, unless s is the last run of its part or ends a line, closes it with
// a soft line break so the next run also starts a line.
func writeQP(b *bytes.Buffer, s string, last bool) error {
	start := b.Len()
	qp := quotedprintable.NewWriter(b)
	if _, err := qp.Write([]byte(s)); err != nil {
		return err
	}
	if err := qp.Close(); err != nil {
		return err
	}
	if !last && b.Len() > start && !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("=\r\n")
	}
	return nil
}

// Render appends recipient r's copy to dst[:0], so a worker can reuse one
// buffer, and returns it with its envelope.
func (t *Template) Render(dst []byte, r Recipient) (Composed, error) {
	to, err := parseAddress("to", r.To)
	if err != nil {
		return Composed{}, err
	}
	if len(r.Values) != len(t.placeholders) {
		return Composed{}, invalidf("values: %d given for %d placeholders", len(r.Values), len(t.placeholders))
	}
	unsub, oneClick, err := listUnsubscribe(r.UnsubscribeURL, r.UnsubscribeMailto)
	if err != nil {
		return Composed{}, err
	}
	envFrom := t.from.Address
	if t.bounceLocal != "" {
		envFrom = t.bounceLocal + "@" + t.bounceDomain
		if r.BounceToken != "" {
			if !validToken(r.BounceToken) {
				return Composed{}, invalidf("bounce token %q must be letters, digits, '.', '_', '=' or '-'", r.BounceToken)
			}
			envFrom = t.bounceLocal + "+" + r.BounceToken + "@" + t.bounceDomain
		}
	}
	id, err := t.composer.messageID(t.from)
	if err != nil {
		return Composed{}, err
	}

	b := bytes.NewBuffer(dst[:0])
	writeHeader(b, "Date", t.composer.now().Format(time.RFC1123Z))
	writeHeader(b, "Message-ID", id)
	b.Write(t.head)
	writeHeader(b, "To", to.String())
	if unsub != "" {
		writeHeader(b, "List-Unsubscribe", unsub)
		if oneClick {
			writeHeader(b, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
		}
	}
	for _, p := range t.pieces {
		switch {
		case p.b64 != "":
			body := t.replaceAll(p.b64, r.Values, p.html)
			if err := writeEncoded(b, body, "base64"); err != nil {
				return Composed{}, err
			}
		case p.value >= 0:
			v := r.Values[p.value]
			if p.html {
				v = html.EscapeString(v)
			}
			if err := writeQP(b, v, true); err != nil {
				return Composed{}, err
			}
			b.Write(p.static) // the soft line break, unless the value ends its part
		default:
			b.Write(p.static)
		}
	}
	return Composed{From: envFrom, To: []string{to.Address}, MessageID: id, Data: b.Bytes()}, nil
}

func (t *Template) replaceAll(s string, values []string, isHTML bool) string {
	pairs := make([]string, 0, 2*len(values))
	for i, p := range t.placeholders {
		v := values[i]
		if isHTML {
			v = html.EscapeString(v)
		}
		pairs = append(pairs, p, v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// listUnsubscribe builds the List-Unsubscribe value (RFC 2369) and says
// whether the one-click POST (RFC 8058, which requires HTTPS) applies.
func listUnsubscribe(rawURL, mailto string) (value string, oneClick bool, err error) {
	var parts []string
	if rawURL != "" {
		u, err := url.Parse(rawURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(rawURL, "<>, \t\r\n") {
			return "", false, invalidf("unsubscribe url %q must be an absolute https URL without spaces, commas or angle brackets", rawURL)
		}
		parts = append(parts, "<"+rawURL+">")
		oneClick = u.Scheme == "https"
	}
	if mailto != "" {
		m := strings.TrimPrefix(mailto, "mailto:")
		addr, _, _ := strings.Cut(m, "?")
		if _, err := mail.ParseAddress(addr); err != nil || strings.ContainsAny(m, "<>, \t\r\n") {
			return "", false, invalidf("unsubscribe mailto %q must be an address or a mailto: URI without spaces", mailto)
		}
		parts = append(parts, "<mailto:"+m+">")
	}
	return strings.Join(parts, ", "), oneClick, nil
}

func validToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '=' || c == '-') {
			return false
		}
	}
	return len(s) <= 64
}
