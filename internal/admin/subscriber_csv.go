package admin

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/newsletter"
)

// Subscriber CSV export and import (decision record 0026). Both are for
// admins only: the export is personal data leaving the system, so each
// one is logged with who took it, its filters and its size.

// subscriberFilter reads the list's filters from the query string.
func subscriberFilter(q url.Values) newsletter.SubscriberFilter {
	f := newsletter.SubscriberFilter{Search: strings.TrimSpace(q.Get("q")), NewsletterID: queryID(q, "newsletter"), SectorID: queryID(q, "sector")}
	if slices.Contains(subscriberStatuses, q.Get("status")) {
		f.Status = q.Get("status")
	}
	if len([]rune(f.Search)) > 200 {
		f.Search = string([]rune(f.Search)[:200])
	}
	return f
}

// filterValues are a filter's query parameters, empty ones left out.
func filterValues(f newsletter.SubscriberFilter) url.Values {
	v := url.Values{}
	if f.Search != "" {
		v.Set("q", f.Search)
	}
	if f.NewsletterID != 0 {
		v.Set("newsletter", strconv.FormatInt(f.NewsletterID, 10))
	}
	if f.Status != "" {
		v.Set("status", f.Status)
	}
	if f.SectorID != 0 {
		v.Set("sector", strconv.FormatInt(f.SectorID, 10))
	}
	return v
}

