package admin

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
)

//go:embed static/admin.css
var staticFS embed.FS

// assets is the admin stylesheet, served under a name that carries a hash of
// its content, so browsers may keep it for a year and still see a new one
// the moment it changes.
type assets struct {
	css     []byte
	cssName string // admin.<hash>.css
	cssURL  string
}

func loadAssets() (assets, error) {
	css, err := staticFS.ReadFile("static/admin.css")
	if err != nil {
		return assets{}, fmt.Errorf("admin: stylesheet: %w", err)
	}
	sum := sha256.Sum256(css)
	name := "admin." + hex.EncodeToString(sum[:6]) + ".css"
	return assets{css: css, cssName: name, cssURL: "/admin/assets/" + name}, nil
}

// serveAsset answers GET /admin/assets/{name}; an outdated hash is a 404, so
// a stale page never gets a stylesheet it was not written for cached forever.
func (a *Admin) serveAsset(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("name") != a.assets.cssName {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Length", strconv.Itoa(len(a.assets.css)))
	w.Write(a.assets.css)
}
