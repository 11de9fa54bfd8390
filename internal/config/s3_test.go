package config_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead/internal/config"
)

// The S3 media settings: from the environment and a secret file, flags
// overriding, and incomplete or mistyped settings refused with what to fix.
func TestS3Settings(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "s3")
	if err := os.WriteFile(secret, []byte("s3cr3t\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"MASTHEAD_S3_ENDPOINT=minio.internal:9000", "MASTHEAD_S3_BUCKET=media", "MASTHEAD_S3_ACCESS_KEY=AK",
		"MASTHEAD_S3_SECRET_KEY_FILE=" + secret, "MASTHEAD_S3_INSECURE=true", "MASTHEAD_S3_PATH_STYLE=true"}
	c, err := config.Load(env, []string{"--s3-region", "eu-west-1"}, &bytes.Buffer{}, "serve", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := config.S3Config{Endpoint: "minio.internal:9000", Bucket: "media", Region: "eu-west-1", AccessKey: "AK", SecretKey: "s3cr3t", Insecure: true, PathStyle: true}
	if c.S3 != want {
		t.Errorf("S3 = %+v, want %+v", c.S3, want)
	}
	for _, tc := range []struct {
		env  []string
		says string
	}{
		{[]string{"MASTHEAD_S3_ENDPOINT=minio:9000"}, "--s3-endpoint and --s3-bucket must be set together"},
		{[]string{"MASTHEAD_S3_BUCKET=media"}, "--s3-endpoint and --s3-bucket must be set together"},
		{[]string{"MASTHEAD_S3_ENDPOINT=https://minio:9000", "MASTHEAD_S3_BUCKET=m", "MASTHEAD_S3_ACCESS_KEY=a", "MASTHEAD_S3_SECRET_KEY=b"}, "without http://"},
		{[]string{"MASTHEAD_S3_ENDPOINT=minio:9000", "MASTHEAD_S3_BUCKET=m"}, "needs --s3-access-key and --s3-secret-key"},
		{[]string{"MASTHEAD_S3_ENDPOINT=minio:9000", "MASTHEAD_S3_BUCKET=m", "MASTHEAD_S3_ACCESS_KEY=a", "MASTHEAD_S3_SECRET_KEY=b", "MASTHEAD_S3_INSECURE=maybe"}, "--s3-insecure: want true or false"},
	} {
		_, err := config.Load(tc.env, nil, &bytes.Buffer{}, "serve", nil)
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%v: err = %v, want it to say %q", tc.env, err, tc.says)
		}
	}
}
