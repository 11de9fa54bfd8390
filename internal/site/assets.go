package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// assets are the embedded static files (and a theme's replacements), each
// served under a name that carries a hash of its bytes: site.3f2a9c1b.css.
// A changed file gets a new address, so browsers may keep any version for
// a year without asking again.
type assets struct {
	byName map[string]*page  // "site.3f2a9c1b.css" → response
	urls   map[string]string // "site.css" → "/assets/site.3f2a9c1b.css"
}

func loadAssets(themeDir string) (assets, error) {
	files := map[string][]byte{}
	entries, err := fs.ReadDir(embedded, "assets")
	if err != nil {
		return assets{}, fmt.Errorf("site: assets: %w", err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(embedded, "assets/"+e.Name())
		if err != nil {
			return assets{}, fmt.Errorf("site: assets: %w", err)
		}
		files[e.Name()] = b
	}
	if themeDir != "" {
		dir := filepath.Join(themeDir, "assets")
		entries, err := os.ReadDir(dir)
		if err != nil && !os.IsNotExist(err) {
			return assets{}, fmt.Errorf("site: theme assets: %w", err)
		}
		for _, e := range entries {
			if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return assets{}, fmt.Errorf("site: theme assets: %w", err)
			}
			files[e.Name()] = b
		}
	}
	a := assets{byName: map[string]*page{}, urls: map[string]string{}}
	loaded := time.Now()
	for name, b := range files {
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = http.DetectContentType(b)
		}
		a.byName[hashed] = newPage(http.StatusOK, b, ctype, assetCacheControl, loaded, true)
		a.urls[name] = "/assets/" + hashed
	}
	return a, nil
}

// url returns the hashed address of an asset; templates call it, and an
// unknown name fails the render rather than linking to nothing.
func (a assets) url(name string) (string, error) {
	u, ok := a.urls[name]
	if !ok {
		return "", fmt.Errorf("site: no asset %q", name)
	}
	return u, nil
}
