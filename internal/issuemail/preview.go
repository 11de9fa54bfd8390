package issuemail

import "strings"

// Preview builds the issue for the admin preview, with the per-recipient
// placeholders filled by harmless sample links: the real ones are signed
// per reader and would unsubscribe whoever clicked them.
func Preview(is Issue) (htmlBody, text string, err error) {
	e, err := Build(is)
	if err != nil {
		return "", "", err
	}
	base := strings.TrimRight(strings.TrimSpace(is.Publication.BaseURL), "/")
	r := strings.NewReplacer(
		PlaceholderUnsubscribe, base+"/newsletters/unsubscribe/preview",
		PlaceholderPreferences, base+"/newsletters/preferences/preview",
		PlaceholderTrack, "preview",
	)
	return r.Replace(e.Message.HTML), r.Replace(e.Message.Text), nil
}
