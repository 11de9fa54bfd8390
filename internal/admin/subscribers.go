package admin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
	"masthead/internal/newsletter"
)

// Subscribers are personal data: every page here is for admins only, and
// the reader's page is where staff carry out an access or erasure request.

// subscriberPage is how many readers one page of the list shows.
const subscriberPage = 50

var subscriberStatuses = []string{newsletter.StatusPending, newsletter.StatusConfirmed, newsletter.StatusUnsubscribed}

type subscriberRow struct {
	Reader newsletter.Reader
	Sector string
	Subs   []subscriptionRow
}

type subscriptionRow struct {
	newsletter.Subscription
	Newsletter string
}

type subscriberListView struct {
	Filter      newsletter.SubscriberFilter
	Newsletters []newsletter.Newsletter
	Sectors     []newsletter.Sector
	Statuses    []string
	Counts      []newsletterRow
	Rows        []subscriberRow
	Next, First string
	Paged       bool
	Export      string // the CSV of the filtered list
	Growth      *lineChart
}

// names are the newsletters and sectors by id, for showing ids as names.
type names struct {
	newsletters    []newsletter.Newsletter
	sectors        []newsletter.Sector
	nl, sec, staff map[int64]string
}

func (a *Admin) names(ctx context.Context) (*names, error) {
	nls, err := a.newsletters.Newsletters(ctx)
	if err != nil {
		return nil, err
	}
	secs, err := a.newsletters.Sectors(ctx)
	if err != nil {
		return nil, err
	}
	users, err := a.auth.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	n := &names{newsletters: nls, sectors: secs, nl: map[int64]string{}, sec: map[int64]string{}, staff: map[int64]string{}}
	for _, u := range users {
		n.staff[u.ID] = u.Name
	}
	for _, x := range nls {
		n.nl[x.ID] = x.Name
	}
	for _, x := range secs {
		n.sec[x.ID] = x.Name
	}
	return n, nil
}

func (n *names) subscriptions(subs []newsletter.Subscription) []subscriptionRow {
	out := make([]subscriptionRow, 0, len(subs))
	for _, s := range subs {
		out = append(out, subscriptionRow{Subscription: s, Newsletter: n.nl[s.NewsletterID]})
	}
	return out
}

