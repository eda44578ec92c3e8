// Package files holds the rules for files uploaded to Klimaspor (the knowledge library's
// items, issue 15), without HTTP or SQL: which files are taken (Check: the content decides,
// and the name's extension must agree with it), what a file is called once stored
// (SanitiseName), and where its bytes are kept (Blobs: the database by default, S3-compatible
// object storage by configuration, so that several app servers share them).
package files

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
)

// Blobs keeps files' bytes under keys. The metadata of a file (its record) always lives in
// the database; a blob store holds only the bytes. The store puts a blob before it writes
// the record, and deletes it again when that write fails, so no record names a blob that is
// not there.
type Blobs interface {
	// Put stores size bytes read from r under key.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// Open reads the blob under key; ErrNoBlob when there is none.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the blob under key; deleting one that is not there is no error.
	Delete(ctx context.Context, key string) error
}

// ErrNoBlob is a key under which nothing is stored.
var ErrNoBlob = errors.New("files: no blob under that key")

// NewKey is a fresh random key for a blob: 128 random bits, so keys never collide and never
// say what the file is or whose it is.
func NewKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return "library/" + hex.EncodeToString(b)
}
