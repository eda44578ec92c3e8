package files

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

// RefusedNoName is a file whose name is nothing once sanitised.
const RefusedNoName = "no_name"

// Upload is a received file that Check took: its bytes in a temporary file (at its start),
// its sanitised name, its type, size and SHA-256. Close removes the temporary file.
type Upload struct {
	File   *os.File
	Name   string
	Type   Type
	Size   int64
	SHA256 string // hex
}

// Close removes the upload's temporary file.
func (u *Upload) Close() error {
	u.File.Close()
	return os.Remove(u.File.Name())
}

// Receive reads an upload named name (the client's name, sanitised here) from r, at most
// max bytes, to a temporary file, hashing it on the way, and checks it (Check): the API's
// upload and the item page's upload form take files the same way (decision 66). A refusal
// is a *RefusedError (RefusedNoName, RefusedTooLarge, or Check's); an error reading r (a
// body over http.MaxBytesReader's limit, say) is returned as it is. Nothing is left behind
// on any error; the caller closes a returned Upload.
func Receive(r io.Reader, name string, max int64) (*Upload, error) {
	name = SanitiseName(name)
	if name == "" {
		return nil, &RefusedError{Code: RefusedNoName}
	}
	// The upload goes to a temporary file first: the check reads it at random (a zip's
	// directory is at its end), and nothing is stored before the check says yes.
	tmp, err := os.CreateTemp("", "klimaspor-upload-*")
	if err != nil {
		return nil, fmt.Errorf("files: upload: %w", err)
	}
	u := &Upload{File: tmp, Name: name}
	fail := func(err error) (*Upload, error) {
		u.Close()
		return nil, err
	}
	sum := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, sum), io.LimitReader(r, max+1))
	if err != nil {
		return fail(err)
	}
	if n > max {
		return fail(&RefusedError{Code: RefusedTooLarge, Name: name, Ext: Ext(name)})
	}
	if u.Type, err = Check(name, tmp, n); err != nil {
		return fail(err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return fail(fmt.Errorf("files: upload: %w", err))
	}
	u.Size, u.SHA256 = n, hex.EncodeToString(sum.Sum(nil))
	return u, nil
}
