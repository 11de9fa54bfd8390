package admin

import (
	"net/http"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

type settingsView struct {
	Settings content.Settings
	Logo     *content.Image
}

// settingsPage edits the publication's own settings. Admins only.
func (a *Admin) settingsPage(w http.ResponseWriter, r *http.Request) error {
	st, err := a.store.GetSettings(r.Context())
	if err != nil {
		return err
	}
	if st.TimeZone == "" {
		st.TimeZone = "UTC"
	}
	st.Language = st.Lang()
	v := &settingsView{Settings: st, Logo: a.image(r, st.LogoID)}
	return a.ok(w, r, "settings", &page{Title: "Settings", Nav: "settings", Data: v, Notice: savedNotice(r)})
}

func (a *Admin) saveSettings(w http.ResponseWriter, r *http.Request) (err error) {
	ctx := r.Context()
	sess := sessionFrom(ctx)
	st := content.Settings{
		Name: r.PostFormValue("name"), Tagline: r.PostFormValue("tagline"), Description: r.PostFormValue("description"),
		TimeZone: r.PostFormValue("time_zone"), SupportText: r.PostFormValue("support_text"), SupportURL: r.PostFormValue("support_url"),
		PrivacyNotice: r.PostFormValue("privacy_notice"), BaseURL: r.PostFormValue("base_url"), LogoID: formID(r, "logo_id"),
		PostalAddress: r.PostFormValue("postal_address"), Language: r.PostFormValue("language"),
		FeedSummaries: r.PostFormValue("feed_content") == "standfirst",
	}
	v := &settingsView{Settings: st, Logo: a.image(r, st.LogoID)}
	p := &page{Title: "Settings", Nav: "settings", Data: v}
	if fc := r.PostFormValue("feed_content"); fc != "" && fc != "full" && fc != "standfirst" { // "": a form from before the setting
		return again("settings", p, apperr.Fields{"feed_content": "Choose whether feeds carry the whole article or the standfirst."})
	}
	uploaded, err := a.uploadedImage(r, "logo", sess.User.ID)
	if err != nil {
		return again("settings", p, err)
	}
	defer func() {
		if a.discardRefusedUpload(r, &err, uploaded, "logo") {
			v.Settings.LogoID = keptImage(r, 0, "logo_id", "remove_logo")
			v.Logo = a.image(r, v.Settings.LogoID)
		}
	}()
	v.Settings.LogoID = keptImage(r, uploaded, "logo_id", "remove_logo")
	v.Logo = a.image(r, v.Settings.LogoID)
	if err := a.content.SaveSettings(ctx, actor(sess), v.Settings); err != nil {
		return again("settings", p, err)
	}
	return seeOther(w, r, "/admin/settings?done=saved")
}
