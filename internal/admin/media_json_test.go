package admin_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

type mediaItemJSON struct {
	ID      int64  `json:"id"`
	URL     string `json:"url"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
	Mime    string `json:"mime"`
	Alt     string `json:"alt"`
	Caption string `json:"caption"`
	Credit  string `json:"credit"`
}

// bombPNG is a PNG of a few kilobytes that would decode to 60 megapixels.
func bombPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 10000, 6000))); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 1<<20 {
		t.Fatalf("the bomb is %d bytes", buf.Len())
	}
	return buf.Bytes()
}

func decodeJSON[T any](t *testing.T, r resp) T {
	t.Helper()
	var v T
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, body %s", ct, r.body)
	}
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("%v in %s", err, r.body)
	}
	return v
}

// The rich editor's contract: upload answers 201 with the item, the list
// finds it by caption and pages, every refusal is JSON with a message.
func TestMediaJSONContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("writer@example.org", auth.RoleContributor)
		c := a.signIn("writer@example.org")

		r := c.postFile("/admin/media", url.Values{"alt": {"Boats at dawn"}, "caption": {"The harbour"}, "credit": {"Ana Pérez"}},
			"file", "harbour.png", pngBytes(t))
		wantStatus(t, r, http.StatusCreated, "upload")
		var raw map[string]any
		json.Unmarshal([]byte(r.body), &raw)
		for _, k := range []string{"id", "url", "width", "height", "mime", "alt", "caption", "credit"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("upload JSON lacks %q: %s", k, r.body)
			}
		}
		item := decodeJSON[mediaItemJSON](t, r)
		if item.ID == 0 || !strings.HasPrefix(item.URL, "/media/2026/11/") || !strings.HasSuffix(item.URL, ".png") || item.Mime != "image/png" ||
			item.Width == 0 || item.Height == 0 || item.Alt != "Boats at dawn" || item.Caption != "The harbour" || item.Credit != "Ana Pérez" {
			t.Errorf("upload = %+v", item)
		}
		if got, err := db.GetImage(t.Context(), item.ID); err != nil || got.Name != "harbour.png" {
			t.Errorf("stored %+v, %v: want the file's name", got, err)
		}

		// Refusals: not an image, an SVG, a wrong extension, no file, no token.
		for _, tc := range []struct {
			what, name string
			data       []byte
			status     int
			says       string
		}{
			{"text", "notes.png", []byte("just text"), 422, "not an image"},
			{"svg", "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), 422, "SVG"},
			{"wrong extension", "photo.jpg", pngBytes(t), 422, "is a PNG image"},
			{"truncated", "cut.png", pngBytes(t)[:60], 422, "damaged"},
			{"huge", "big.jpg", append(pngBytes(t), make([]byte, 10<<20)...), 422, "larger than 10 MB"},
			{"over the body limit", "bigger.jpg", make([]byte, 12<<20), 413, "at most 10 MB"},
			{"decompression bomb", "bomb.png", bombPNG(t), 422, "too large (at most 50 megapixels)"},
		} {
			r := c.postFile("/admin/media", url.Values{}, "file", tc.name, tc.data)
			e := decodeJSON[struct{ Error string }](t, r)
			if r.status != tc.status || !strings.Contains(e.Error, tc.says) {
				t.Errorf("%s: %d %q, want %d saying %q", tc.what, r.status, e.Error, tc.status, tc.says)
			}
		}
		r = c.post("/admin/media", url.Values{})
		if e := decodeJSON[struct{ Error string }](t, r); r.status != http.StatusUnprocessableEntity || !strings.Contains(e.Error, "Choose an image") {
			t.Errorf("no file: %d %q", r.status, e.Error)
		}
		r = c.postFile("/admin/media", url.Values{"csrf": {"forged"}}, "file", "x.png", pngBytes(t))
		if e := decodeJSON[struct{ Error string }](t, r); r.status != http.StatusForbidden || e.Error == "" {
			t.Errorf("forged token: %d %q", r.status, e.Error)
		}
		if n := a.countImages(); n != 1 {
			t.Errorf("refused uploads left records: %d images", n)
		}

		// The list: search by caption and credit, and pages.
		type list struct {
			Items    []mediaItemJSON `json:"items"`
			NextPage int             `json:"next_page"`
		}
		got := decodeJSON[list](t, c.get("/admin/media.json?q=harbour"))
		if len(got.Items) != 1 || got.Items[0] != item || got.NextPage != 0 {
			t.Errorf("search harbour = %+v, want [%+v]", got, item)
		}
		if got := decodeJSON[list](t, c.get("/admin/media.json?q=p%C3%A9rez")); len(got.Items) != 1 {
			t.Errorf("search by credit = %+v", got)
		}
		if got := decodeJSON[list](t, c.get("/admin/media.json?q=nothing")); got.Items == nil || len(got.Items) != 0 {
			t.Errorf("empty search = %s", c.get("/admin/media.json?q=nothing").body)
		}
		for range 25 {
			wantStatus(t, c.postFile("/admin/media", url.Values{}, "file", "more.png", pngBytes(t)), http.StatusCreated, "upload")
		}
		p1 := decodeJSON[list](t, c.get("/admin/media.json"))
		p2 := decodeJSON[list](t, c.get("/admin/media.json?page=2"))
		if len(p1.Items) != 24 || p1.NextPage != 2 || len(p2.Items) != 2 || p2.NextPage != 0 || p2.Items[1].ID != item.ID {
			t.Errorf("pages: %d next %d, %d next %d", len(p1.Items), p1.NextPage, len(p2.Items), p2.NextPage)
		}

		// Signed out: 401 JSON, not a sign-in page.
		r = a.client().get("/admin/media.json")
		if e := decodeJSON[struct{ Error string }](t, r); r.status != http.StatusUnauthorized || e.Error == "" {
			t.Errorf("signed out: %d %q", r.status, e.Error)
		}
	})
}
