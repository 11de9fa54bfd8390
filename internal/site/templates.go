package site

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"masthead/internal/content"
)

//go:embed templates/*.html assets/*
var embedded embed.FS

// Every page is its own template set: the shared files plus the page's
// file, which defines "main" (and may define "head"). A theme directory
// replaces any of these files by name (ThemeDir/templates/article.html).
var (
	sharedFiles = []string{"layout.html", "partials.html"}
	pageFiles   = []string{"home.html", "article.html", "list.html", "privacy.html", "error.html",
		"reader-preferences.html", "reader-data.html", "reader-unsubscribe.html", "reader-message.html", "newsletters.html", "search.html", "corrections.html"}
)

// pageSet holds a template set per page, plus the shared templates alone
// for rendering the chrome.
type pageSet struct {
	pages  map[string]*template.Template
	chrome *template.Template
}

func parsePages(themeDir string, funcs template.FuncMap) (pageSet, error) {
	read := func(name string) (string, error) {
		if themeDir != "" {
			b, err := os.ReadFile(filepath.Join(themeDir, "templates", name))
			if err == nil {
				return string(b), nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("site: theme template %s: %w", name, err)
			}
		}
		b, err := embedded.ReadFile("templates/" + name)
		return string(b), err
	}
	base := template.New("layout").Funcs(funcs)
	for _, name := range sharedFiles {
		src, err := read(name)
		if err != nil {
			return pageSet{}, err
		}
		if _, err := base.New(name).Parse(src); err != nil {
			return pageSet{}, fmt.Errorf("site: parse %s: %w", name, err)
		}
	}
	set := pageSet{pages: map[string]*template.Template{}}
	for _, name := range pageFiles {
		src, err := read(name)
		if err != nil {
			return pageSet{}, err
		}
		t, err := base.Clone()
		if err != nil {
			return pageSet{}, err
		}
		if _, err := t.New(name).Parse(src); err != nil {
			return pageSet{}, fmt.Errorf("site: parse %s: %w", name, err)
		}
		if t.Lookup("main") == nil {
			return pageSet{}, fmt.Errorf("site: %s does not define \"main\"", name)
		}
		set.pages[strings.TrimSuffix(name, ".html")] = t
	}
	for _, name := range []string{"top", "bottom"} {
		if base.Lookup(name) == nil {
			return pageSet{}, fmt.Errorf("site: layout.html does not define %q", name)
		}
	}
	set.chrome = base
	return set, nil
}

// execute renders page into w through the layout.
func (ps pageSet) execute(w io.Writer, page string, data *pageData) error {
	t, ok := ps.pages[page]
	if !ok {
		return fmt.Errorf("site: no page template %q", page)
	}
	data.Meta, data.JSONLD = data.head()
	data.Feeds = feedLinks(data.Base, data.Site.Settings.Name, data.List)
	return t.ExecuteTemplate(w, "layout", data)
}

// executeAs renders page through the named template instead of the
// layout: the framed sign-up form has a layout of its own.
func (ps pageSet) executeAs(w io.Writer, page, name string, data *pageData) error {
	t, ok := ps.pages[page]
	if !ok || t.Lookup(name) == nil {
		return fmt.Errorf("site: no template %q in page %q", name, page)
	}
	data.Meta = data.headMeta()
	return t.ExecuteTemplate(w, name, data)
}

// funcs are the template helpers; dates are formatted in Go (see data.go)
// so templates never depend on the machine's time zone.
func (s *Site) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": s.assets.url,
		"media": mediaURL,
		"host":  linkText,
	}
}

// mediaURL is the public address of an uploaded file.
func mediaURL(path string) string {
	return "/media/" + (&url.URL{Path: path}).EscapedPath()
}

// bylineName is one name of a byline with the words before it, so that
// "A, B and C" needs no template logic (each template call costs about a
// microsecond, and bylines are on every card).
type bylineName struct {
	Sep, Slug, Name string
}

// bylineOf lays out authors as "A, B and C".
func bylineOf(authors []content.Author) []bylineName {
	out := make([]bylineName, len(authors))
	for i, a := range authors {
		out[i] = bylineName{Slug: a.Slug, Name: a.Name}
		switch {
		case i == 0:
		case i == len(authors)-1:
			out[i].Sep = " and "
		default:
			out[i].Sep = ", "
		}
	}
	return out
}

// linkText shows an author's link without its scheme.
func linkText(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	return strings.TrimSuffix(u.Host+u.EscapedPath(), "/")
}

// Rendering goes into pooled buffers so a page costs no growing slices.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuf() *bytes.Buffer { return bufPool.Get().(*bytes.Buffer) }

func putBuf(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return // let an unusually large page's buffer go
	}
	b.Reset()
	bufPool.Put(b)
}
