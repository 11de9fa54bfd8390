package admin_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestDeleteSectionsAndSeries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		a.user("ed@example.org", auth.RoleEditor)
		writer := a.user("writer@example.org", auth.RoleAuthor)
		art := a.publishedArticle("story", writer.AuthorID)
		culture := a.saveSection("Culture")
		empty := a.saveSection("Empty")
		ed := a.signIn("ed@example.org")
		news := itoa(a.section)

		// An empty section goes at once.
		r := ed.get("/admin/sections/" + itoa(empty) + "/delete")
		wantStatus(t, r, http.StatusOK, "delete page of an empty section")
		wantBody(t, r, "delete page of an empty section", "has no articles")
		r = ed.post("/admin/sections/"+itoa(empty)+"/delete", url.Values{})
		if r.status != http.StatusSeeOther || r.location() != "/admin/sections?done=deleted" {
			t.Fatalf("delete an empty section: %d %s\n%s", r.status, r.location(), r.body)
		}
		if _, err := db.GetSection(ctx, empty); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the empty section is still there: %v", err)
		}
		wantStatus(t, ed.get("/admin/sections/"+itoa(empty)+"/delete"), http.StatusNotFound, "delete page of a deleted section")

		// A section with articles says how many and asks where they go.
		r = ed.get("/admin/sections/" + news + "/delete")
		wantBody(t, r, "delete page of News", "<strong>1 article</strong>", `<option value="`+itoa(culture)+`">Culture</option>`)
		for _, c := range []struct {
			what, moveTo, want string
		}{
			{"no choice", "", "Choose where to move the 1 articles"},
			{"itself", news, "Choose another section than the one you are deleting"},
			{"a deleted section", itoa(empty), "that one no longer exists"},
			{"not a number", "culture", "Choose a section from the list"},
		} {
			r := ed.post("/admin/sections/"+news+"/delete", url.Values{"move_to": {c.moveTo}})
			wantStatus(t, r, http.StatusUnprocessableEntity, "move to "+c.what)
			wantBody(t, r, "move to "+c.what, c.want)
			if got := a.article(art.ID); got.SectionID != a.section {
				t.Fatalf("a refused delete (%s) moved the article to %d", c.what, got.SectionID)
			}
		}
		r = ed.post("/admin/sections/"+news+"/delete", url.Values{"move_to": {itoa(culture)}})
		wantStatus(t, r, http.StatusSeeOther, "move and delete")
		if got := a.article(art.ID); got.SectionID != culture {
			t.Errorf("article in section %d, want Culture %d", got.SectionID, culture)
		}
		if to, err := db.ListRedirect(ctx, "section", "news"); err != nil || to != "culture" {
			t.Errorf("/sections/news leads to %q, %v; want culture", to, err)
		}

		// The only section left cannot be deleted.
		r = ed.get("/admin/sections/" + itoa(culture) + "/delete")
		wantBody(t, r, "delete page of the only section", "is the only section")
		r = ed.post("/admin/sections/"+itoa(culture)+"/delete", url.Values{})
		wantStatus(t, r, http.StatusUnprocessableEntity, "delete the only section")
		wantBody(t, r, "delete the only section", "This is the only section")
		if _, err := db.GetSection(ctx, culture); err != nil {
			t.Fatalf("the only section was deleted: %v", err)
		}

		// Series: to another, or to none.
		col, _ := a.content.SaveSeries(ctx, editorActor, content.Series{Name: "Column"})
		other, _ := a.content.SaveSeries(ctx, editorActor, content.Series{Name: "Other"})
		in := a.article(art.ID)
		if _, err := a.content.Save(ctx, editorActor, content.ArticleInput{ID: in.ID, Headline: in.Headline, Slug: in.Slug, Standfirst: in.Standfirst,
			SectionID: in.SectionID, SeriesID: col, AuthorIDs: in.AuthorIDs, BodySource: in.BodySource}); err != nil {
			t.Fatal(err)
		}
		wantBody(t, ed.get("/admin/series/"+itoa(col)+"/delete"), "delete page of a series", "<strong>1 article</strong>", `<option value="0">No series</option>`)
		wantStatus(t, ed.post("/admin/series/"+itoa(col)+"/delete", url.Values{"move_to": {itoa(other)}}), http.StatusSeeOther, "move to another series")
		if got := a.article(art.ID); got.SeriesID != other {
			t.Errorf("series = %d, want %d", got.SeriesID, other)
		}
		wantStatus(t, ed.post("/admin/series/"+itoa(other)+"/delete", url.Values{"move_to": {"0"}}), http.StatusSeeOther, "out of any series")
		if got := a.article(art.ID); got.SeriesID != 0 {
			t.Errorf("series = %d after moving out, want none", got.SeriesID)
		}
		wantStatus(t, ed.post("/admin/series/99999/delete", url.Values{}), http.StatusNotFound, "an unknown series")

		// Not for authors and contributors.
		w := a.signIn("writer@example.org")
		wantStatus(t, w.get("/admin/sections/"+itoa(culture)+"/delete"), http.StatusForbidden, "an author opens the delete page")
		s2 := a.saveSection("Spare")
		wantStatus(t, w.post("/admin/sections/"+itoa(s2)+"/delete", url.Values{}), http.StatusForbidden, "an author deletes a section")
		if _, err := db.GetSection(ctx, s2); err != nil {
			t.Fatalf("a forbidden delete deleted: %v", err)
		}
	})
}

