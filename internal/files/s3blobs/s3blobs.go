// Package s3blobs keeps files' bytes in S3-compatible object storage (files.Blobs), for
// installations whose several app servers share files without keeping them in the database.
// It speaks S3 through github.com/minio/minio-go (a client library only).
package s3blobs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"klimaspor/internal/files"
)

// Config names the bucket and how to reach it.
type Config struct {
	Endpoint  string // host[:port], without scheme: s3.eu-north-1.amazonaws.com, minio.intern:9000
	Bucket    string
	AccessKey string
	SecretKey string
	Region    string // "" lets the client ask the server
	Insecure  bool   // plain HTTP instead of HTTPS (a server on the same host or network only)
	// Transport replaces the HTTP transport (tests); nil is the client's default.
	Transport http.RoundTripper
}

// Store is a bucket holding blobs.
type Store struct {
	c      *minio.Client
	bucket string
}

var _ files.Blobs = (*Store)(nil)

// New connects to the bucket of cfg; it makes no request (Check does).
func New(cfg Config) (*Store, error) {
	if cfg.Endpoint == "" || cfg.Bucket == "" {
		return nil, errors.New("s3blobs: an endpoint and a bucket are needed")
	}
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:     credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:    !cfg.Insecure,
		Region:    cfg.Region,
		Transport: cfg.Transport,
	})
	if err != nil {
		return nil, fmt.Errorf("s3blobs: %w", err)
	}
	return &Store{c: c, bucket: cfg.Bucket}, nil
}

// Check says whether the bucket is there and the keys reach it, for a clear error at start
// rather than at the first upload.
func (s *Store) Check(ctx context.Context) error {
	ok, err := s.c.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("s3blobs: bucket %s: %w", s.bucket, err)
	}
	if !ok {
		return fmt.Errorf("s3blobs: there is no bucket %s", s.bucket)
	}
	return nil
}

// Put stores the blob as an object named by its key.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if _, err := s.c.PutObject(ctx, s.bucket, key, r, size, minio.PutObjectOptions{ContentType: contentType}); err != nil {
		return fmt.Errorf("s3blobs: put %s: %w", key, err)
	}
	return nil
}

// Open reads the object; files.ErrNoBlob when there is none.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	obj, err := s.c.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("s3blobs: get %s: %w", key, err)
	}
	// GetObject asks nothing until the first read; Stat asks now, so a missing object is
	// known before an answer starts.
	if _, err := obj.Stat(); err != nil {
		obj.Close()
		if minio.ToErrorResponse(err).Code == "NoSuchKey" {
			return nil, fmt.Errorf("s3blobs: %s: %w", key, files.ErrNoBlob)
		}
		return nil, fmt.Errorf("s3blobs: get %s: %w", key, err)
	}
	return obj, nil
}

// Delete removes the object (S3 answers a delete of a missing object as done).
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := s.c.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("s3blobs: delete %s: %w", key, err)
	}
	return nil
}

// Keys lists the objects' keys under prefix (tests and checks: what the bucket holds).
func (s *Store) Keys(ctx context.Context, prefix string) ([]string, error) {
	var out []string
	for o := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if o.Err != nil {
			return nil, fmt.Errorf("s3blobs: list %s: %w", s.bucket, o.Err)
		}
		out = append(out, o.Key)
	}
	return out, nil
}
