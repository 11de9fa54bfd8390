package media

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config is how to reach an S3-compatible bucket.
type S3Config struct {
	Endpoint  string // host[:port], such as s3.eu-west-1.amazonaws.com or minio.internal:9000
	Bucket    string
	Region    string // empty: the server's default
	AccessKey string
	SecretKey string
	Insecure  bool // plain HTTP (a store on a private network or in tests)
	PathStyle bool // bucket in the path rather than the host name
	// Transport overrides the HTTP transport (tests); nil is the default.
	Transport http.RoundTripper
}

// S3 keeps media files in an S3-compatible bucket through minio-go. A PUT
// of an object is atomic in S3: readers see the old object or the whole
// new one, never part.
type S3 struct {
	client *minio.Client
	bucket string
}

// NewS3 connects to the bucket (it checks nothing until first use).
func NewS3(cfg S3Config) (*S3, error) {
	lookup := minio.BucketLookupAuto
	if cfg.PathStyle {
		lookup = minio.BucketLookupPath
	}
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       !cfg.Insecure,
		Region:       cfg.Region,
		BucketLookup: lookup,
		Transport:    cfg.Transport,
	})
	if err != nil {
		return nil, fmt.Errorf("media: s3 %s: %w", cfg.Endpoint, err)
	}
	return &S3{client: c, bucket: cfg.Bucket}, nil
}

// Check reports whether the bucket can be reached and exists.
func (s *S3) Check(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("media: s3 bucket %s: %w", s.bucket, err)
	}
	if !ok {
		return fmt.Errorf("media: s3 bucket %s does not exist", s.bucket)
	}
	return nil
}

// Put uploads data as one object.
func (s *S3) Put(ctx context.Context, name string, data []byte, mime string) error {
	if !ValidName(name) {
		return fmt.Errorf("media: put: bad name %q", name)
	}
	_, err := s.client.PutObject(ctx, s.bucket, name, bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{ContentType: mime, CacheControl: "public, max-age=31536000, immutable"})
	if err != nil {
		return fmt.Errorf("media: s3 put %s: %w", name, err)
	}
	return nil
}

type s3Blob struct {
	*minio.Object
	info BlobInfo
}

func (b s3Blob) Info() BlobInfo { return b.info }

// Open reads an object; its size and type come from a stat first.
func (s *S3) Open(ctx context.Context, name string) (Blob, error) {
	if !ValidName(name) {
		return nil, fs.ErrNotExist
	}
	info, err := s.Stat(ctx, name)
	if err != nil {
		return nil, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, name, minio.GetObjectOptions{})
	if err != nil {
		return nil, s3Err("open", name, err)
	}
	return s3Blob{obj, info}, nil
}

// Stat describes an object.
func (s *S3) Stat(ctx context.Context, name string) (BlobInfo, error) {
	if !ValidName(name) {
		return BlobInfo{}, fs.ErrNotExist
	}
	st, err := s.client.StatObject(ctx, s.bucket, name, minio.StatObjectOptions{})
	if err != nil {
		return BlobInfo{}, s3Err("stat", name, err)
	}
	mime := typeOf(name)
	if mime == "application/octet-stream" && st.ContentType != "" {
		mime = st.ContentType
	}
	return BlobInfo{Size: st.Size, Mime: mime, ModTime: st.LastModified}, nil
}

// Delete removes an object (S3 answers a missing one with success).
func (s *S3) Delete(ctx context.Context, name string) error {
	if !ValidName(name) {
		return fmt.Errorf("media: delete: bad name %q", name)
	}
	if err := s.client.RemoveObject(ctx, s.bucket, name, minio.RemoveObjectOptions{}); err != nil {
		return s3Err("delete", name, err)
	}
	return nil
}

// s3Err maps a missing object to fs.ErrNotExist.
func s3Err(op, name string, err error) error {
	resp := minio.ToErrorResponse(err)
	if resp.Code == "NoSuchKey" || resp.StatusCode == http.StatusNotFound {
		return fmt.Errorf("media: s3 %s %s: %w", op, name, fs.ErrNotExist)
	}
	return fmt.Errorf("media: s3 %s %s: %w", op, name, err)
}
