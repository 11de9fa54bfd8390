package body

import (
	"net/url"
	"regexp"
	"strings"
)

// Provider is a site whose content an embed block may show in a frame.
// Only https addresses are embedded; any other https address is a plain
// link card (provider "link").
type Provider struct {
	ID   string // data-provider
	Name string // shown to readers: "Load the video from YouTube"
	Kind string // video, audio, social, document, chart
	// frame returns the privacy-friendly frame address for a page
	// address, or "" when the address has no frame (a link card only).
	frame func(u *url.URL) string
}

// LinkProvider is every https address no provider claims.
var LinkProvider = &Provider{ID: "link", Name: "the web", Kind: "link", frame: func(*url.URL) string { return "" }}

var (
	youtubeID = regexp.MustCompile(`^[A-Za-z0-9_-]{6,20}$`)
	digits    = regexp.MustCompile(`^[0-9]{1,20}$`)
)

// providers is the embed registry, matched by host.
var providers = []struct {
	hosts []string
	p     *Provider
}{
	{[]string{"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}, &Provider{ID: "youtube", Name: "YouTube", Kind: "video",
		frame: func(u *url.URL) string {
			id := u.Query().Get("v")
			if u.Host == "youtu.be" {
				id = strings.Trim(u.Path, "/")
			} else if rest, ok := strings.CutPrefix(u.Path, "/shorts/"); ok {
				id = rest
			} else if rest, ok := strings.CutPrefix(u.Path, "/embed/"); ok {
				id = rest
			}
			if !youtubeID.MatchString(id) {
				return ""
			}
			return "https://www.youtube-nocookie.com/embed/" + id
		}}},
	{[]string{"vimeo.com", "www.vimeo.com", "player.vimeo.com"}, &Provider{ID: "vimeo", Name: "Vimeo", Kind: "video",
		frame: func(u *url.URL) string {
			id := strings.TrimPrefix(strings.Trim(u.Path, "/"), "video/")
			if !digits.MatchString(id) {
				return ""
			}
			return "https://player.vimeo.com/video/" + id + "?dnt=1"
		}}},
	{[]string{"soundcloud.com", "www.soundcloud.com"}, &Provider{ID: "soundcloud", Name: "SoundCloud", Kind: "audio",
		frame: func(u *url.URL) string {
			return "https://w.soundcloud.com/player/?url=" + url.QueryEscape(u.String())
		}}},
	{[]string{"open.spotify.com"}, &Provider{ID: "spotify", Name: "Spotify", Kind: "audio",
		frame: func(u *url.URL) string {
			p := strings.Trim(u.Path, "/")
			if strings.Count(p, "/") != 1 {
				return ""
			}
			return "https://open.spotify.com/embed/" + p
		}}},
	{[]string{"datawrapper.dwcdn.net"}, &Provider{ID: "datawrapper", Name: "Datawrapper", Kind: "chart",
		frame: func(u *url.URL) string { return "https://datawrapper.dwcdn.net" + u.EscapedPath() }}},
	{[]string{"public.flourish.studio"}, &Provider{ID: "flourish", Name: "Flourish", Kind: "chart",
		frame: func(u *url.URL) string { return "https://flourish.studio" + u.EscapedPath() + "embed" }}},
	{[]string{"www.documentcloud.org", "embed.documentcloud.org"}, &Provider{ID: "documentcloud", Name: "DocumentCloud", Kind: "document",
		frame: func(u *url.URL) string { return "https://embed.documentcloud.org" + u.EscapedPath() }}},
	{[]string{"docs.google.com"}, &Provider{ID: "googledocs", Name: "Google Docs", Kind: "document",
		frame: func(u *url.URL) string {
			if !strings.HasSuffix(u.Path, "/pub") && !strings.Contains(u.Path, "/pubhtml") {
				return "" // only published documents have an embeddable page
			}
			return "https://docs.google.com" + u.EscapedPath() + "?embedded=true"
		}}},
	// Social posts need the provider's script to show as posts: reader
	// pages run none, so they are link cards with the provider's name.
	{[]string{"x.com", "twitter.com", "www.x.com", "www.twitter.com"}, &Provider{ID: "x", Name: "X", Kind: "social", frame: noFrame}},
	{[]string{"bsky.app"}, &Provider{ID: "bluesky", Name: "Bluesky", Kind: "social", frame: noFrame}},
	{[]string{"www.instagram.com", "instagram.com"}, &Provider{ID: "instagram", Name: "Instagram", Kind: "social", frame: noFrame}},
}

func noFrame(*url.URL) string { return "" }

// ProviderOf finds the provider of an embed address; ok is false when the
// address cannot be embedded at all (not https, unreadable).
func ProviderOf(raw string) (p *Provider, clean string, ok bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || strings.ContainsAny(raw, " \t\n\r<>\"") {
		return nil, "", false
	}
	clean = u.String()
	host := strings.ToLower(u.Hostname())
	for _, pr := range providers {
		for _, h := range pr.hosts {
			if host == h {
				return pr.p, clean, true
			}
		}
	}
	// Mastodon has no one host; a /@user/123 path on any host is a post.
	if parts := strings.Split(strings.Trim(u.Path, "/"), "/"); len(parts) == 2 && strings.HasPrefix(parts[0], "@") && digits.MatchString(parts[1]) {
		return &Provider{ID: "mastodon", Name: "Mastodon", Kind: "social", frame: noFrame}, clean, true
	}
	return LinkProvider, clean, true
}

// Frame is the frame address for an embed address, or "".
func (p *Provider) Frame(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return p.frame(u)
}

// FrameOrigin is the scheme and host frames of this address load from.
func FrameOrigin(frame string) string {
	u, err := url.Parse(frame)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