// queryID is a numeric filter of the address; anything else is no filter.
func queryID(q url.Values, name string) int64 {
	id, err := strconv.ParseInt(q.Get(name), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// subscriberList is every reader, newest first, filtered by address,
// newsletter, status and sector, with the filters in the address.
func (a *Admin) subscriberList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	nm, err := a.names(ctx)
	if err != nil {
		return err
	}
	f := subscriberFilter(q)
	v := subscriberListView{Filter: f, Newsletters: nm.newsletters, Sectors: nm.sectors, Statuses: subscriberStatuses}
	counts, err := a.subscribers.CountSubscribers(ctx)
	if err != nil {
		return err
	}
	v.Counts = newsletterRows(nm.newsletters, counts)
	after, ok := content.ParseCursor(q.Get("after"))
	v.Paged = ok
	readers, err := a.subscribers.ListSubscribers(ctx, f, after, subscriberPage+1)
	if err != nil {
		return err
	}
	filters := filterValues(f)
	v.Export = "/admin/subscribers/export?" + filters.Encode()
	v.First = "/admin/subscribers?" + filters.Encode()
	if !ok {
		// The chart on the first page only: paging through the list need
		// not count everyone again.
		days := chartDays(q)
		st, err := a.store.GetSettings(ctx)
		if err != nil {
			return err
		}
		g, err := a.newsletters.Growth(ctx, days, st.Location())
		if err != nil {
			return err
		}
		v.Growth = newGrowthChart(g, days, filterValues(f))
	}
	if len(readers) > subscriberPage {
		readers = readers[:subscriberPage]
		last := readers[len(readers)-1]
		filters.Set("after", content.Cursor{PublishedAt: last.CreatedAt, ID: last.ID}.String())
		v.Next = "/admin/subscribers?" + filters.Encode()
	}
	ids := make([]int64, len(readers))
	for i, rd := range readers {
		ids[i] = rd.ID
	}
	subs, err := a.subscribers.SubscriptionsOf(ctx, ids)
	if err != nil {
		return err
	}
	for _, rd := range readers {
		v.Rows = append(v.Rows, subscriberRow{Reader: rd, Sector: nm.sec[rd.SectorID], Subs: nm.subscriptions(subs[rd.ID])})
	}
	p := &page{Title: "Subscribers", Nav: "newsletters", Data: v}
	switch q.Get("done") {
	case "erased":
		p.Notice = "The reader's data was erased and the address is suppressed."
	case "imported":
		p.Notice = importedNotice(q)
	}
	return a.ok(w, r, "subscribers", p)
}

type consentRow struct {
	newsletter.ConsentRecord
	Newsletter string
	Staff      string // the staff member who acted, by name
}

func (n *names) consent(recs []newsletter.ConsentRecord) []consentRow {
	out := make([]consentRow, 0, len(recs))
	for _, c := range recs {
		row := consentRow{ConsentRecord: c, Newsletter: n.nl[c.NewsletterID]}
		if c.StaffID != 0 {
			row.Staff = n.staff[c.StaffID]
			if row.Staff == "" {
				row.Staff = "staff member " + strconv.FormatInt(c.StaffID, 10)
			}
		}
		out = append(out, row)
	}
	return out
}

type readerView struct {
	Reader     newsletter.Reader
	Sector     string
	Subs       []subscriptionRow
	Consent    []consentRow
	Suppressed bool
	Reason     string // the erase form, as typed
}

func (a *Admin) readerView(r *http.Request) (*readerView, error) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	rd, err := a.newsletters.Reader(ctx, id)
	if err != nil {
		return nil, err
	}
	nm, err := a.names(ctx)
	if err != nil {
		return nil, err
	}
	v := &readerView{Reader: rd, Sector: nm.sec[rd.SectorID]}
	subs, err := a.newsletters.Subscriptions(ctx, id)
	if err != nil {
		return nil, err
	}
	v.Subs = nm.subscriptions(subs)
	recs, err := a.newsletters.ConsentHistory(ctx, id)
	if err != nil {
		return nil, err
	}
	v.Consent = nm.consent(recs)
	if v.Suppressed, err = a.newsletters.Suppressed(ctx, rd.Email); err != nil {
		return nil, err
	}
	return v, nil
}

// readerPage shows one reader: address, sector, newsletters, the whole
// consent history, and what staff can do on the reader's request.
func (a *Admin) readerPage(w http.ResponseWriter, r *http.Request) error {
	v, err := a.readerView(r)
	if err != nil {
		return err
	}
	p := &page{Title: v.Reader.Email, Nav: "newsletters", Data: v}
	switch r.URL.Query().Get("done") {
	case "suppressed":
		p.Notice = "The address is suppressed: nothing is sent to it and forms and imports skip it."
	case "lifted":
		p.Notice = "The suppression is lifted."
	}
	return a.ok(w, r, "reader", p)
}

