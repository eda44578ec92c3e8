package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/files"
	"klimaspor/internal/files/s3blobs/s3test"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// blobBackends are the two places a file's bytes are kept, each with a count of what it
// holds: the database (the default) and an S3 bucket (gofakes3 on loopback).
func blobBackends(t *testing.T, db *store.DB) map[string]struct {
	blobs files.Blobs
	count func() int
} {
	ctx := context.Background()
	s3 := s3test.Start(t)
	return map[string]struct {
		blobs files.Blobs
		count func() int
	}{
		"database": {db.Blobs(), func() int {
			n, err := db.BlobCount(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}},
		"s3": {s3, func() int {
			keys, err := s3.Keys(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			return len(keys)
		}},
	}
}

// TestLibraryFiles: a file added to a library item comes back byte for byte from either
// blob store (larger than one database chunk), is listed under its item, and is deleted with
// its bytes; each add and delete writes an audit entry; who may not change the item (the
// public, another organisation's editor) stores nothing, neither record nor bytes; a
// transaction that fails after the bytes were put deletes them again; and an item with files
// is not deleted. On both engines.
func TestLibraryFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		kbh, alb := f.kbh, f.alb
		item, err := db.Create(ctx, model.LibraryItems, model.Record{"title": "Idékatalog", "kind": "idea", "organisation_id": kbh})
		if err != nil {
			t.Fatal(err)
		}
		proposal := item.ID()
		as := func(email, role string, org int64) context.Context {
			u, err := db.CreateUser(ctx, store.User{Email: email, Memberships: []store.Membership{{Role: role, OrganisationID: org}}})
			if err != nil {
				t.Fatal(err)
			}
			return store.WithActor(ctx, store.Actor{UserID: u.ID, Channel: store.ChannelAPI, Guard: auth.Guard(&auth.Principal{User: u})})
		}
		editorK := as("k@example.dk", auth.RoleEditor, kbh)
		editorA := as("a@example.dk", auth.RoleEditor, alb)
		public := store.WithActor(ctx, store.Actor{Channel: store.ChannelAPI, Guard: auth.Guard(auth.Public)})

		data := bytes.Repeat([]byte("%PDF-1.7 Bæredygtig indkøb\n"), 100000) // about 2.8 MB: three chunks
		sum := sha256.Sum256(data)
		file := store.LibraryFile{ItemID: proposal, Name: "Bæredygtig indkøb.pdf", ContentType: "application/pdf", Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}

		for name, b := range blobBackends(t, db) {
			t.Run(name, func(t *testing.T) {
				stored := func() (rows, blobs int) {
					t.Helper()
					fs, err := db.LibraryFiles(ctx, proposal)
					if err != nil {
						t.Fatal(err)
					}
					return len(fs), b.count()
				}
				// Refused: nothing stored.
				for who, c := range map[string]context.Context{"the public": public, "another organisation's editor": editorA} {
					if _, err := db.AddLibraryFile(c, b.blobs, file, bytes.NewReader(data)); !errors.Is(err, auth.ErrForbidden) && !errors.Is(err, auth.ErrSignIn) {
						t.Errorf("%s adds a file: %v, want refused", who, err)
					}
					if rows, blobs := stored(); rows != 0 || blobs != 0 {
						t.Errorf("after %s's refused add: %d records, %d blobs", who, rows, blobs)
					}
				}
				// A transaction that fails after the bytes are put (the guard says yes before
				// and no inside it): the bytes are deleted again.
				calls := 0
				flaky := store.WithActor(ctx, store.Actor{UserID: store.ActorOf(editorK).UserID, Channel: store.ChannelAPI,
					Guard: func(ctx context.Context, g store.Getter, op string, res *model.Resource, before, after model.Record) error {
						if calls++; calls > 1 {
							return auth.ErrForbidden
						}
						return nil
					}})
				if _, err := db.AddLibraryFile(flaky, b.blobs, file, bytes.NewReader(data)); !errors.Is(err, auth.ErrForbidden) {
					t.Errorf("add with a failing transaction: %v", err)
				}
				if rows, blobs := stored(); calls != 2 || rows != 0 || blobs != 0 {
					t.Errorf("after the failed transaction (%d guard calls): %d records, %d blobs, want none", calls, rows, blobs)
				}

				// Added by the proposing organisation's editor, read back byte for byte.
				f, err := db.AddLibraryFile(editorK, b.blobs, file, bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				got, err := db.LibraryFile(ctx, f.ID)
				if err != nil || got != f || f.Key == "" || f.CreatedAt == "" || f.Name != file.Name {
					t.Errorf("stored %+v, read %+v (%v)", f, got, err)
				}
				rc, err := b.blobs.Open(ctx, f.Key)
				if err != nil {
					t.Fatal(err)
				}
				back, err := io.ReadAll(rc)
				rc.Close()
				if err != nil || !bytes.Equal(back, data) {
					t.Errorf("read back %d bytes (%v), want the %d stored", len(back), err, len(data))
				}
				if rows, blobs := stored(); rows != 1 || blobs != 1 {
					t.Errorf("after the add: %d records, %d blobs", rows, blobs)
				}

				// An item with files is not deleted.
				var inUse *store.InUseError
				if err := db.Delete(ctx, model.LibraryItems, proposal, 0); !errors.As(err, &inUse) {
					t.Errorf("delete of an item with files: %v, want InUseError", err)
				}

				// Deleted: only by who may change the item; then record and bytes are gone.
				if err := db.DeleteLibraryFile(editorA, b.blobs, f.ID); !errors.Is(err, auth.ErrForbidden) {
					t.Errorf("another organisation's editor deletes: %v", err)
				}
				if err := db.DeleteLibraryFile(editorK, b.blobs, f.ID); err != nil {
					t.Fatal(err)
				}
				if rows, blobs := stored(); rows != 0 || blobs != 0 {
					t.Errorf("after the delete: %d records, %d blobs", rows, blobs)
				}
				if _, err := b.blobs.Open(ctx, f.Key); !errors.Is(err, files.ErrNoBlob) {
					t.Errorf("open of a deleted blob: %v", err)
				}
				if err := db.DeleteLibraryFile(editorK, b.blobs, f.ID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("second delete: %v", err)
				}

				// The trail: the add and the delete, by the editor, with the file's record.
				entries, err := db.Audit(ctx, store.AuditQuery{Resource: store.AuditLibraryFiles, RecordID: f.ID})
				if err != nil {
					t.Fatal(err)
				}
				if len(entries) != 2 || entries[0].Op != "delete" || entries[1].Op != "create" || entries[1].User != "k@example.dk" ||
					entries[1].After["sha256"] != file.SHA256 || entries[0].Before["name"] != file.Name || entries[1].After["library_item_id"] != float64(proposal) {
					t.Errorf("audit entries %+v", entries)
				}
			})
		}
	})
}
