package s3blobs_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"klimaspor/internal/files"
	"klimaspor/internal/files/s3blobs/s3test"
)

// An object put comes back byte for byte, a deleted one is gone, and a missing one is
// files.ErrNoBlob.
func TestPutOpenDelete(t *testing.T) {
	ctx := context.Background()
	s := s3test.Start(t)
	if err := s.Check(ctx); err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("Bæredygtig indkøb\x00\xff"), 40000)
	key := files.NewKey()
	if err := s.Put(ctx, key, bytes.NewReader(data), int64(len(data)), "application/pdf"); err != nil {
		t.Fatal(err)
	}
	rc, err := s.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes (err %v), want the %d put", len(got), err, len(data))
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(ctx, key); !errors.Is(err, files.ErrNoBlob) {
		t.Fatalf("open after delete: %v, want ErrNoBlob", err)
	}
	if keys, err := s.Keys(ctx, ""); err != nil || len(keys) != 0 {
		t.Fatalf("bucket holds %v (err %v), want nothing", keys, err)
	}
}