// exportReader downloads everything held about a reader, for an access
// request.
func (a *Admin) exportReader(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	body, err := a.newsletters.ExportJSON(r.Context(), id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="reader-`+strconv.FormatInt(id, 10)+`.json"`)
	h.Set("Cache-Control", "no-store")
	_, err = w.Write(body)
	return err
}

func (a *Admin) erasePage(w http.ResponseWriter, r *http.Request) error {
	v, err := a.readerView(r)
	if err != nil {
		return err
	}
	return a.ok(w, r, "reader_erase", &page{Title: "Erase " + v.Reader.Email, Nav: "newsletters", Data: v})
}

// eraseReader carries out an erasure request. The reason is kept as the
// source of the erase record, with the staff member who acted.
func (a *Admin) eraseReader(w http.ResponseWriter, r *http.Request) error {
	v, err := a.readerView(r)
	if err != nil {
		return err
	}
	v.Reason = r.PostFormValue("reason")
	p := &page{Title: "Erase " + v.Reader.Email, Nav: "newsletters", Data: v}
	reason := strings.TrimSpace(v.Reason)
	if reason == "" {
		return again("reader_erase", p, apperr.Fields{"reason": "Say why, such as “the reader's email of 1 December asking for erasure”."})
	}
	meta := newsletter.Meta{Method: newsletter.MethodStaff, Source: "admin erasure: " + reason, StaffID: sessionFrom(r.Context()).User.ID}
	if err := a.newsletters.Erase(r.Context(), v.Reader.ID, meta); err != nil {
		var bad apperr.Fields
		if errors.As(err, &bad) && bad["source"] != "" {
			err = apperr.Fields{"reason": "Keep the reason to one line of at most 450 characters."}
		}
		return again("reader_erase", p, err)
	}
	return seeOther(w, r, "/admin/subscribers?done=erased")
}

// suppressAddress and liftSuppression act on an address, from a reader's
// page (field reader) or from the lookup page.
func (a *Admin) suppressAddress(w http.ResponseWriter, r *http.Request) error {
	email := r.PostFormValue("email")
	if err := a.newsletters.Suppress(r.Context(), email, newsletter.ReasonStaff); err != nil {
		return err
	}
	return a.backToAddress(w, r, email, "suppressed")
}

func (a *Admin) liftSuppression(w http.ResponseWriter, r *http.Request) error {
	email := r.PostFormValue("email")
	if err := a.newsletters.LiftSuppression(r.Context(), email, sessionFrom(r.Context()).User.ID); err != nil {
		return err
	}
	return a.backToAddress(w, r, email, "lifted")
}

func (a *Admin) backToAddress(w http.ResponseWriter, r *http.Request, email, done string) error {
	if id := formID(r, "reader"); id != 0 {
		return seeOther(w, r, "/admin/subscribers/"+strconv.FormatInt(id, 10)+"?done="+done)
	}
	return seeOther(w, r, "/admin/subscribers/lookup?"+url.Values{"email": {email}, "done": {done}}.Encode())
}

type lookupView struct {
	Email      string
	Searched   bool
	Reader     *newsletter.Reader // nil: no reader has the address now
	Consent    []consentRow
	Suppressed bool
}

// lookup finds what is held under an address, including the
// pseudonymised consent records of an erased reader (0019).
func (a *Admin) lookup(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	v := &lookupView{Email: strings.TrimSpace(q.Get("email"))}
	p := &page{Title: "Look up an address", Nav: "newsletters", Data: v}
	switch q.Get("done") {
	case "suppressed":
		p.Notice = "The address is suppressed."
	case "lifted":
		p.Notice = "The suppression is lifted."
	}
	if v.Email == "" {
		return a.ok(w, r, "lookup", p)
	}
	if _, err := newsletter.Normalize(v.Email); err != nil {
		p.setError(apperr.Fields{"email": "Enter an email address such as name@example.org."})
		return a.render(w, r, http.StatusUnprocessableEntity, "lookup", p)
	}
	v.Searched = true
	nm, err := a.names(ctx)
	if err != nil {
		return err
	}
	recs, err := a.newsletters.ConsentHistoryByAddress(ctx, v.Email)
	if err != nil {
		return err
	}
	v.Consent = nm.consent(recs)
	if rd, err := a.newsletters.ReaderByEmail(ctx, v.Email); err == nil {
		v.Reader = &rd
	} else if apperr.KindOf(err) != apperr.NotFound {
		return err
	}
	if v.Suppressed, err = a.newsletters.Suppressed(ctx, v.Email); err != nil {
		return err
	}
	return a.ok(w, r, "lookup", p)
}

type wordingView struct {
	Version int64
	Text    string
}

// consentWording shows the exact wording a consent record points at.
func (a *Admin) consentWording(w http.ResponseWriter, r *http.Request) error {
	v, err := pathID(r, "version")
	if err != nil {
		return err
	}
	text, err := a.subscribers.ConsentText(r.Context(), v)
	if err != nil {
		return err
	}
	return a.ok(w, r, "consent_wording", &page{Title: "Consent wording, version " + strconv.FormatInt(v, 10), Nav: "newsletters",
		Data: wordingView{Version: v, Text: text}})
}

// Date is a day for lists where the minute does not matter.
func (p *page) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(p.location()).Format("2 Jan 2006")
}

type consentTable struct {
	Page *page
	Rows []consentRow
}

// ConsentTable is what the "consenttable" template needs.
func (p *page) ConsentTable(rows []consentRow) consentTable { return consentTable{Page: p, Rows: rows} }
