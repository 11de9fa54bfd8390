package admin

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:generate sh -c "cd ../../tools/editor && node build.mjs"
//go:embed static/admin.css static/admin.js static/editor.js static/editor.css
var staticFS embed.FS

// assets are the admin stylesheet, its one small script and the rich
// editor's bundle (built from tools/editor by go generate), each served
// under a name that carries a hash of its content, so browsers may keep
// them for a year and still see a new one the moment it changes.
type assets struct {
	files                     map[string]asset // by served name
	cssURL, jsURL             string
	editorJSURL, editorCSSURL string
}

type asset struct {
	body        []byte
	contentType string
}

func loadAssets() (assets, error) {
	as := assets{files: map[string]asset{}}
	for _, f := range []struct {
		name, ext, contentType string
		url                    *string
	}{
		{"static/admin.css", "css", "text/css; charset=utf-8", &as.cssURL},
		{"static/admin.js", "js", "text/javascript; charset=utf-8", &as.jsURL},
		{"static/editor.js", "js", "text/javascript; charset=utf-8", &as.editorJSURL},
		{"static/editor.css", "css", "text/css; charset=utf-8", &as.editorCSSURL},
	} {
		body, err := staticFS.ReadFile(f.name)
		if err != nil {
			return assets{}, fmt.Errorf("admin: asset: %w", err)
		}
		sum := sha256.Sum256(body)
		base := strings.TrimSuffix(path.Base(f.name), "."+f.ext)
		name := base + "." + hex.EncodeToString(sum[:6]) + "." + f.ext
		as.files[name] = asset{body: body, contentType: f.contentType}
		*f.url = "/admin/assets/" + name
	}
	return as, nil
}

// serveAsset answers GET /admin/assets/{name}; an outdated hash is a 404, so
// a stale page never gets an asset it was not written for cached forever.
func (a *Admin) serveAsset(w http.ResponseWriter, r *http.Request) {
	f, ok := a.assets.files[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Length", strconv.Itoa(len(f.body)))
	w.Write(f.body)
}
