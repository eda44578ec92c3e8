// Package s3test starts an S3 server for tests: github.com/johannesboyne/gofakes3 (MIT) with
// its in-memory backend, over HTTP on loopback, and an s3blobs.Store on a fresh bucket of it.
// Only tests import it.
package s3test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"klimaspor/internal/files/s3blobs"
)

// Bucket is the bucket Start makes.
const Bucket = "klimaspor-test"

// Start runs a fake S3 server until the test ends and returns a store on its bucket.
func Start(t testing.TB) *s3blobs.Store {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(Bucket); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	s, err := s3blobs.New(s3blobs.Config{
		Endpoint: strings.TrimPrefix(srv.URL, "http://"), Bucket: Bucket,
		AccessKey: "test", SecretKey: "test-secret", Region: "us-east-1", Insecure: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
