package content

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/language"

	"masthead/internal/apperr"
	"masthead/internal/auth"
)

// Sections, series, topics, authors and settings: validated saves that
// invalidate the public pages showing them.

func (s *Service) requireRole(actor Actor, min auth.Role) error {
	if !actor.Role.AtLeast(min) {
		return apperr.New(apperr.Forbidden, "Your role cannot change this.")
	}
	return nil
}

func checkName(bad apperr.Fields, name string, max int) {
	if name == "" {
		bad.Add("name", "Write a name.")
	} else if bad.MaxChars("name", "The name", name, max) {
		bad.OneLine("name", "name", name)
	}
}

// checkNamed trims the name and slug every list entry has, makes the slug
// from the name when it is empty, and notes what is wrong with them.
func checkNamed(bad apperr.Fields, name, slug *string, maxName int) {
	*name, *slug = strings.TrimSpace(*name), strings.TrimSpace(*slug)
	checkName(bad, *name, maxName)
	if !bad.MaxChars("slug", "The slug", *slug, MaxSlugChars) {
		return
	}
	if *slug == "" {
		*slug = Slugify(*name)
	}
	if !ValidSlug(*slug) {
		bad.Add("slug", "Use lowercase letters, digits and hyphens.")
	}
}

func (s *Service) saved(ctx context.Context, id int64, err error) (int64, error) {
	if err != nil {
		if apperr.KindOf(err) == apperr.Conflict {
			return 0, apperr.Fields{"slug": "This slug is already used."}
		}
		return 0, err
	}
	s.changed(ctx)
	return id, nil
}

// SaveSection creates or updates a section. Editors and admins.
func (s *Service) SaveSection(ctx context.Context, actor Actor, sec Section) (int64, error) {
	if err := s.requireRole(actor, auth.RoleEditor); err != nil {
		return 0, err
	}
	sec.Description = strings.TrimSpace(sec.Description)
	bad := apperr.Fields{}
	checkNamed(bad, &sec.Name, &sec.Slug, MaxSectionNameChars)
	bad.MaxChars("description", "The description", sec.Description, MaxDescriptionChars)
	if err := bad.Err(); err != nil {
		return 0, err
	}
	id, err := s.store.SaveSection(ctx, sec)
	return s.saved(ctx, id, err)
}

// SaveSeries creates or updates a series. Editors and admins.
func (s *Service) SaveSeries(ctx context.Context, actor Actor, ser Series) (int64, error) {
	if err := s.requireRole(actor, auth.RoleEditor); err != nil {
		return 0, err
	}
	ser.Description = strings.TrimSpace(ser.Description)
	bad := apperr.Fields{}
	checkNamed(bad, &ser.Name, &ser.Slug, MaxSectionNameChars)
	bad.MaxChars("description", "The description", ser.Description, MaxDescriptionChars)
	if err := bad.Err(); err != nil {
		return 0, err
	}
	id, err := s.store.SaveSeries(ctx, ser)
	return s.saved(ctx, id, err)
}

// SaveTopic renames a topic. Editors and admins.
func (s *Service) SaveTopic(ctx context.Context, actor Actor, t Topic) error {
	if err := s.requireRole(actor, auth.RoleEditor); err != nil {
		return err
	}
	bad := apperr.Fields{}
	checkNamed(bad, &t.Name, &t.Slug, MaxTopicChars)
	if err := bad.Err(); err != nil {
		return err
	}
	_, err := s.saved(ctx, t.ID, s.store.SaveTopic(ctx, t))
	return err
}

// MergeTopic moves the articles of topic from to topic into and deletes
// from; its address redirects to into. For typos and near-duplicates that
// topics typed in the editor produce. Editors and admins.
func (s *Service) MergeTopic(ctx context.Context, actor Actor, from, into int64) error {
	if err := s.requireRole(actor, auth.RoleEditor); err != nil {
		return err
	}
	if into == 0 || into == from {
		return apperr.Fields{"into": "Choose another topic to merge into."}
	}
	if _, err := s.store.GetTopic(ctx, into); err != nil {
		return apperr.Fields{"into": "Choose a topic from the list."}
	}
	if err := s.store.MergeTopic(ctx, from, into); err != nil {
		return err
	}
	s.changed(ctx)
	return nil
}

// DeleteTopic deletes a topic and takes it off its articles. Editors and
// admins.
func (s *Service) DeleteTopic(ctx context.Context, actor Actor, id int64) error {
	if err := s.requireRole(actor, auth.RoleEditor); err != nil {
		return err
	}
	if err := s.store.DeleteTopic(ctx, id); err != nil {
		return err
	}
	s.changed(ctx)
	return nil
}

