package newsletter

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// Newsletters lists every newsletter in the publisher's order.
func (s *Service) Newsletters(ctx context.Context) ([]Newsletter, error) {
	return s.store.ListNewsletters(ctx)
}

// Newsletter returns one newsletter.
func (s *Service) Newsletter(ctx context.Context, id int64) (Newsletter, error) {
	return s.store.GetNewsletter(ctx, id)
}

// SaveNewsletter creates a newsletter (ID 0) or updates one, after
// checking every field; nothing is stored when one is wrong. An empty slug
// is made from the name, an empty List-Id from the slug and the sender's
// domain.
func (s *Service) SaveNewsletter(ctx context.Context, n Newsletter) (int64, error) {
	n.Name = strings.TrimSpace(n.Name)
	n.Description = strings.TrimSpace(n.Description)
	n.Cadence = strings.TrimSpace(n.Cadence)
	n.SenderName = strings.TrimSpace(n.SenderName)
	n.Slug = strings.TrimSpace(n.Slug)
	n.ListID = strings.Trim(strings.TrimSpace(n.ListID), "<>")
	bad := apperr.Fields{}
	if required(bad, "name", "Give the newsletter a name.", n.Name) {
		bad.MaxChars("name", "The name", n.Name, MaxNameChars)
	}
	if n.Slug == "" {
		n.Slug = content.Slugify(n.Name)
	}
	if !content.ValidSlug(n.Slug) || len(n.Slug) > MaxSlugChars {
		bad.Add("slug", "Use lower-case letters, digits and hyphens, such as weekly-guide.")
	}
	bad.OneLine("name", "name", n.Name)
	bad.OneLine("cadence", "cadence", n.Cadence)
	bad.OneLine("sender_name", "sender's name", n.SenderName)
	bad.MaxChars("description", "The description", n.Description, MaxDescriptionChars)
	bad.MaxChars("cadence", "When it comes", n.Cadence, MaxCadenceChars)
	if required(bad, "sender_name", "Give the name emails come from, such as the publication's.", n.SenderName) {
		bad.MaxChars("sender_name", "The sender's name", n.SenderName, MaxSenderNameChars)
	}
	if a, err := Normalize(n.SenderEmail); err != nil {
		bad.Add("sender_email", "Enter the address emails come from, such as news@example.org.")
	} else {
		n.SenderEmail = a.Email
	}
	if strings.TrimSpace(n.ReplyTo) != "" {
		if a, err := Normalize(n.ReplyTo); err != nil {
			bad.Add("reply_to", "Enter an address for replies, such as letters@example.org, or leave it empty.")
		} else {
			n.ReplyTo = a.Email
		}
	} else {
		n.ReplyTo = ""
	}
	if n.ListID == "" && n.Slug != "" && n.SenderEmail != "" && bad["sender_email"] == "" {
		n.ListID = n.Slug + "." + n.SenderEmail[strings.LastIndexByte(n.SenderEmail, '@')+1:]
	}
	if !validListID(n.ListID) {
		bad.Add("list_id", "Use a List-Id such as weekly.example.org: letters, digits, hyphens and dots, with a dot in it.")
	}
	if err := bad.Err(); err != nil {
		return 0, err
	}
	var err error
	if n.ID == 0 {
		n.ID, err = s.store.CreateNewsletter(ctx, n)
	} else {
		err = s.store.UpdateNewsletter(ctx, n)
	}
	if apperr.KindOf(err) == apperr.Conflict {
		return 0, apperr.Fields{"slug": "Another newsletter has this slug or List-Id; choose another."}
	}
	if err != nil {
		return 0, fmt.Errorf("newsletter: save %q: %w", n.Name, err)
	}
	s.notifyChanged(ctx)
	return n.ID, nil
}

// validListID checks the list-id of RFC 2919: a dot-atom of ASCII
// letters, digits and hyphens with at least one dot.
func validListID(id string) bool {
	if len(id) == 0 || len(id) > MaxListIDChars || !strings.Contains(id, ".") {
		return false
	}
	for _, label := range strings.Split(id, ".") {
		if label == "" {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

// Sectors lists the job sectors, active and not, in order.
func (s *Service) Sectors(ctx context.Context) ([]Sector, error) {
	return s.store.ListSectors(ctx)
}

// SaveSector creates (ID 0) or updates a job sector.
func (s *Service) SaveSector(ctx context.Context, sec Sector) (int64, error) {
	sec.Name = strings.Join(strings.Fields(sec.Name), " ")
	bad := apperr.Fields{}
	if required(bad, "name", "Give the sector a name.", sec.Name) {
		bad.MaxChars("name", "The name", sec.Name, MaxSectorChars)
	}
	bad.OneLine("name", "name", sec.Name)
	if err := bad.Err(); err != nil {
		return 0, err
	}
	var err error
	if sec.ID == 0 {
		sec.ID, err = s.store.CreateSector(ctx, sec)
	} else {
		err = s.store.UpdateSector(ctx, sec)
	}
	if apperr.KindOf(err) == apperr.Conflict {
		return 0, apperr.Fields{"name": "There is already a sector with this name."}
	}
	if err != nil {
		return 0, fmt.Errorf("newsletter: save sector %q: %w", sec.Name, err)
	}
	s.notifyChanged(ctx)
	return sec.ID, nil
}

func (s *Service) notifyChanged(ctx context.Context) {
	if s.changed != nil {
		s.changed(ctx)
	}
}

// checkSector reports a sector id that is not an active sector (0 is
// "none given" and always fine).
func (s *Service) checkSector(ctx context.Context, bad apperr.Fields, id int64) error {
	if id == 0 {
		return nil
	}
	list, err := s.store.ListSectors(ctx)
	if err != nil {
		return err
	}
	for _, sec := range list {
		if sec.ID == id && sec.Active {
			return nil
		}
	}
	bad.Add("sector", "Choose a sector from the list, or none.")
	return nil
}

// ConsentVersion returns the version number of a consent wording, adding
// it the first time it is seen. Forms show the wording and send back its
// version; the consent records then say exactly what the reader read.
func (s *Service) ConsentVersion(ctx context.Context, text string) (int64, error) {
	text = strings.TrimSpace(text)
	bad := apperr.Fields{}
	if required(bad, "consent_text", "The consent wording is empty.", text) {
		bad.MaxChars("consent_text", "The consent wording", text, MaxConsentTextChars)
	}
	if err := bad.Err(); err != nil {
		return 0, err
	}
	sum := sha256.Sum256([]byte(text))
	v, err := s.store.ConsentVersion(ctx, hex.EncodeToString(sum[:]), text)
	if err != nil {
		return 0, fmt.Errorf("newsletter: consent wording: %w", err)
	}
	return v, nil
}
