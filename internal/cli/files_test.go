package cli

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/api"
	"klimaspor/internal/files/s3blobs"
	"klimaspor/internal/store/storetest"
)

// TestMaxFileSetting: KLIMASPOR_MAX_FILE_MB sets the largest file an upload takes, in MiB;
// anything but a positive number leaves the default of 25 MiB.
func TestMaxFileSetting(t *testing.T) {
	for v, want := range map[string]int64{"": 25 << 20, "8": 8 << 20, "1024": 1 << 30, "0": 25 << 20, "-3": 25 << 20, "lots": 25 << 20} {
		var cfg Config
		e, _, _ := testEnv(map[string]string{"KLIMASPOR_MAX_FILE_MB": v})
		e.flags("serve", "", "", &cfg, true)
		if cfg.MaxFile != want {
			t.Errorf("KLIMASPOR_MAX_FILE_MB=%q: %d bytes, want %d", v, cfg.MaxFile, want)
		}
	}
}

// TestFilesS3Setting: KLIMASPOR_FILES_S3_* are read into the configuration, and a
// half-given one stops the start with a message that names what is missing.
func TestFilesS3Setting(t *testing.T) {
	full := map[string]string{
		"KLIMASPOR_FILES_S3_ENDPOINT": "minio.intern:9000", "KLIMASPOR_FILES_S3_BUCKET": "klimaspor",
		"KLIMASPOR_FILES_S3_ACCESS_KEY": "ak", "KLIMASPOR_FILES_S3_SECRET_KEY": "sk",
		"KLIMASPOR_FILES_S3_REGION": "eu-north-1", "KLIMASPOR_FILES_S3_INSECURE": "true",
	}
	var cfg Config
	e, _, _ := testEnv(full)
	e.flags("serve", "", "", &cfg, true)
	if want := (s3blobs.Config{Endpoint: "minio.intern:9000", Bucket: "klimaspor", AccessKey: "ak", SecretKey: "sk", Region: "eu-north-1", Insecure: true}); cfg.FilesS3 != want {
		t.Errorf("config %+v, want %+v", cfg.FilesS3, want)
	}
	db := storetest.Open(t, "sqlite")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, tc := range []struct {
		name    string
		without []string
		err     string // "" for a start
	}{
		{"none: the database keeps the files", []string{"KLIMASPOR_FILES_S3_ENDPOINT", "KLIMASPOR_FILES_S3_BUCKET", "KLIMASPOR_FILES_S3_ACCESS_KEY"}, ""},
		{"all given (a bucket that does not answer is only logged)", nil, ""},
		{"no bucket", []string{"KLIMASPOR_FILES_S3_BUCKET"}, "KLIMASPOR_FILES_S3_BUCKET"},
		{"no secret key", []string{"KLIMASPOR_FILES_S3_SECRET_KEY"}, "_SECRET_KEY"},
		{"a bucket without an endpoint", []string{"KLIMASPOR_FILES_S3_ENDPOINT"}, "without KLIMASPOR_FILES_S3_ENDPOINT"},
	} {
		vars := map[string]string{}
		for k, v := range full {
			vars[k] = v
		}
		for _, k := range tc.without {
			delete(vars, k)
		}
		var cfg Config
		e, _, _ := testEnv(vars)
		e.flags("serve", "", "", &cfg, true)
		cfg.FilesS3.Endpoint = strings.Replace(cfg.FilesS3.Endpoint, "minio.intern:9000", "127.0.0.1:1", 1) // refuses at once
		// The bucket's check gives up with the context, rather than after the client's retries.
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := setBlobs(ctx, cfg, log, api.New(db, log, "test"))
		cancel()
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: %v, want an error naming %s", tc.name, err, tc.err)
		}
	}
}
