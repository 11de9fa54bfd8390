package site

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"masthead/internal/media"
	"masthead/internal/store/storetest"
)

// With media in an S3-compatible bucket, /media/ serves from the bucket:
// the same type by extension, long cache lifetime and nosniff; a missing
// object or a type media does not store is 404, as on disk. Nothing is
// read from the data directory.
func TestMediaServedFromS3(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("media"); err != nil {
		t.Fatal(err)
	}
	fake := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(fake.Close)
	u, _ := url.Parse(fake.URL)
	s3, err := media.NewS3(media.S3Config{Endpoint: u.Host, Bucket: "media", Region: "us-east-1", AccessKey: "k", SecretKey: "s", Insecure: true, PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	webp := []byte("RIFF\x10\x00\x00\x00WEBPVP8 fake image bytes")
	if err := s3.Put(ctx, "2026/11/abc.w640.webp", webp, "image/webp"); err != nil {
		t.Fatal(err)
	}
	if err := s3.Put(ctx, "2026/11/page.html", []byte("<script>x</script>"), "text/html"); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, storetest.Open(t, storetest.SQLite), func(o *Options) { o.Media = s3 })

	r := f.get(t, "/media/2026/11/abc.w640.webp")
	if r.Code != http.StatusOK || r.Body.String() != string(webp) {
		t.Fatalf("GET variant: %d %q", r.Code, r.Body.String())
	}
	for k, want := range map[string]string{"Content-Type": "image/webp", "Cache-Control": mediaCacheControl, "X-Content-Type-Options": "nosniff"} {
		if got := r.Header().Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	for _, p := range []string{"/media/2026/11/none.webp", "/media/2026/11/page.html", "/media/" + leadImagePath} {
		if r := f.get(t, p); r.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404 (%s)", p, r.Code, r.Body.String())
		}
	}
}