func TestPendingInvitationsListResendWithdraw(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("boss@example.org", auth.RoleAdmin)
		a.user("ed@example.org", auth.RoleEditor)
		boss := a.signIn("boss@example.org")
		first := a.invite(boss, "new@example.org")

		r := boss.get("/admin/staff")
		wantBody(t, r, "staff page", "Pending invitations", "<td class=\"cell-title\">new@example.org</td>", "<td>author</td>", "<td>boss</td>", "17 Nov 2026")

		// Resend: a new link, and the old one stops working.
		r = boss.post("/admin/staff/invitations/resend", url.Values{"email": {"new@example.org"}})
		if r.status != http.StatusSeeOther || r.location() != "/admin/staff?done=resent" {
			t.Fatalf("resend: %d %s\n%s", r.status, r.location(), r.body)
		}
		wantStatus(t, a.client().get(first), http.StatusNotFound, "the first link after a resend")
		a.runJobs()
		msg, _ := a.mail.Last()
		second := inviteRE.FindString(msg.Text)
		if second == "" || second == first || msg.To[0] != "new@example.org" {
			t.Fatalf("resent email: %+v", msg)
		}
		wantStatus(t, a.client().get(second), http.StatusOK, "the new link")

		// Withdraw: the link stops working at once, and the list is empty.
		wantStatus(t, boss.post("/admin/staff/invitations/withdraw", url.Values{"email": {"new@example.org"}}), http.StatusSeeOther, "withdraw")
		wantStatus(t, a.client().get(second), http.StatusNotFound, "a withdrawn link")
		wantBody(t, boss.get("/admin/staff"), "staff page after withdrawing", "No invitations are waiting")

		// Withdrawing also stops an invitation to the address still waiting to be sent.
		a.invite(boss, "late@example.org")
		wantStatus(t, boss.post("/admin/staff/invite", url.Values{"email": {"late@example.org"}, "role": {"author"}}), http.StatusSeeOther, "invite again")
		sent := len(a.mail.Messages())
		wantStatus(t, boss.post("/admin/staff/invitations/withdraw", url.Values{"email": {"late@example.org"}}), http.StatusSeeOther, "withdraw late")
		a.runJobs()
		if len(a.mail.Messages()) != sent {
			t.Errorf("an invitation withdrawn while queued was sent")
		}
		if body := boss.get("/admin/staff").body; strings.Contains(body, "late@example.org") {
			t.Errorf("a withdrawn invitation is still listed")
		}

		// Unknown addresses and other roles are refused.
		wantStatus(t, boss.post("/admin/staff/invitations/withdraw", url.Values{"email": {"nobody@example.org"}}), http.StatusNotFound, "withdraw an unknown invitation")
		wantStatus(t, boss.post("/admin/staff/invitations/resend", url.Values{"email": {"new@example.org"}}), http.StatusNotFound, "resend a withdrawn invitation")
		a.invite(boss, "other@example.org")
		ed := a.signIn("ed@example.org")
		wantStatus(t, ed.post("/admin/staff/invitations/withdraw", url.Values{"email": {"other@example.org"}}), http.StatusForbidden, "an editor withdraws")
		wantStatus(t, ed.post("/admin/staff/invitations/resend", url.Values{"email": {"other@example.org"}}), http.StatusForbidden, "an editor resends")
		wantBody(t, boss.get("/admin/staff"), "staff page", "other@example.org")
	})
}
