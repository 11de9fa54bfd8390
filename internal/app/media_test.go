package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead/internal/app"
	"masthead/internal/content"
	"masthead/internal/media"
	"masthead/internal/media/mediatest"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// oldUpload puts a camera JPEG in the media directory and records it as an
// upload from before stripping existed.
func oldUpload(t *testing.T, db *store.DB, mediaDir, rel string) []byte {
	t.Helper()
	data := mediatest.CameraJPEG(t, 40, 30)
	full := filepath.Join(mediaDir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, data, 0o640); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id, err := db.CreateImage(ctx, content.Image{Path: rel, Mime: "image/jpeg", Width: 40, Height: 30, Size: int64(len(data))}, 0)
	if err == nil {
		err = db.SetImageStripped(ctx, id, int64(len(data)), false)
	}
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func wantNoSecrets(t *testing.T, what string, b []byte) {
	t.Helper()
	for _, s := range mediatest.Secrets {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("%s holds %q", what, s)
		}
	}
}

// Readers get uploads without camera metadata; "masthead media strip" and
// serve's background run strip what was uploaded before.
func TestServedImagesHaveNoCameraMetadata(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv, ts := newServer(t, e, false)
			ctx := context.Background()
			mediaDir := filepath.Join(srv.Config.DataDir, "media")

			img, err := media.New(mediaDir, srv.DB, time.Now).SaveImage(ctx, bytes.NewReader(mediatest.CameraJPEG(t, 40, 30)), 0)
			if err != nil {
				t.Fatal(err)
			}
			res, body := get(t, ts.URL+"/media/"+img.Path)
			if res.StatusCode != 200 || !strings.Contains(body, string(mediatest.ICCProfile)) {
				t.Fatalf("uploaded image: %d, %d bytes", res.StatusCode, len(body))
			}
			wantNoSecrets(t, "the served upload", []byte(body))

			oldUpload(t, srv.DB, mediaDir, "2025/03/old.jpg")
			var out, errOut bytes.Buffer
			args := []string{"media", "strip", "--data", srv.Config.DataDir, "--database-url", srv.Config.DatabaseURL}
			if code := app.Run(ctx, args, nil, app.IO{Stdout: &out, Stderr: &errOut}); code != 0 {
				t.Fatalf("media strip exited %d: %s", code, errOut.String())
			}
			if !strings.Contains(out.String(), "checked 1 images: 1 rewritten without metadata") {
				t.Errorf("media strip said %q", out.String())
			}
			_, body = get(t, ts.URL+"/media/2025/03/old.jpg")
			wantNoSecrets(t, "an old upload after media strip", []byte(body))
			out.Reset()
			if code := app.Run(ctx, args, nil, app.IO{Stdout: &out, Stderr: &errOut}); code != 0 || !strings.Contains(out.String(), "checked 0 images") {
				t.Errorf("second run: exit %d, %q", code, out.String())
			}

			// serve strips old uploads in the background on start.
			oldUpload(t, srv.DB, mediaDir, "2025/04/older.jpg")
			stop := srv.Background(ctx)
			for tries := 0; ; tries++ {
				if tries == 3000 {
					stop()
					t.Fatal("serve did not strip the old upload")
				}
				left, err := srv.DB.ImagesToStrip(ctx, 0, 1, false)
				if err != nil {
					t.Fatal(err)
				}
				if len(left) == 0 {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			stop()
			_, body = get(t, ts.URL+"/media/2025/04/older.jpg")
			wantNoSecrets(t, "an old upload after serve started", []byte(body))
		})
	}
}

func TestMediaCommandHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	for _, flag := range []string{"--help", "-help", "-h"} {
		out.Reset()
		if code := app.Run(context.Background(), []string{"media", flag}, nil, app.IO{Stdout: &out, Stderr: &errOut}); code != 0 ||
			!strings.Contains(out.String(), "masthead media strip") {
			t.Errorf("media %s: exit %d, %q", flag, code, out.String())
		}
	}
	out.Reset()
	if code := app.Run(context.Background(), []string{"media", "strip", "--help"}, nil, app.IO{Stdout: &out, Stderr: &errOut}); code != 0 ||
		!strings.Contains(errOut.String(), "-all") {
		t.Errorf("media strip --help: exit %d, %q", code, errOut.String())
	}
}

// Structured data lists an article's lead image crops once they are made:
// serve makes those of images stored before (the demo's) when it starts,
// and a job makes those of each new upload. (SQLite only: the demo takes a
// while to load, and media's tests run the same queries on both engines.)
func TestServeMakesCrops(t *testing.T) {
	for _, e := range []storetest.Engine{storetest.SQLite} {
		t.Run(string(e), func(t *testing.T) {
			srv, ts := newServer(t, e, true)
			ctx := context.Background()
			arts, err := srv.DB.ListPublished(ctx, content.Filter{}, content.Cursor{}, 50)
			if err != nil {
				t.Fatal(err)
			}
			var slug string
			var lead content.Image
			for _, a := range arts {
				if a.LeadImageID != 0 {
					slug = a.Slug
					if lead, err = srv.DB.GetImage(ctx, a.LeadImageID); err != nil {
						t.Fatal(err)
					}
					break
				}
			}
			if slug == "" {
				t.Fatal("no demo article with a lead image")
			}
			ldImages := func() string {
				_, page := get(t, ts.URL+"/articles/"+slug)
				i := strings.Index(page, `"image":[`)
				if i < 0 {
					t.Fatalf("article page has no structured data image:\n%s", page)
				}
				return page[i : i+strings.Index(page[i:], "]")]
			}
			if got := ldImages(); !strings.Contains(got, "/media/"+lead.Path) || strings.Contains(got, ".16x9.") {
				t.Fatalf("before crops: %s, want the original", got)
			}

			stop := srv.Background(ctx)
			defer stop()
			mediaDir := filepath.Join(srv.Config.DataDir, "media")
			for tries := 0; !strings.Contains(ldImages(), ".16x9.jpg"); tries++ {
				if tries == 3000 {
					t.Fatalf("serve made no crops for the demo's images: %s", ldImages())
				}
				time.Sleep(10 * time.Millisecond)
			}
			got := ldImages()
			for _, r := range media.CropRatios {
				if !strings.Contains(got, "/media/"+strings.TrimSuffix(lead.Path, ".jpg")+"."+r.String()+".jpg") {
					t.Errorf("structured data images %s lack the %s crop", got, r)
				}
			}

			img, err := srv.Media.SaveImage(ctx, bytes.NewReader(mediatest.CameraJPEG(t, 400, 300)), 0)
			if err != nil {
				t.Fatal(err)
			}
			for tries := 0; len(media.Crops(ctx, media.NewLocal(mediaDir), img)) != 3; tries++ {
				if tries == 3000 {
					t.Fatal("no crops made for a new upload")
				}
				time.Sleep(10 * time.Millisecond)
			}
			for _, c := range media.Crops(ctx, media.NewLocal(mediaDir), img) {
				res, body := get(t, ts.URL+"/media/"+c.Path)
				if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" {
					t.Errorf("GET crop %s: %d %s", c.Path, res.StatusCode, res.Header.Get("Content-Type"))
				}
				wantNoSecrets(t, "a crop", []byte(body))
			}
		})
	}
}