// exportSubscribers streams the filtered list as CSV. Once the first
// bytes are out the status cannot change, so a failure later aborts the
// response: the download then fails visibly instead of ending short.
func (a *Admin) exportSubscribers(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := subscriberFilter(r.URL.Query())
	st, err := a.store.GetSettings(ctx)
	if err != nil {
		return err
	}
	day := a.now().In(st.Location()).Format(time.DateOnly)
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="subscribers-`+day+`.csv"`)
	h.Set("Cache-Control", "no-store")
	rc := http.NewResponseController(w)
	extend := func() { _ = rc.SetWriteDeadline(time.Now().Add(time.Minute)) }
	extend()
	who := sessionFrom(ctx).User
	cw := &countingWriter{w: w}
	n, err := a.newsletters.ExportCSV(ctx, cw, f, extend)
	// The filters are logged, but an address search only as "q=…": it is
	// often a reader's address, which does not belong in the logs.
	logged := filterValues(f)
	if logged.Has("q") {
		logged.Set("q", "…")
	}
	a.log.Info("admin: subscribers exported", "staff", who.ID, "staff_email", who.Email, "filters", logged.Encode(),
		"rows", n, "complete", err == nil)
	if err != nil && cw.n == 0 {
		h.Del("Content-Disposition") // the error page is not a download
		return err
	}
	if err != nil {
		a.log.Error("admin: subscriber export failed", "err", err, "rows", n)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// countingWriter counts what reached the response.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

type importView struct {
	Newsletters []newsletter.Newsletter
	Chosen      []int64
	Source      string
	FileName    string
	Report      *newsletter.ImportReport
	Pending     string // the kept file's id, for the confirmation
	MaxLines    int
}

// Checked reports whether a newsletter is ticked on the form.
func (v importView) Checked(id int64) bool { return slices.Contains(v.Chosen, id) }

// Name is a newsletter's name by id.
func (v importView) Name(id int64) string {
	for _, n := range v.Newsletters {
		if n.ID == id {
			return n.Name
		}
	}
	return ""
}

func (a *Admin) importView(r *http.Request) (*importView, error) {
	nls, err := a.newsletters.Newsletters(r.Context())
	if err != nil {
		return nil, err
	}
	return &importView{Newsletters: nls, MaxLines: newsletter.MaxReportLines}, nil
}

func (a *Admin) importPage(w http.ResponseWriter, r *http.Request) error {
	v, err := a.importView(r)
	if err != nil {
		return err
	}
	p := &page{Title: "Import subscribers", Nav: "newsletters", Data: v}
	if r.URL.Query().Get("done") == "cancelled" {
		p.Notice = "Not imported: the uploaded file is deleted."
	}
	return a.ok(w, r, "subscribers_import", p)
}

// importDryRun checks an uploaded file and shows what importing it would
// do, line by line; nothing changes. The file is kept server-side for the
// confirmation.
func (a *Admin) importDryRun(w http.ResponseWriter, r *http.Request) error {
	v, err := a.importView(r)
	if err != nil {
		return err
	}
	v.Source = r.PostFormValue("source")
	for _, s := range r.PostForm["newsletters"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			v.Chosen = append(v.Chosen, id)
		}
	}
	p := &page{Title: "Import subscribers", Nav: "newsletters", Data: v}
	data, name, problem := uploadedCSV(r)
	v.FileName = name
	o := newsletter.ImportOptions{NewsletterIDs: v.Chosen, Source: v.Source, StaffID: sessionFrom(r.Context()).User.ID}
	if problem != "" {
		// The other fields' problems too, all at once: a dry run of no file.
		o.DryRun = true
		_, err := a.newsletters.ImportCSV(r.Context(), nil, o)
		var bad apperr.Fields
		if !errors.As(err, &bad) {
			return err
		}
		bad["file"] = problem
		return again("subscribers_import", p, bad)
	}
	rep, id, err := a.newsletters.DryRunImport(r.Context(), name, data, o)
	if err != nil {
		return again("subscribers_import", p, err)
	}
	v.Report, v.Pending = &rep, id
	return a.ok(w, r, "subscribers_import", p)
}

// uploadedCSV reads the file field of the import form; problem says what
// is wrong with it, if anything.
func uploadedCSV(r *http.Request) (data []byte, name, problem string) {
	if r.MultipartForm == nil {
		return nil, "", "Choose the CSV file to import."
	}
	f, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, "", "Choose the CSV file to import."
	}
	if err != nil {
		return nil, "", "The file could not be read. Choose it again."
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, newsletter.MaxImportBytes+1))
	if err != nil {
		return nil, "", "The file could not be read. Choose it again."
	}
	if len(data) > newsletter.MaxImportBytes {
		return nil, hdr.Filename, "The file is larger than 10 MB. Split it into smaller files and import each."
	}
	return data, hdr.Filename, ""
}

// importConfirm imports the file a dry run kept, if the dry run still
// holds; otherwise it shows the new dry run to confirm.
func (a *Admin) importConfirm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PostFormValue("import")
	staff := sessionFrom(ctx).User.ID
	pending, err := a.newsletters.PendingImport(ctx, id, staff)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Now().Add(10 * time.Minute)) // 100,000 lines take a while on PostgreSQL
	rep, err := a.newsletters.ConfirmImport(ctx, id, staff)
	if errors.Is(err, newsletter.ErrImportChanged) {
		v, verr := a.importView(r)
		if verr != nil {
			return verr
		}
		v.Chosen, v.Source, v.FileName, v.Report = pending.NewsletterIDs, pending.Source, pending.FileName, &rep
		if rep.Add > 0 {
			v.Pending = id
		}
		p := &page{Title: "Import subscribers", Nav: "newsletters", Data: v, Problem: apperr.Message(err)}
		return a.render(w, r, http.StatusConflict, "subscribers_import", p)
	}
	if err != nil {
		return err
	}
	q := url.Values{"done": {"imported"}, "readers": {strconv.Itoa(rep.Done.Readers)}, "subscriptions": {strconv.Itoa(rep.Done.Subscriptions)}}
	return seeOther(w, r, "/admin/subscribers?"+q.Encode())
}

// importCancel deletes the file a dry run kept: it holds addresses, and
// the admin decided not to import it.
func (a *Admin) importCancel(w http.ResponseWriter, r *http.Request) error {
	if err := a.newsletters.CancelImport(r.Context(), r.PostFormValue("import"), sessionFrom(r.Context()).User.ID); err != nil {
		return err
	}
	return seeOther(w, r, "/admin/subscribers/import?done=cancelled")
}

// importedNotice is the list's notice after an import.
func importedNotice(q url.Values) string {
	readers, _ := strconv.Atoi(q.Get("readers"))
	subs, _ := strconv.Atoi(q.Get("subscriptions"))
	return "Imported: " + plural(readers, "new reader", "new readers") + ", " + plural(subs, "subscription", "subscriptions") + " confirmed."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
