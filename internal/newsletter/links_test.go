package newsletter

import (
	"encoding/base64"
	"encoding/binary"
	"testing"
	"time"
)

// A link carries its campaign, so a bounce or an unsubscribe is counted
// against the send it came from; tokens made before campaigns existed
// (version 1) still verify.
func TestSignedLinkCarriesCampaign(t *testing.T) {
	s := deriveKeys([]byte("secret")).links
	uid := base64.RawURLEncoding.EncodeToString([]byte("twelve bytes"))
	now := time.Unix(1_800_000_000, 0)
	tok, err := s.Sign(Link{ReaderUID: uid, NewsletterID: 7, CampaignID: 123456, Purpose: PurposeBounce})
	if err != nil {
		t.Fatal(err)
	}
	if len("bounce+"+tok) > 64 {
		t.Errorf("VERP local part %d characters, over SMTP's 64", len("bounce+"+tok))
	}
	l, err := s.Verify(tok, PurposeBounce, now)
	if err != nil || l.CampaignID != 123456 || l.NewsletterID != 7 || l.ReaderUID != uid {
		t.Fatalf("verify: %+v %v", l, err)
	}
	if _, err := s.Verify(tok, PurposeUnsubscribe, now); err == nil {
		t.Error("a bounce token was accepted as an unsubscribe link")
	}

	// A version 1 token, as signed before campaigns.
	b := []byte{1, byte(PurposeUnsubscribe)}
	b = binary.AppendUvarint(b, 7)
	b = binary.AppendUvarint(b, 0)
	b = append(b, []byte("twelve bytes")...)
	b = append(b, s.mac(b)...)
	l, err = s.Verify(base64.RawURLEncoding.EncodeToString(b), PurposeUnsubscribe, now)
	if err != nil || l.NewsletterID != 7 || l.CampaignID != 0 || l.ReaderUID != uid {
		t.Fatalf("version 1 token: %+v %v", l, err)
	}
}
