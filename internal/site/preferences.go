package site

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"masthead/internal/apperr"
	"masthead/internal/newsletter"
)

// preferencesWording is what the preference centre says about ticking a
// newsletter; consent records of newsletters added there point at it.
const preferencesWording = "Tick the newsletters you want to receive at this address, and untick those you no longer want. " +
	"You can change this at any time from the link at the foot of every newsletter."

// preferences shows the preference centre: GET /newsletters/preferences/{token}.
func (s *Site) preferences(w http.ResponseWriter, r *http.Request) error {
	rd, _, ok, err := s.readerFor(w, r, newsletter.PurposePreferences)
	if !ok {
		return err
	}
	v, err := s.preferencesView(r, rd)
	if err != nil {
		return err
	}
	v.Saved = r.URL.Query().Get("saved") == "1"
	return s.writeReaderPage(w, r, http.StatusOK, "reader-preferences", "Newsletter preferences", v)
}

// preferencesView lists the public newsletters, and hidden ones the reader
// has, ticked as the reader's subscriptions are now.
func (s *Site) preferencesView(r *http.Request, rd newsletter.Reader) (*readerView, error) {
	ctx := r.Context()
	all, err := s.readers.Newsletters(ctx)
	if err != nil {
		return nil, err
	}
	subs, err := s.readers.Subscriptions(ctx, rd.ID)
	if err != nil {
		return nil, err
	}
	sectors, err := s.readers.Sectors(ctx)
	if err != nil {
		return nil, err
	}
	v := &readerView{Email: rd.Email, Token: r.PathValue("token"), Wording: preferencesWording}
	for _, n := range all {
		confirmed := slices.ContainsFunc(subs, func(sub newsletter.Subscription) bool {
			return sub.NewsletterID == n.ID && sub.Status == newsletter.StatusConfirmed
		})
		// A request not yet confirmed is not ticked for the reader (a
		// ticked box must be the reader's own act); the label says so.
		pending := slices.ContainsFunc(subs, func(sub newsletter.Subscription) bool {
			return sub.NewsletterID == n.ID && sub.Status == newsletter.StatusPending
		})
		if n.Public || confirmed {
			v.Newsletters = append(v.Newsletters, prefNewsletter{ID: n.ID, Name: n.Name, Description: n.Description, Cadence: n.Cadence,
				Checked: confirmed, Pending: pending})
		}
	}
	for _, sec := range sectors {
		if sec.Active || sec.ID == rd.SectorID {
			v.Sectors = append(v.Sectors, prefSector{ID: sec.ID, Name: sec.Name, Selected: sec.ID == rd.SectorID})
		}
	}
	return v, nil
}

// savePreferences saves the preference centre: POST /newsletters/preferences/{token}.
// Newsletters ticked here are confirmed at once: the signed link proves
// the reader holds the mailbox (0019, 0021).
func (s *Site) savePreferences(w http.ResponseWriter, r *http.Request) error {
	rd, l, ok, err := s.readerFor(w, r, newsletter.PurposePreferences)
	if !ok {
		return err
	}
	ctx := r.Context()
	bad := apperr.Fields{}
	var p newsletter.Preferences
	for _, raw := range r.PostForm["newsletter"] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			bad.Add("newsletter", "Choose newsletters from the list.")
			break
		}
		p.NewsletterIDs = append(p.NewsletterIDs, id)
	}
	if raw := r.PostFormValue("sector"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			bad.Add("sector", "Choose a sector from the list, or none.")
		}
		p.SectorID = id
	}
	if err := bad.Err(); err != nil {
		return err
	}
	version, err := s.readers.ConsentVersion(ctx, preferencesWording)
	if err != nil {
		return err
	}
	meta := newsletter.Meta{Method: newsletter.MethodSignedLink, Source: preferencesPath, ConsentVersion: version}
	before, err := s.readers.Subscriptions(ctx, rd.ID)
	if err != nil {
		return err
	}
	if err := s.readers.UpdatePreferences(ctx, rd.ID, p, meta); err != nil {
		return err
	}
	s.unsubscribedFrom(ctx, rd.ID, l, before, p.NewsletterIDs)
	http.Redirect(w, r, preferencesPath+r.PathValue("token")+"?saved=1", http.StatusSeeOther)
	return nil
}

// unsubscribeAll ends every newsletter: POST /newsletters/preferences/{token}/all.
func (s *Site) unsubscribeAll(w http.ResponseWriter, r *http.Request) error {
	rd, l, ok, err := s.readerFor(w, r, newsletter.PurposePreferences)
	if !ok {
		return err
	}
	before, err := s.readers.Subscriptions(r.Context(), rd.ID)
	if err != nil {
		return err
	}
	meta := newsletter.Meta{Method: newsletter.MethodSignedLink, Source: preferencesPath}
	if err := s.readers.UnsubscribeAll(r.Context(), rd.ID, meta); err != nil {
		return err
	}
	s.unsubscribedFrom(r.Context(), rd.ID, l, before, nil)
	return s.writeReaderPage(w, r, http.StatusOK, "reader-message", "Unsubscribed", &readerView{
		Heading:    "You are unsubscribed from every newsletter",
		Message:    "No more newsletters will be sent to " + rd.Email + ". If you change your mind, you can choose newsletters again in your preferences.",
		PrefsToken: r.PathValue("token"),
	})
}

// requestAccess emails the reader a short-lived link to their data:
// POST /newsletters/preferences/{token}/access. The preference link can
// be in a forwarded newsletter; the emailed one reaches only the mailbox.
func (s *Site) requestAccess(w http.ResponseWriter, r *http.Request) error {
	rd, _, ok, err := s.readerFor(w, r, newsletter.PurposePreferences)
	if !ok {
		return err
	}
	if err := s.readers.SendAccessLink(r.Context(), rd.ID); err != nil {
		return err
	}
	return s.writeReaderPage(w, r, http.StatusOK, "reader-message", "Check your inbox", &readerView{
		Heading: "Check your inbox",
		Message: "We have sent a link to " + rd.Email + ". Open it within " + strconv.Itoa(int(newsletter.AccessLifetime.Minutes())) +
			" minutes to download or erase your data.",
		PrefsToken: r.PathValue("token"),
	})
}

// unsubscribedFrom tells feedback of an unsubscribe from the preference
// centre when its link came in a campaign's email and a confirmed
// newsletter was left: the campaign counts it (decision 0025).
func (s *Site) unsubscribedFrom(ctx context.Context, readerID int64, l newsletter.Link, before []newsletter.Subscription, kept []int64) {
	if s.feedback == nil || l.CampaignID <= 0 {
		return
	}
	for _, sub := range before {
		if sub.Status == newsletter.StatusConfirmed && !slices.Contains(kept, sub.NewsletterID) {
			s.feedback.Unsubscribed(ctx, readerID, l)
			return
		}
	}
}
