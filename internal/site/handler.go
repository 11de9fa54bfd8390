package site

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"masthead/internal/content"
	"masthead/internal/httpx"
	"masthead/internal/web"
)

// renderTimeout bounds a rendering that other requests wait for.
const renderTimeout = 30 * time.Second

// view is what a page handler produces: a template and its data, a
// permanent redirect, or a body of another type (feeds, robots.txt).
type view struct {
	page     string // template set, e.g. "article"
	data     *pageData
	redirect string
	raw      []byte
	rawType  string // Content-Type of raw
	article  int64  // the article shown, whose views the page counts; 0 for other pages
	// frames are the origins of the embed frames the page may load on
	// request; its Content-Security-Policy allows exactly those.
	frames []string
}

// pageFunc is a page handler. after is the list cursor on paginated pages.
type pageFunc func(ctx context.Context, r *http.Request, after content.Cursor) (view, error)

// page adapts a page handler: it answers from the cache when it can, and
// otherwise renders once, stores and serves the result. Errors go to fail.
func (s *Site) page(paginated bool, fn pageFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		pathKey, after, err := pageKey(r, paginated)
		if err != nil {
			if perr := httpx.CheckPath(r); perr != nil {
				err = perr // a bad path is reported first, as on a miss
			}
			s.fail(w, r, err)
			return
		}
		// The cache key needs the settings' base address (baseurl.go).
		if _, err := s.common(r.Context()); err != nil {
			s.fail(w, r, err)
			return
		}
		key, storable := s.cacheKey(r, pathKey)
		if s.cache != nil && key != "" {
			if p := s.cache.get(key); p != nil {
				s.hits.Add(1)
				s.count(r, p, serve(w, r, p))
				return
			}
		}
		// The path is checked on a miss only: a cached page's key is its
		// path, which passed this check before the page was stored. The one
		// query parameter pages read, ?after=, is checked digit by digit by
		// pageKey, and the others (tracking tags) are ignored, as the cache
		// key ignores them.
		if err := httpx.CheckPath(r); err != nil {
			s.fail(w, r, err)
			return
		}
		s.misses.Add(1)
		if s.cache == nil || !storable {
			p, err := s.render(r.Context(), r, after, fn)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			s.count(r, p, serve(w, r, p))
			return
		}
		p, err := s.cache.do(key, func() (*page, error) {
			gen := s.cache.generation()
			// Other requests may wait for this rendering: it must not stop
			// because the first one to ask has gone away.
			ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), renderTimeout)
			defer cancel()
			p, err := s.render(ctx, r, after, fn)
			if err == nil {
				s.cache.put(gen, key, p)
			}
			return p, err
		})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.count(r, p, serve(w, r, p))
	}
}

// render runs a page handler and its template into a pooled buffer, so a
// template error never leaves half a page on the wire.
func (s *Site) render(ctx context.Context, r *http.Request, after content.Cursor, fn pageFunc) (*page, error) {
	v, err := fn(ctx, r, after)
	if err != nil {
		return nil, err
	}
	if v.redirect != "" {
		return redirectPage(v.redirect), nil
	}
	if v.rawType != "" {
		return newPage(http.StatusOK, v.raw, v.rawType, pageCacheControl, s.now(), s.cache != nil), nil
	}
	buf := getBuf()
	defer putBuf(buf)
	if err := s.execute(buf, v); err != nil {
		return nil, fmt.Errorf("site: render %s %s: %w", v.page, r.URL.Path, err)
	}
	p := newPage(http.StatusOK, buf.Bytes(), htmlType, pageCacheControl, s.now(), s.cache != nil)
	if len(v.frames) > 0 {
		csp := field{"Content-Security-Policy", one(httpx.PolicyWithFrames(v.frames))}
		p.plain = append(p.plain, csp)
		if p.zipped != nil {
			p.zipped = append(p.zipped, csp)
		}
	}
	if s.counter != nil {
		p.views = s.counter.Slot(v.article)
	}
	return p, nil
}

// execute renders a view's page, within the chrome of its section, into w.
func (s *Site) execute(w io.Writer, v view) error {
	c, err := s.chrome(v.data.Site, v.data.Current, v.data.IsHome)
	if err != nil {
		return err
	}
	v.data.Chrome = c
	return s.pages.execute(w, v.page, v.data)
}

// handle adapts a handler that writes its own response and returns an
// error instead of writing one (web.Errors.Handle).
func (s *Site) handle(fn web.HandlerFunc) http.HandlerFunc { return s.errs.HandleFunc(fn) }
