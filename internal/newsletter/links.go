package newsletter

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"time"

	"masthead/internal/apperr"
)

// Purpose says what a signed link may do; a link signed for one purpose
// is refused for any other.
type Purpose byte

const (
	// PurposeUnsubscribe links unsubscribe from one newsletter (the
	// List-Unsubscribe URL and the visible link). They never expire: RFC
	// 8058 needs them to work for as long as the email is kept.
	PurposeUnsubscribe Purpose = 1
	// PurposePreferences links open the preference centre to change
	// newsletters and the profile.
	PurposePreferences Purpose = 2
	// PurposeAccess links allow downloading and erasing a reader's data;
	// sign them with a short expiry and send them on request only.
	PurposeAccess Purpose = 3
	// PurposeBounce tokens name the reader and campaign of one message in
	// its VERP return path (bounce+token@domain) and mailto unsubscribe
	// address, so a bounce or an emailed unsubscribe finds its reader
	// without keeping a table of every message sent.
	PurposeBounce Purpose = 4
	// PurposeTrack tokens name the reader and campaign in open and click
	// tracking addresses, where a newsletter has tracking turned on.
	PurposeTrack Purpose = 5
)

// Link is what a signed link carries.
type Link struct {
	ReaderUID    string
	NewsletterID int64 // for PurposeUnsubscribe; 0 otherwise
	CampaignID   int64 // the send the link was emailed in; 0 when none
	Purpose      Purpose
	Expires      time.Time // zero: never
}

// macLen is the signature's length in the token: 128 bits.
const macLen = 16

// errBadLink is the one answer for any link that cannot be used.
var errBadLink = apperr.New(apperr.NotFound, "This link is not valid or has expired. Use the link in a more recent email.")

// Signer signs and verifies links with a key derived from the server
// secret. It holds no state beyond the key, so a sending engine can sign
// many links without touching the database.
type Signer struct{ key []byte }

// Sign returns a URL-safe token for l.
func (s *Signer) Sign(l Link) (string, error) {
	uid, err := base64.RawURLEncoding.DecodeString(l.ReaderUID)
	if err != nil || len(uid) == 0 || len(uid) > 64 {
		return "", apperr.New(apperr.Internal, "newsletter: sign link: bad reader uid")
	}
	var exp uint64
	if !l.Expires.IsZero() {
		exp = uint64(l.Expires.Unix())
	}
	// Version 2 carries the campaign id; version 1 tokens (no campaign)
	// still verify, so links in mail already sent keep working.
	b := []byte{2, byte(l.Purpose)}
	b = binary.AppendUvarint(b, uint64(l.NewsletterID))
	b = binary.AppendUvarint(b, uint64(l.CampaignID))
	b = binary.AppendUvarint(b, exp)
	b = append(b, uid...)
	b = append(b, s.mac(b)...)
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Verify checks a token for purpose at now and returns what it carries.
func (s *Signer) Verify(token string, purpose Purpose, now time.Time) (Link, error) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) < 2+1+1+1+macLen || (b[0] != 1 && b[0] != 2) {
		return Link{}, errBadLink
	}
	body, sig := b[:len(b)-macLen], b[len(b)-macLen:]
	if !hmac.Equal(sig, s.mac(body)) || Purpose(body[1]) != purpose {
		return Link{}, errBadLink
	}
	rest := body[2:]
	nl, n := binary.Uvarint(rest)
	if n <= 0 {
		return Link{}, errBadLink
	}
	rest = rest[n:]
	var campaign uint64
	if body[0] == 2 {
		if campaign, n = binary.Uvarint(rest); n <= 0 {
			return Link{}, errBadLink
		}
		rest = rest[n:]
	}
	exp, n := binary.Uvarint(rest)
	if n <= 0 || len(rest[n:]) == 0 {
		return Link{}, errBadLink
	}
	l := Link{ReaderUID: base64.RawURLEncoding.EncodeToString(rest[n:]), NewsletterID: int64(nl), CampaignID: int64(campaign), Purpose: purpose}
	if exp != 0 {
		l.Expires = time.Unix(int64(exp), 0).UTC()
		if !now.Before(l.Expires) {
			return Link{}, errBadLink
		}
	}
	return l, nil
}

func (s *Signer) mac(b []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write(b)
	return m.Sum(nil)[:macLen]
}

// keys are the secret's purposes, derived apart so that no value made
// for one can be replayed as another.
type keys struct {
	subject []byte // hashes addresses (consent records, suppression)
	links   *Signer
}

func deriveKeys(secret []byte) *keys {
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte("masthead newsletter " + label))
		return m.Sum(nil)
	}
	return &keys{subject: derive("subject"), links: &Signer{key: derive("links")}}
}

// subjectHash is the keyed hash of an identity key.
func (k *keys) subjectHash(emailKey string) string {
	m := hmac.New(sha256.New, k.subject)
	m.Write([]byte(emailKey))
	return hex.EncodeToString(m.Sum(nil))
}
