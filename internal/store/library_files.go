package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"klimaspor/internal/files"
	"klimaspor/internal/model"
)

// Files of the knowledge library's items (issue 15, migration 00030). A file's record lives
// in library_files; its bytes in a files.Blobs, the database's own (DB.Blobs) or an S3
// bucket. Who may add or delete a file is who may change its item (the guard, asked as for
// an edit that leaves the item as it is); each add and delete writes an audit entry in the
// record's transaction. The blob is put first, under a fresh random key, and the record
// written after; when that write fails the blob is deleted again, so no record names a blob
// that is not there and no refused upload leaves bytes behind (decision 66).

// AuditLibraryFiles is the audit trail's resource name for files, whose entries are filed
// under the file's id (the item's id is in the entry's record).
const AuditLibraryFiles = "library-files"

// LibraryFile is a stored file's record.
type LibraryFile struct {
	ID          int64  `json:"id"`
	ItemID      int64  `json:"library_item_id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"` // hex
	CreatedAt   string `json:"created_at"`
	Key         string `json:"-"` // the blob's key
}

// ErrBlobLeft is a file whose record was deleted but whose bytes could not be: the delete
// stands, and the blob is left for an operator to remove.
var ErrBlobLeft = errors.New("store: the file's record is deleted, but its bytes could not be")

const fileColumns = "id, library_item_id, name, content_type, size, sha256, created_at, blob_key"

func scanFile(sc interface{ Scan(...any) error }) (LibraryFile, error) {
	var f LibraryFile
	err := sc.Scan(&f.ID, &f.ItemID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.CreatedAt, &f.Key)
	return f, err
}

// LibraryFile reads a file's record; ErrNotFound when there is none. The caller decides
// whether the reader may see its item.
func (db *DB) LibraryFile(ctx context.Context, id int64) (LibraryFile, error) {
	f, err := scanFile(db.reader().QueryRowContext(ctx, "SELECT "+fileColumns+" FROM library_files WHERE id = $1", id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return f, fmt.Errorf("store: library file %d: %w", id, ErrNotFound)
	case err != nil:
		return f, fmt.Errorf("store: library file %d: %w", id, err)
	}
	return f, nil
}

// LibraryFiles lists an item's files in the order they were added.
func (db *DB) LibraryFiles(ctx context.Context, item int64) ([]LibraryFile, error) {
	rows, err := db.reader().QueryContext(ctx, "SELECT "+fileColumns+" FROM library_files WHERE library_item_id = $1 ORDER BY id", item)
	if err != nil {
		return nil, fmt.Errorf("store: files of library item %d: %w", item, err)
	}
	defer rows.Close()
	out := []LibraryFile{}
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, fmt.Errorf("store: files of library item %d: %w", item, err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// AddLibraryFile stores a file of an item: f's item, name, content type, size and SHA-256
// (checked and computed by the caller, files.Check), its bytes read from content. It returns
// the record as stored. ErrNotFound for no such item; the guard's error when the context's
// person may not change the item; on any error nothing is stored, neither record nor blob.
func (db *DB) AddLibraryFile(ctx context.Context, blobs files.Blobs, f LibraryFile, content io.Reader) (LibraryFile, error) {
	// Asked once before the bytes go anywhere, so that who may not add files does not get to
	// put them; and again in the transaction, which is what counts.
	item, err := db.Get(ctx, model.LibraryItems, f.ItemID)
	if err != nil {
		return LibraryFile{}, err
	}
	if err := db.guardOutside(ctx, "update", model.LibraryItems, item, item); err != nil {
		return LibraryFile{}, err
	}
	f.Key = files.NewKey()
	if err := blobs.Put(ctx, f.Key, content, f.Size, f.ContentType); err != nil {
		return LibraryFile{}, fmt.Errorf("store: store the bytes of %q: %w", f.Name, err)
	}
	err = db.Tx(ctx, func(tx *Tx) error {
		cur, err := tx.Get(ctx, model.LibraryItems, f.ItemID)
		if err != nil {
			return err
		}
		if err := tx.guard("update", model.LibraryItems, cur, cur); err != nil {
			return err
		}
		f.CreatedAt = tx.now
		if err := tx.tx.QueryRowContext(tx.ctx, "INSERT INTO library_files (library_item_id, name, content_type, size, sha256, blob_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
			f.ItemID, f.Name, f.ContentType, f.Size, f.SHA256, f.Key, f.CreatedAt).Scan(&f.ID); err != nil {
			return fmt.Errorf("store: add file %q to library item %d: %w", f.Name, f.ItemID, err)
		}
		return tx.auditFile(f, "create")
	})
	if err != nil {
		// Nothing half-written: the bytes go with the record that was not written. The
		// delete runs even if the request's context has ended.
		if derr := blobs.Delete(context.WithoutCancel(ctx), f.Key); derr != nil {
			err = errors.Join(err, fmt.Errorf("store: the bytes of a refused file are left under %s: %w", f.Key, derr))
		}
		return LibraryFile{}, err
	}
	return f, nil
}

// DeleteLibraryFile deletes a file's record, then its bytes, if the context's person may
// change its item. ErrNotFound for no such file. When the bytes cannot be deleted the record
// stays deleted and the error wraps ErrBlobLeft.
func (db *DB) DeleteLibraryFile(ctx context.Context, blobs files.Blobs, id int64) error {
	var f LibraryFile
	err := db.Tx(ctx, func(tx *Tx) error {
		var err error
		f, err = scanFile(tx.tx.QueryRowContext(tx.ctx, "SELECT "+fileColumns+" FROM library_files WHERE id = $1", id))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("store: library file %d: %w", id, ErrNotFound)
		case err != nil:
			return fmt.Errorf("store: library file %d: %w", id, err)
		}
		item, err := tx.Get(ctx, model.LibraryItems, f.ItemID)
		if err != nil {
			return err
		}
		if err := tx.guard("update", model.LibraryItems, item, item); err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(tx.ctx, "DELETE FROM library_files WHERE id = $1", id); err != nil {
			return fmt.Errorf("store: delete library file %d: %w", id, err)
		}
		return tx.auditFile(f, "delete")
	})
	if err != nil {
		return err
	}
	// After the commit: a blob without a record is only space, a record without its blob
	// would be a broken download.
	if err := blobs.Delete(context.WithoutCancel(ctx), f.Key); err != nil {
		return fmt.Errorf("%w (file %d, key %s): %w", ErrBlobLeft, id, f.Key, err)
	}
	return nil
}

// auditFile writes the audit entry of a file's create or delete, with its record.
func (tx *Tx) auditFile(f LibraryFile, op string) error {
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	var before, after any
	summary := fmt.Sprintf("file %q added to library item %d", f.Name, f.ItemID)
	if op == "delete" {
		before, summary = string(b), fmt.Sprintf("file %q deleted from library item %d", f.Name, f.ItemID)
	} else {
		after = string(b)
	}
	return tx.appendAudit(ActorOf(tx.ctx), AuditLibraryFiles, f.ID, op, summary, before, after)
}

// guardOutside asks the context's guard about a change outside a transaction, reading what
// it needs from the database: for a check before work that must not start for who may not
// make the change. The transaction asks again.
func (db *DB) guardOutside(ctx context.Context, op string, res *model.Resource, before, after model.Record) error {
	a := ActorOf(ctx)
	if a.Guard == nil {
		if a.Channel == ChannelSystem && a.UserID == 0 {
			return nil
		}
		return ErrNoGuard
	}
	return a.Guard(ctx, db, op, res, before, after)
}

// chunkSize is the largest piece of a blob kept in one row of library_file_blobs.
const chunkSize = 1 << 20

// Blobs is the database as a blob store (files.Blobs): the default, which needs nothing
// beside the database and is shared by every app server that shares it.
func (db *DB) Blobs() files.Blobs { return dbBlobs{db} }

type dbBlobs struct{ db *DB }

// Put writes the blob in chunks of chunkSize, in one transaction: memory holds one chunk.
func (b dbBlobs) Put(ctx context.Context, key string, r io.Reader, size int64, _ string) error {
	return b.db.Tx(ctx, func(tx *Tx) error {
		buf := make([]byte, chunkSize)
		var total int64
		for n := 0; ; n++ {
			k, err := io.ReadFull(r, buf)
			if k > 0 {
				if _, err := tx.tx.ExecContext(tx.ctx, "INSERT INTO library_file_blobs (blob_key, n, data) VALUES ($1, $2, $3)", key, n, buf[:k]); err != nil {
					return fmt.Errorf("store: put blob %s: %w", key, err)
				}
				total += int64(k)
			}
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				break
			}
			if err != nil {
				return fmt.Errorf("store: put blob %s: %w", key, err)
			}
		}
		if total != size {
			return fmt.Errorf("store: put blob %s: read %d bytes, expected %d", key, total, size)
		}
		return nil
	})
}

// Open reads the blob a chunk at a time.
func (b dbBlobs) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	c := &chunkReader{ctx: ctx, db: b.db, key: key}
	if err := c.next(); err != nil {
		return nil, err
	}
	return c, nil
}