// SaveAuthor creates or updates an author. Editors and admins.
func (s *Service) SaveAuthor(ctx context.Context, actor Actor, a Author) (int64, error) {
	if err := s.requireRole(actor, auth.RoleEditor); err != nil {
		return 0, err
	}
	a.Bio = strings.TrimSpace(a.Bio)
	bad := apperr.Fields{}
	checkNamed(bad, &a.Name, &a.Slug, MaxAuthorNameChars)
	bad.MaxChars("bio", "The bio", a.Bio, MaxBioChars)
	var links []string
	for _, l := range a.Links {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if !bad.MaxChars("links", "Each link", l, MaxURLChars) {
			continue
		}
		if !absoluteHTTP(l) {
			bad.Add("links", "Each link must be a full http:// or https:// address.")
		}
		links = append(links, l)
	}
	if len(links) > MaxAuthorLinks {
		bad.Add("links", fmt.Sprintf("An author can have at most %d links.", MaxAuthorLinks))
	}
	a.Links = links
	if a.PhotoID != 0 {
		if _, err := s.store.GetImage(ctx, a.PhotoID); err != nil {
			bad.Add("photo", "The photo was not found; upload it again.")
		}
	}
	if err := bad.Err(); err != nil {
		return 0, err
	}
	id, err := s.store.SaveAuthor(ctx, a)
	return s.saved(ctx, id, err)
}

// SaveSettings validates and stores the publication's settings. Admins only.
func (s *Service) SaveSettings(ctx context.Context, actor Actor, st Settings) error {
	if err := s.requireRole(actor, auth.RoleAdmin); err != nil {
		return err
	}
	bad := apperr.Fields{}
	st.Name = strings.TrimSpace(st.Name)
	checkName(bad, st.Name, MaxPublicationNameChars)
	bad.MaxChars("tagline", "The tagline", st.Tagline, MaxTaglineChars)
	bad.MaxChars("description", "The description", st.Description, MaxDescriptionChars)
	bad.MaxChars("support_text", "The banner text", st.SupportText, MaxSupportTextChars)
	urlsFit := bad.MaxChars("support_url", "The banner link", st.SupportURL, MaxURLChars)
	urlsFit = bad.MaxChars("base_url", "The site address", st.BaseURL, MaxURLChars) && urlsFit
	if bad.MaxChars("privacy_notice", "The privacy notice", st.PrivacyNotice, MaxPrivacyNoticeChars) {
		// It is converted for every reader of /privacy: refuse what would be costly.
		var serr *SourceError
		if errors.As(CheckSource(st.PrivacyNotice), &serr) {
			bad.Add("privacy_notice", serr.Message)
		}
	}
	st.PostalAddress = tidyAddress(st.PostalAddress)
	if bad.MaxChars("postal_address", "The postal address", st.PostalAddress, MaxPostalAddressChars) {
		checkAddress(bad, st.PostalAddress)
	}
	st.Language = strings.TrimSpace(st.Language)
	if bad.MaxChars("language", "The language", st.Language, MaxLanguageChars) && st.Language != "" {
		// Feeds, the news sitemap and <html lang> carry it: only a real tag.
		tag, err := language.Parse(st.Language)
		if err != nil {
			bad.Add("language", "Use a language tag such as en, en-AU or fr.")
		} else {
			st.Language = tag.String()
		}
	}
	if !bad.MaxChars("time_zone", "The time zone", st.TimeZone, MaxTimeZoneChars) {
		st.TimeZone = "UTC" // not looked up
	}
	// One-line settings go into page titles, feeds and email subjects and
	// headers, where a line break ends the header (a publication name with
	// CR/LF silently stopped every reset email; checkName checks the name).
	bad.OneLine("tagline", "tagline", st.Tagline)
	bad.OneLine("time_zone", "time zone", st.TimeZone)
	bad.OneLine("base_url", "site address", st.BaseURL)
	bad.OneLine("support_text", "banner text", st.SupportText)
	bad.OneLine("support_url", "banner link", st.SupportURL)
	if st.TimeZone == "" {
		st.TimeZone = "UTC"
	}
	if _, err := time.LoadLocation(st.TimeZone); err != nil {
		bad.Add("time_zone", "Use a time zone name such as Europe/London or Australia/Melbourne.")
	}
	if urlsFit && st.SupportURL != "" && !absoluteHTTP(st.SupportURL) && !strings.HasPrefix(st.SupportURL, "/") {
		bad.Add("support_url", "Use a path on this site (/support) or a full https:// address.")
	}
	if urlsFit && st.BaseURL != "" && !absoluteHTTP(st.BaseURL) {
		bad.Add("base_url", "Use a full address such as https://news.example.org.")
	}
	st.BaseURL = strings.TrimRight(st.BaseURL, "/")
	if st.LogoID != 0 {
		if _, err := s.store.GetImage(ctx, st.LogoID); err != nil {
			bad.Add("logo", "The logo was not found; upload it again.")
		}
	}
	if err := bad.Err(); err != nil {
		return err
	}
	if err := s.store.SaveSettings(ctx, st); err != nil {
		return err
	}
	s.changed(ctx)
	return nil
}

// tidyAddress keeps a postal address as lines: Windows line breaks become
// plain ones, and spaces at the ends of lines and of the whole go.
func tidyAddress(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// checkAddress allows line breaks but no other control characters (it
// goes into every newsletter's text and HTML) and a handful of lines.
func checkAddress(bad apperr.Fields, s string) {
	if strings.IndexFunc(s, func(r rune) bool { return r != '\n' && unicode.IsControl(r) }) >= 0 {
		bad.Add("postal_address", "Write the postal address as plain lines, without tabs or other control characters.")
		return
	}
	if n := strings.Count(s, "\n") + 1; n > MaxPostalAddressLines {
		bad.Add("postal_address", fmt.Sprintf("The postal address can have at most %d lines; this one has %d.", MaxPostalAddressLines, n))
	}
}

func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
