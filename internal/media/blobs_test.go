package media_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"masthead/internal/content"
	"masthead/internal/media"
	"masthead/internal/media/mediatest"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// fakeS3 is an S3-compatible server in the test process with one bucket.
func fakeS3(t *testing.T) *media.S3 {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("media"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	s3, err := media.NewS3(media.S3Config{Endpoint: u.Host, Bucket: "media", Region: "us-east-1", AccessKey: "key", SecretKey: "secret",
		Insecure: true, PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s3.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s3
}

// Both stores keep the same promises: what was put is read back whole with
// its size and type, a missing name is fs.ErrNotExist, a replaced file is
// the new one, deleting twice is fine, and bad names are refused.
func TestBlobStores(t *testing.T) {
	for name, files := range map[string]media.Blobs{"local": media.NewLocal(t.TempDir() + "/media"), "s3": fakeS3(t)} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if _, err := files.Open(ctx, "2026/11/none.jpg"); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("open missing: %v", err)
			}
			if _, err := files.Stat(ctx, "2026/11/none.jpg"); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("stat missing: %v", err)
			}
			data := bytes.Repeat([]byte("pixels"), 1000)
			if err := files.Put(ctx, "2026/11/a.webp", data, "image/webp"); err != nil {
				t.Fatal(err)
			}
			f, err := files.Open(ctx, "2026/11/a.webp")
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(f)
			info := f.Info()
			f.Close()
			if !bytes.Equal(got, data) || info.Size != int64(len(data)) || info.Mime != "image/webp" {
				t.Errorf("read back %d bytes, info %+v", len(got), info)
			}
			// Seeking works (http.ServeContent answers ranges with it).
			f, _ = files.Open(ctx, "2026/11/a.webp")
			f.Seek(6, io.SeekStart)
			part := make([]byte, 6)
			io.ReadFull(f, part)
			f.Close()
			if string(part) != "pixels" {
				t.Errorf("after seek: %q", part)
			}
			if err := files.Put(ctx, "2026/11/a.webp", []byte("new"), "image/webp"); err != nil {
				t.Fatal(err)
			}
			if st, err := files.Stat(ctx, "2026/11/a.webp"); err != nil || st.Size != 3 {
				t.Errorf("after replacing: %+v %v", st, err)
			}
			for range 2 {
				if err := files.Delete(ctx, "2026/11/a.webp"); err != nil {
					t.Errorf("delete: %v", err)
				}
			}
			if _, err := files.Stat(ctx, "2026/11/a.webp"); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("after delete: %v", err)
			}
			for _, bad := range []string{"../x.jpg", "/abs.jpg", "2026/.hidden.jpg", "a\\b.jpg", ""} {
				if err := files.Put(ctx, bad, data, "image/jpeg"); err == nil {
					t.Errorf("put %q was accepted", bad)
				}
				if _, err := files.Open(ctx, bad); err == nil {
					t.Errorf("open %q worked", bad)
				}
			}
		})
	}
}

// The whole library on S3: an upload, its crops and variants are made in
// the bucket, nothing is written to disk, and a discard removes them all.
func TestLibraryOnS3(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s3 := fakeS3(t)
		lib := media.NewIn(s3, db, func() time.Time { return time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC) })
		img, err := lib.Upload(ctx, bytes.NewReader(mediatest.CameraJPEG(t, 700, 500)), "IMG_1.JPG", 0, media.Details{Caption: "Quay"})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := lib.MakeCrops(ctx, img.Path); err != nil || n != 3 {
			t.Fatalf("crops: %d %v", n, err)
		}
		n, err := lib.MakeVariants(ctx, img.Path)
		if err != nil || n == 0 {
			t.Fatalf("variants: %d %v", n, err)
		}
		got, _ := db.GetImage(ctx, img.ID)
		if len(got.Variants) != n {
			t.Fatalf("recorded %d variants, made %d", len(got.Variants), n)
		}
		for _, v := range got.Variants {
			f, err := s3.Open(ctx, v.Path)
			if err != nil {
				t.Fatalf("variant %s not in the bucket: %v", v.Path, err)
			}
			data, _ := io.ReadAll(f)
			f.Close()
			for _, s := range mediatest.Secrets {
				if bytes.Contains(data, []byte(s)) {
					t.Errorf("%s holds %q", v.Path, s)
				}
			}
		}
		if len(media.Crops(ctx, s3, got)) != 3 {
			t.Error("crops not found in the bucket")
		}
		if deleted, err := lib.Discard(ctx, img.ID); !deleted || err != nil {
			t.Fatalf("discard: %v %v", deleted, err)
		}
		for _, name := range append([]string{img.Path}, variantPaths(got)...) {
			if _, err := s3.Stat(ctx, name); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s left in the bucket after discard (%v)", name, err)
			}
		}
	})
}

func variantPaths(img content.Image) []string {
	var out []string
	for _, v := range img.Variants {
		out = append(out, v.Path)
	}
	return out
}
