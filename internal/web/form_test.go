package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/web"
)

func post(body, contentType string) *http.Request {
	r := httptest.NewRequest("POST", "/form", strings.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	return r
}

func multipartBody(t *testing.T, fields map[string]string, fileName string, file []byte) (string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if fileName != "" {
		fw, err := mw.CreateFormFile("image", fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	mw.Close()
	return b.String(), mw.FormDataContentType()
}

func TestReadFormRefusesWhatCannotBeStored(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	good, goodType := multipartBody(t, map[string]string{"name": "Café\tculture\r\nnews"}, "photo.jpg", []byte("jpeg"))
	nulName, nulType := multipartBody(t, map[string]string{"name": "ok"}, "a\x00.jpg", []byte("jpeg"))
	badMulti, badMultiType := multipartBody(t, map[string]string{"name": "a\x01b"}, "", nil)
	cases := []struct {
		name   string
		req    *http.Request
		limit  int64
		status int
		field  string // the field the refusal names
	}{
		{"plain form", post("email=a%40example.org&name=Caf%C3%A9", form), web.FormLimit, 200, ""},
		{"tabs and line breaks", post("body=a%09b%0D%0Ac", form), web.FormLimit, 200, ""},
		{"multipart with a file", post(good, goodType), 1 << 20, 200, ""},
		{"NUL in a value", post("email=a%00b%40example.org", form), web.FormLimit, 422, "email"},
		{"control character", post("name=a%07b", form), web.FormLimit, 422, "name"},
		{"invalid UTF-8", post("name=caf%E9", form), web.FormLimit, 422, "name"},
		{"NUL in a field name", post("na%00me=x", form), web.FormLimit, 422, ""},
		{"control character in multipart", post(badMulti, badMultiType), 1 << 20, 422, "name"},
		{"NUL in a file name", post(nulName, nulType), 1 << 20, 422, ""},
		{"query string with a NUL", httptest.NewRequest("GET", "/form?q=%00", nil), web.FormLimit, 422, "q"},
		{"over the form limit", post("body="+strings.Repeat("a", web.FormLimit), form), 10 << 20, 413, ""},
		{"multipart over its limit", post(strings.Repeat("x", 2000), "multipart/form-data; boundary=zz"), 1000, 413, ""},
		{"not a form", post("%zz", form), web.FormLimit, 422, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newSurface(adminLike)
			var got url.Values
			h := s.errs.Handle(web.ReadForm(tc.limit, func(w http.ResponseWriter, r *http.Request) error {
				got = r.PostForm
				return nil
			}))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, tc.req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			if tc.status != 200 && got != nil {
				t.Error("the handler ran on a refused form")
			}
			if tc.status == 200 && got == nil {
				t.Error("the handler did not run")
			}
			if tc.field != "" && !strings.Contains(rec.Body.String(), "“"+tc.field+"”") {
				t.Errorf("the refusal does not name %q: %s", tc.field, rec.Body)
			}
		})
	}
}
