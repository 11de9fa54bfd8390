package admin

import (
	"net/http"

	"masthead/internal/auth"
	"masthead/internal/web"
)

// Routes registers every admin page. Each route states who may use it and,
// for forms, how large a body it takes:
//
//	open(h)                      a page for signed-out visitors
//	openForm(h)                  their forms: same-origin only, 1 MB, double-submit token
//	staff(role, h)               a page for staff of at least role (else sign-in or 403)
//	staffForm(role, limit, h)    their forms: same-origin only, limit, session token
//	staffJSON(role, limit, h)    the same for a script's request, answered in JSON (media_json.go)
func (a *Admin) Routes(mux *http.ServeMux) {
	const (
		contributor = auth.RoleContributor
		editor      = auth.RoleEditor
		admin       = auth.RoleAdmin
	)
	mux.HandleFunc("GET /admin/assets/{name}", a.serveAsset)

	// Signing in, first-run set-up, password resets and invitations.
	mux.Handle("GET /admin/login", a.open(a.loginPage))
	mux.Handle("POST /admin/login", a.openForm(a.login))
	mux.Handle("GET /admin/setup", a.open(a.setupPage))
	mux.Handle("POST /admin/setup", a.openForm(a.setup))
	mux.Handle("GET /admin/forgot", a.open(a.forgotPage))
	mux.Handle("POST /admin/forgot", a.openForm(a.forgot))
	mux.Handle("GET /admin/reset/{token}", a.open(a.resetPage))
	mux.Handle("POST /admin/reset/{token}", a.openForm(a.reset))
	mux.Handle("GET /admin/invite/{token}", a.open(a.invitePage))
	mux.Handle("POST /admin/invite/{token}", a.openForm(a.acceptInvite))

	// Every member of staff.
	mux.Handle("POST /admin/logout", a.staffForm(contributor, formLimit, a.logout))
	mux.Handle("GET /admin", a.staff(contributor, a.dashboard))
	mux.Handle("GET /admin/{$}", a.staff(contributor, a.dashboard))
	mux.Handle("GET /admin/account", a.staff(contributor, a.accountPage))
	mux.Handle("POST /admin/account", a.staffForm(contributor, formLimit, a.changePassword))
	mux.Handle("GET /admin/articles", a.staff(contributor, a.articleList))
	mux.Handle("GET /admin/articles/new", a.staff(contributor, a.newArticle))
	mux.Handle("GET /admin/articles/lookup.json", a.staffJSON(contributor, 0, a.articleLookup))
	mux.Handle("POST /admin/articles/new", a.staffForm(contributor, uploadLimit, a.saveArticle))
	mux.Handle("POST /admin/articles/checks", a.staffJSON(contributor, uploadLimit, a.articleChecks))
	mux.Handle("GET /admin/articles/{id}", a.staff(contributor, a.editArticle))
	mux.Handle("POST /admin/articles/{id}", a.staffForm(contributor, uploadLimit, a.saveArticle))
	mux.Handle("GET /admin/articles/{id}/preview", a.staff(contributor, a.previewArticle))
	// The editor's script: autosave, presence and take-over (decision 0039).
	mux.Handle("POST /admin/articles/new/autosave", a.staffForm(contributor, autosaveLimit, a.autosave))
	mux.Handle("POST /admin/articles/{id}/autosave", a.staffForm(contributor, autosaveLimit, a.autosave))
	mux.Handle("POST /admin/articles/{id}/autosave/{rev}/dismiss", a.staffForm(contributor, formLimit, a.dismissAutosave))
	mux.Handle("POST /admin/articles/{id}/presence", a.staffForm(contributor, formLimit, a.presence))
	mux.Handle("POST /admin/articles/{id}/take-over", a.staffForm(contributor, formLimit, a.takeOver))
	// A published article's pending changes.
	mux.Handle("GET /admin/articles/{id}/pending/preview", a.staff(contributor, a.previewPending))
	mux.Handle("POST /admin/articles/{id}/pending/publish", a.staffForm(contributor, formLimit, a.publishPending))
	mux.Handle("POST /admin/articles/{id}/pending/discard", a.staffForm(contributor, formLimit, a.discardPending))
	mux.Handle("GET /admin/articles/{id}/delete", a.staff(contributor, a.deleteArticlePage))
	mux.Handle("POST /admin/articles/{id}/delete", a.staffForm(contributor, formLimit, a.deleteArticle))
	mux.Handle("POST /admin/articles/{id}/see-also", a.staffForm(contributor, formLimit, a.insertSeeAlso))
	mux.Handle("POST /admin/articles/{id}/corrections", a.staffForm(contributor, formLimit, a.addNote))
	mux.Handle("POST /admin/articles/{id}/workflow", a.staffForm(contributor, formLimit, a.workflowMove))
	mux.Handle("POST /admin/articles/{id}/assign", a.staffForm(editor, formLimit, a.assignArticle))
	mux.Handle("POST /admin/articles/{id}/desk-notes", a.staffForm(contributor, formLimit, a.addDeskNote))
	mux.Handle("POST /admin/articles/{id}/desk-notes/{note}/delete", a.staffForm(contributor, formLimit, a.deleteDeskNote))
	mux.Handle("GET /admin/articles/{id}/revisions", a.staff(contributor, a.revisionList))
	mux.Handle("GET /admin/articles/{id}/revisions/compare", a.staff(contributor, a.compareRevisions))
	mux.Handle("GET /admin/articles/{id}/revisions/{rev}", a.staff(contributor, a.revisionPage))
	mux.Handle("POST /admin/articles/{id}/revisions/{rev}/restore", a.staffForm(editor, formLimit, a.restoreRevision))
	mux.Handle("GET /admin/media/{id}", a.staff(contributor, a.serveImage))
	// The media library's JSON for the rich editor (media_json.go).
	mux.Handle("POST /admin/media", a.staffJSON(contributor, uploadLimit, a.uploadMediaJSON))
	mux.Handle("GET /admin/media.json", a.staffJSON(contributor, 0, a.listMediaJSON))
	// The media library's pages (media_library.go).
	mux.Handle("GET /admin/media", a.staff(contributor, a.mediaLibrary))
	mux.Handle("POST /admin/media/upload", a.staffForm(contributor, 5*uploadLimit, a.uploadMedia))
	mux.Handle("GET /admin/media/{id}/edit", a.staff(contributor, a.mediaItemPage))
	mux.Handle("POST /admin/media/{id}/edit", a.staffForm(contributor, formLimit, a.saveMediaItem))
	mux.Handle("POST /admin/media/{id}/replace", a.staffForm(contributor, uploadLimit, a.replaceMediaFile))
	mux.Handle("POST /admin/media/{id}/delete", a.staffForm(contributor, formLimit, a.deleteMediaItem))

	// Editors: the lists articles hang on.
	mux.Handle("GET /admin/sections", a.staff(editor, a.sectionList))
	mux.Handle("GET /admin/sections/new", a.staff(editor, a.sectionForm))
	mux.Handle("POST /admin/sections/new", a.staffForm(editor, formLimit, a.saveSection))
	mux.Handle("GET /admin/sections/{id}", a.staff(editor, a.sectionForm))
	mux.Handle("POST /admin/sections/{id}", a.staffForm(editor, formLimit, a.saveSection))
	mux.Handle("GET /admin/series", a.staff(editor, a.seriesList))
	mux.Handle("GET /admin/series/new", a.staff(editor, a.seriesForm))
	mux.Handle("POST /admin/series/new", a.staffForm(editor, formLimit, a.saveSeries))
	mux.Handle("GET /admin/series/{id}", a.staff(editor, a.seriesForm))
	mux.Handle("POST /admin/series/{id}", a.staffForm(editor, formLimit, a.saveSeries))
	mux.Handle("GET /admin/topics", a.staff(editor, a.topicList))
	mux.Handle("GET /admin/topics/{id}", a.staff(editor, a.topicForm))
	mux.Handle("POST /admin/topics/{id}", a.staffForm(editor, formLimit, a.saveTopic))
	mux.Handle("POST /admin/topics/{id}/merge", a.staffForm(editor, formLimit, a.mergeTopic))
	mux.Handle("POST /admin/topics/{id}/delete", a.staffForm(editor, formLimit, a.deleteTopic))
	mux.Handle("GET /admin/authors", a.staff(editor, a.authorList))
	mux.Handle("GET /admin/authors/new", a.staff(editor, a.authorForm))
	mux.Handle("POST /admin/authors/new", a.staffForm(editor, uploadLimit, a.saveAuthor))
	mux.Handle("GET /admin/authors/{id}", a.staff(editor, a.authorForm))
	mux.Handle("POST /admin/authors/{id}", a.staffForm(editor, uploadLimit, a.saveAuthor))

	// Editors: the front pages (decision 0040) and deleting lists.
	for _, base := range []string{"/admin/front", "/admin/front/sections/{slug}"} {
		mux.Handle("GET "+base, a.staff(editor, a.frontPage))
		mux.Handle("POST "+base, a.staffForm(editor, formLimit, a.saveFront))
		mux.Handle("GET "+base+"/preview", a.staff(editor, a.previewFront))
		mux.Handle("POST "+base+"/publish", a.staffForm(editor, formLimit, a.publishFront))
		mux.Handle("POST "+base+"/discard", a.staffForm(editor, formLimit, a.discardFront))
	}
	mux.Handle("GET /admin/sections/{id}/delete", a.staff(editor, a.deleteListPage(sectionKind)))
	mux.Handle("POST /admin/sections/{id}/delete", a.staffForm(editor, formLimit, a.deleteList(sectionKind)))
	mux.Handle("GET /admin/series/{id}/delete", a.staff(editor, a.deleteListPage(seriesKind)))
	mux.Handle("POST /admin/series/{id}/delete", a.staffForm(editor, formLimit, a.deleteList(seriesKind)))

	// Editors: readers' page views, counts only (decision 0033).
	if a.analytics != nil {
		mux.Handle("GET /admin/analytics", a.staff(editor, a.analyticsPage))
		mux.Handle("GET /admin/analytics/articles/{id}", a.staff(editor, a.articleAnalyticsPage))
	}

	// Admins: the publication and its staff.
	mux.Handle("GET /admin/settings", a.staff(admin, a.settingsPage))
	mux.Handle("POST /admin/settings", a.staffForm(admin, uploadLimit, a.saveSettings))
	mux.Handle("GET /admin/staff", a.staff(admin, a.staffList))
	mux.Handle("POST /admin/staff/invite", a.staffForm(admin, formLimit, a.invite))
	mux.Handle("POST /admin/staff/invitations/resend", a.staffForm(admin, formLimit, a.resendInvitation))
	mux.Handle("POST /admin/staff/invitations/withdraw", a.staffForm(admin, formLimit, a.withdrawInvitation))
	mux.Handle("GET /admin/staff/{id}", a.staff(admin, a.staffMemberPage))
	mux.Handle("POST /admin/staff/{id}", a.staffForm(admin, formLimit, a.saveStaffMember))
	mux.Handle("POST /admin/staff/{id}/access", a.staffForm(admin, formLimit, a.setAccess))

	// Admins: background jobs (failed ones may concern readers' emails).
	if a.jobs != nil {
		mux.Handle("GET /admin/settings/jobs", a.staff(admin, a.jobsPage))
		mux.Handle("POST /admin/settings/jobs/{id}/retry", a.staffForm(admin, formLimit, a.retryJob))
		mux.Handle("POST /admin/settings/jobs/{id}/delete", a.staffForm(admin, formLimit, a.deleteJob))
	}

	// Admins: newsletters, job sectors and subscribers (personal data).
	if a.newsletters != nil {
		mux.Handle("GET /admin/newsletters", a.staff(admin, a.newsletterList))
		mux.Handle("GET /admin/newsletters/new", a.staff(admin, a.newsletterForm))
		mux.Handle("POST /admin/newsletters/new", a.staffForm(admin, formLimit, a.saveNewsletter))
		mux.Handle("GET /admin/newsletters/{id}", a.staff(admin, a.newsletterForm))
		mux.Handle("POST /admin/newsletters/{id}", a.staffForm(admin, formLimit, a.saveNewsletter))
		mux.Handle("GET /admin/settings/sectors", a.staff(admin, a.sectorList))
		mux.Handle("POST /admin/settings/sectors", a.staffForm(admin, formLimit, a.addSector))
		mux.Handle("GET /admin/settings/sectors/{id}", a.staff(admin, a.sectorForm))
		mux.Handle("POST /admin/settings/sectors/{id}", a.staffForm(admin, formLimit, a.saveSector))
		mux.Handle("POST /admin/settings/sectors/{id}/active", a.staffForm(admin, formLimit, a.toggleSector))
		mux.Handle("GET /admin/subscribers", a.staff(admin, a.subscriberList))
		mux.Handle("GET /admin/subscribers/lookup", a.staff(admin, a.lookup))
		mux.Handle("GET /admin/subscribers/export", a.staff(admin, a.exportSubscribers))
		mux.Handle("GET /admin/subscribers/import", a.staff(admin, a.importPage))
		mux.Handle("POST /admin/subscribers/import", a.staffForm(admin, uploadLimit, a.importDryRun))
		mux.Handle("POST /admin/subscribers/import/confirm", a.staffForm(admin, formLimit, a.importConfirm))
		mux.Handle("POST /admin/subscribers/import/cancel", a.staffForm(admin, formLimit, a.importCancel))
		mux.Handle("POST /admin/subscribers/suppress", a.staffForm(admin, formLimit, a.suppressAddress))
		mux.Handle("POST /admin/subscribers/lift", a.staffForm(admin, formLimit, a.liftSuppression))
		mux.Handle("GET /admin/subscribers/{id}", a.staff(admin, a.readerPage))
		mux.Handle("GET /admin/subscribers/{id}/export", a.staff(admin, a.exportReader))
		mux.Handle("GET /admin/subscribers/{id}/erase", a.staff(admin, a.erasePage))
		mux.Handle("POST /admin/subscribers/{id}/erase", a.staffForm(admin, formLimit, a.eraseReader))
		mux.Handle("GET /admin/consent-wording/{version}", a.staff(admin, a.consentWording))
	}

	// Editors and admins: sending issues to newsletters (counts, never
	// subscribers' addresses).
	if a.campaigns != nil {
		mux.Handle("GET /admin/campaigns", a.staff(editor, a.campaignList))
		mux.Handle("GET /admin/campaigns/new", a.staff(editor, a.newCampaign))
		mux.Handle("POST /admin/campaigns/new", a.staffForm(editor, formLimit, a.composeCampaign))
		mux.Handle("GET /admin/campaigns/{id}", a.staff(editor, a.campaignPage))
		mux.Handle("GET /admin/campaigns/{id}/edit", a.staff(editor, a.editCampaign))
		mux.Handle("POST /admin/campaigns/{id}/edit", a.staffForm(editor, formLimit, a.composeCampaign))
		mux.Handle("GET /admin/campaigns/{id}/preview", a.staff(editor, a.previewHTML))
		mux.Handle("GET /admin/campaigns/{id}/progress", a.staff(editor, a.campaignProgress))
		mux.Handle("POST /admin/campaigns/{id}/test", a.staffForm(editor, formLimit, a.sendTest))
		mux.Handle("GET /admin/campaigns/{id}/send", a.staff(editor, a.confirmSend))
		mux.Handle("POST /admin/campaigns/{id}/send", a.staffForm(editor, formLimit, a.campaignAction(a.campaigns.SendNow, "sending")))
		mux.Handle("POST /admin/campaigns/{id}/schedule", a.staffForm(editor, formLimit, a.scheduleCampaign))
		mux.Handle("POST /admin/campaigns/{id}/unschedule", a.staffForm(editor, formLimit, a.campaignAction(a.campaigns.Unschedule, "unscheduled")))
		mux.Handle("POST /admin/campaigns/{id}/pause", a.staffForm(editor, formLimit, a.campaignAction(a.campaigns.Pause, "paused")))
		mux.Handle("POST /admin/campaigns/{id}/resume", a.staffForm(editor, formLimit, a.campaignAction(a.campaigns.Resume, "resumed")))
		mux.Handle("GET /admin/campaigns/{id}/cancel", a.staff(editor, a.confirmCancel))
		mux.Handle("POST /admin/campaigns/{id}/cancel", a.staffForm(editor, formLimit, a.campaignAction(a.campaigns.Cancel, "cancelled")))
	}

	// Anything else under /admin. Per method, so that these never clash
	// with another surface's "GET /" catch-all.
	mux.Handle("GET /admin/", a.staff(contributor, a.notFound))
	mux.Handle("POST /admin/", a.staff(contributor, a.notFound))
}

func (a *Admin) open(h handlerFunc) http.Handler { return a.handle(h) }

func (a *Admin) openForm(h handlerFunc) http.Handler {
	return a.cross.Handler(a.handle(web.ReadForm(formLimit, a.formToken.Require(errFormExpired, h))))
}

func (a *Admin) staff(min auth.Role, h handlerFunc) http.Handler {
	return a.signIns(a.handle(signedIn(min, h)))
}

func (a *Admin) staffForm(min auth.Role, limit int64, h handlerFunc) http.Handler {
	return a.cross.Handler(a.signIns(a.handle(signedIn(min, web.ReadForm(limit, checkSessionCSRF(h))))))
}
