package admin

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/web"
)

// The editor's script posts the whole form here a few seconds after the
// last change and when the page is left; an autosave stores the writer's
// working copy and nothing else (decision 0039). Answers are JSON.

// autosaveLimit bounds an autosave's body: the form without its upload.
const autosaveLimit = 4 << 20

// autosaveAnswer is the JSON answer of an autosave.
type autosaveAnswer struct {
	Saved     bool          `json:"saved"`
	SavedAt   string        `json:"saved_at"`     // 15:04:05 in the publication's zone
	SavedISO  string        `json:"saved_at_iso"` // RFC 3339
	ArticleID int64         `json:"article_id"`
	EditURL   string        `json:"edit_url"`
	Autosave  string        `json:"autosave_url"`
	Version   int64         `json:"version,omitempty"` // set when the autosave created the article
	Presence  *presenceJSON `json:"presence,omitempty"`
}

// autosave stores the posted editor form as the writer's working copy:
// POST /admin/articles/{id}/autosave, and POST /admin/articles/new/autosave,
// which creates the draft (validated like a save) and answers its id.
func (a *Admin) autosave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sess := sessionFrom(ctx)
	var id int64
	if r.PathValue("id") != "" {
		art, err := a.editable(r)
		if err != nil {
			return err
		}
		id = art.ID
	}
	form := readEditorForm(r)
	form.LeadImageID = keptImage(r, 0, "lead_image_id", "remove_lead_image")
	if _, sent := r.PostForm["show_related"]; !sent {
		form.ShowRelated = true
	}
	in := inputOf(id, form, content.ActionSave)
	res, err := a.content.Autosave(ctx, actor(sess), in)
	if err != nil {
		return err
	}
	st, err := a.store.GetSettings(ctx)
	if err != nil {
		return err
	}
	edit := "/admin/articles/" + strconv.FormatInt(res.ArticleID, 10)
	ans := autosaveAnswer{Saved: true, SavedAt: res.SavedAt.In(st.Location()).Format("15:04:05"),
		SavedISO: res.SavedAt.UTC().Format(time.RFC3339), ArticleID: res.ArticleID, EditURL: edit, Autosave: edit + "/autosave"}
	if res.Created {
		art, err := a.store.GetArticle(ctx, res.ArticleID)
		if err != nil {
			return err
		}
		ans.Version = art.UpdatedAt.UnixMicro()
	}
	// The writer learns here too whether someone took the article over.
	ps, err := a.content.Heartbeat(ctx, actor(sess), res.ArticleID)
	if err != nil {
		return err
	}
	if ans.Presence, err = a.presenceJSON(ctx, sess, ps, st.Location()); err != nil {
		return err
	}
	return answerJSON(w, http.StatusOK, ans)
}

// presenceJSON is what the editor's script shows about who else is in
// the article.
type presenceJSON struct {
	Holds     bool     `json:"holds"`                // you are the one editing
	Holder    string   `json:"holder,omitempty"`     // who is, when not you
	Message   string   `json:"message,omitempty"`    // "Ana Ruiz is editing this article (since 10:31)"
	TakenOver string   `json:"taken_over,omitempty"` // "Ben took over at 10:40; your text is kept as a revision"
	Others    []string `json:"others"`               // everyone else present, by name
}

// presenceView is the editor's presence line, shown at load.
type presenceView struct {
	Holds   bool
	Message string
	Others  []string
	Taken   string
}

func (a *Admin) presenceJSON(ctx context.Context, sess *auth.Session, ps content.PresenceState, loc *time.Location) (*presenceJSON, error) {
	names, err := a.userNames(ctx)
	if err != nil {
		return nil, err
	}
	out := &presenceJSON{Holds: ps.Holds(sess.User.ID), Others: []string{}}
	for _, p := range ps.Others(sess.User.ID) {
		out.Others = append(out.Others, names[p.UserID])
	}
	if !out.Holds && ps.Holder.UserID != 0 {
		out.Holder = names[ps.Holder.UserID]
		out.Message = out.Holder + " is editing this article (since " + ps.Holder.Since.In(loc).Format("15:04") + ")"
	}
	if ps.TakenOver {
		out.TakenOver = names[ps.Holder.UserID] + " took over at " + ps.Holder.TakenAt.In(loc).Format("15:04") + "; your text is kept as a revision"
	}
	return out, nil
}

// presence is the editor's heartbeat: POST /admin/articles/{id}/presence
// (leave=1 when the page is closed). It answers who has the article open.
func (a *Admin) presence(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sess := sessionFrom(ctx)
	art, err := a.editable(r)
	if err != nil {
		return err
	}
	if r.PostFormValue("leave") != "" {
		if err := a.content.Leave(ctx, actor(sess), art.ID); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	ps, err := a.content.Heartbeat(ctx, actor(sess), art.ID)
	if err != nil {
		return err
	}
	return a.answerPresence(w, r, sess, ps)
}

// takeOver makes the signed-in user the one editing the article:
// POST /admin/articles/{id}/take-over. Without JavaScript it returns to
// the editor.
func (a *Admin) takeOver(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sess := sessionFrom(ctx)
	art, err := a.editable(r)
	if err != nil {
		return err
	}
	ps, err := a.content.TakeOver(ctx, actor(sess), art.ID)
	if err != nil {
		return err
	}
	if !wantsJSON(r) {
		return seeOther(w, r, "/admin/articles/"+strconv.FormatInt(art.ID, 10))
	}
	return a.answerPresence(w, r, sess, ps)
}

func (a *Admin) answerPresence(w http.ResponseWriter, r *http.Request, sess *auth.Session, ps content.PresenceState) error {
	st, err := a.store.GetSettings(r.Context())
	if err != nil {
		return err
	}
	out, err := a.presenceJSON(r.Context(), sess, ps, st.Location())
	if err != nil {
		return err
	}
	return answerJSON(w, http.StatusOK, out)
}

// dismissAutosave declines the offer to restore an autosave:
// POST /admin/articles/{id}/autosave/{rev}/dismiss. The text stays in
// the revisions.
func (a *Admin) dismissAutosave(w http.ResponseWriter, r *http.Request) error {
	art, err := a.editable(r)
	if err != nil {
		return err
	}
	rev, err := pathID(r, "rev")
	if err != nil {
		return err
	}
	if err := a.content.DismissAutosave(r.Context(), actor(sessionFrom(r.Context())), rev); err != nil {
		return err
	}
	return seeOther(w, r, "/admin/articles/"+strconv.FormatInt(art.ID, 10)+"?done=discarded")
}

// wantsJSON reports whether the request asks for a JSON answer (the
// editor's script does).
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

func answerJSON(w http.ResponseWriter, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err = w.Write(body)
	return err
}

// jsonFailure answers a script's request that failed: the safe message,
// and each field's when the input was refused.
func jsonFailure(w http.ResponseWriter, f web.Failure) {
	out := struct {
		Error  string            `json:"error"`
		Fields map[string]string `json:"fields,omitempty"`
	}{Error: f.Message}
	var bad apperr.Fields
	if errors.As(f.Err, &bad) {
		out.Fields = bad
		keys := make([]string, 0, len(bad))
		for k := range bad {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = bad[k]
		}
		out.Error = strings.Join(parts, " ")
	}
	if out.Error == "" {
		out.Error = "Something went wrong on our side."
		if f.Status == http.StatusRequestEntityTooLarge {
			out.Error = "The article is too large to save."
		}
	}
	_ = answerJSON(w, f.Status, out)
}
