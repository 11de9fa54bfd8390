package site

import (
	"fmt"
	"html/template"
)

// chrome is what surrounds a page's content: skip link, support banner,
// masthead with the section navigation, and footer. It depends only on the
// settings and the section a page belongs to, so it is rendered once per
// section and kept with the settings until Purge. That halves the template
// work of every page rendered with the page cache off.
type chrome struct {
	Top, Bottom template.HTML
}

// chromeData is the data of the "top" and "bottom" templates.
type chromeData struct {
	Site    *shared
	Current string // slug of the section to mark in the navigation
	IsHome  bool
	Year    int
}

func (s *Site) chrome(sh *shared, current string, isHome bool) (*chrome, error) {
	key := "section:" + current
	if isHome {
		key = "home"
	}
	if c, ok := sh.chrome.Load(key); ok {
		return c.(*chrome), nil
	}
	d := chromeData{Site: sh, Current: current, IsHome: isHome, Year: s.now().In(sh.Loc).Year()}
	buf := getBuf()
	defer putBuf(buf)
	c := &chrome{}
	for _, part := range []struct {
		name string
		dst  *template.HTML
	}{{"top", &c.Top}, {"bottom", &c.Bottom}} {
		buf.Reset()
		if err := s.pages.chrome.ExecuteTemplate(buf, part.name, d); err != nil {
			return nil, fmt.Errorf("site: render %s: %w", part.name, err)
		}
		*part.dst = template.HTML(buf.String()) // escaped by html/template
	}
	// Keys are the sections plus home, so this stays small.
	actual, _ := sh.chrome.LoadOrStore(key, c)
	return actual.(*chrome), nil
}
