package mail

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/emersion/go-msgauth/dkim"
)

// dkimHeaders are the fields a signature covers, when present: the ones a
// reader sees, the unsubscribe headers a mailbox provider acts on (RFC
// 8058 section 4 asks for them to be signed), and the MIME structure.
var dkimHeaders = []string{
	"From", "Reply-To", "To", "Cc", "Subject", "Date", "Message-ID",
	"List-Id", "List-Unsubscribe", "List-Unsubscribe-Post",
	"MIME-Version", "Content-Type", "Content-Transfer-Encoding",
}

// DKIMSigner adds a DKIM-Signature (RFC 6376, relaxed/relaxed, SHA-256)
// with an RSA (2048 bits or more) or Ed25519 key. It is safe for
// concurrent use.
type DKIMSigner struct {
	opts dkim.SignOptions
}

// NewDKIMSigner checks its arguments; the public key must be published at
// selector._domainkey.domain.
func NewDKIMSigner(domain, selector string, key crypto.Signer) (*DKIMSigner, error) {
	if !hostName(domain) {
		return nil, fmt.Errorf("mail: dkim domain %q must be a domain name such as example.org", domain)
	}
	if !hostName(selector) {
		return nil, fmt.Errorf("mail: dkim selector %q must be letters, digits, hyphens and dots", selector)
	}
	switch k := key.Public().(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() < 2048 {
			return nil, fmt.Errorf("mail: dkim key is RSA-%d; it must have at least 2048 bits", k.N.BitLen())
		}
	case ed25519.PublicKey:
	default:
		return nil, fmt.Errorf("mail: dkim key is %T; it must be RSA or Ed25519", k)
	}
	return &DKIMSigner{opts: dkim.SignOptions{
		Domain:                 domain,
		Selector:               selector,
		Signer:                 key,
		Hash:                   crypto.SHA256,
		HeaderCanonicalization: dkim.CanonicalizationRelaxed,
		BodyCanonicalization:   dkim.CanonicalizationRelaxed,
		HeaderKeys:             dkimHeaders,
	}}, nil
}

// LoadDKIM reads a PEM private key: PKCS #8 ("PRIVATE KEY", RSA or
// Ed25519, as openssl genpkey writes) or PKCS #1 ("RSA PRIVATE KEY").
func LoadDKIM(keyFile, domain, selector string) (*DKIMSigner, error) {
	b, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("mail: dkim key file: %w", err)
	}
	key, err := parseDKIMKey(b)
	if err != nil {
		return nil, fmt.Errorf("mail: dkim key file %s: %w", keyFile, err)
	}
	return NewDKIMSigner(domain, selector, key)
}

func parseDKIMKey(b []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, errors.New("no PEM block found; expected -----BEGIN PRIVATE KEY-----")
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		return x509.ParsePKCS1PrivateKey(block.Bytes)
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, err
		}
		s, ok := k.(crypto.Signer)
		if !ok {
			return nil, fmt.Errorf("key type %T cannot sign", k)
		}
		return s, nil
	}
	return nil, fmt.Errorf("PEM block is %q; expected PRIVATE KEY or RSA PRIVATE KEY", block.Type)
}

// Sign returns the DKIM-Signature field, CRLF included, to put in front of
// msg.
func (d *DKIMSigner) Sign(msg []byte) ([]byte, error) {
	s, err := dkim.NewSigner(&d.opts)
	if err != nil {
		return nil, fmt.Errorf("mail: dkim: %w", err)
	}
	if _, err := s.Write(msg); err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("mail: dkim: %w", err)
	}
	if err := s.Close(); err != nil {
		return nil, fmt.Errorf("mail: dkim: %w", err)
	}
	return []byte(s.Signature()), nil
}

// hostName accepts dot-separated labels of letters, digits and hyphens.
func hostName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}