// Delete removes the blob's chunks.
func (b dbBlobs) Delete(ctx context.Context, key string) error {
	return b.db.Tx(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(tx.ctx, "DELETE FROM library_file_blobs WHERE blob_key = $1", key); err != nil {
			return fmt.Errorf("store: delete blob %s: %w", key, err)
		}
		return nil
	})
}

// chunkReader reads a blob's chunks in order, one query each.
type chunkReader struct {
	ctx  context.Context
	db   *DB
	key  string
	n    int    // the next chunk to read
	buf  []byte // what is left of the current chunk
	done bool
}

// next reads the next chunk into buf; files.ErrNoBlob for a blob without a first chunk.
func (c *chunkReader) next() error {
	var data []byte
	err := c.db.r.QueryRowContext(c.ctx, "SELECT data FROM library_file_blobs WHERE blob_key = $1 AND n = $2", c.key, c.n).Scan(&data)
	switch {
	case errors.Is(err, sql.ErrNoRows) && c.n == 0:
		return fmt.Errorf("store: blob %s: %w", c.key, files.ErrNoBlob)
	case errors.Is(err, sql.ErrNoRows):
		c.done = true
		return nil
	case err != nil:
		return fmt.Errorf("store: blob %s chunk %d: %w", c.key, c.n, err)
	}
	c.n++
	c.buf = data
	return nil
}

func (c *chunkReader) Read(p []byte) (int, error) {
	for len(c.buf) == 0 {
		if c.done {
			return 0, io.EOF
		}
		if err := c.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	return n, nil
}

func (c *chunkReader) Close() error { return nil }

// BlobCount is how many blobs the database's blob store holds (checks and tests: that a
// refused or deleted file left no bytes behind).
func (db *DB) BlobCount(ctx context.Context) (int, error) {
	var n int
	if err := db.reader().QueryRowContext(ctx, "SELECT COUNT(DISTINCT blob_key) FROM library_file_blobs").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count blobs: %w", err)
	}
	return n, nil
}
