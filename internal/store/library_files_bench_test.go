package store_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"klimaspor/internal/files"
	"klimaspor/internal/files/s3blobs/s3test"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// BenchmarkLibraryFile: a 10 MiB file added (put, record, audit entry) and read back, with
// its bytes in the database of each engine and in S3 (gofakes3 in memory on loopback, so the
// S3 figure is the client's and the protocol's cost, not a real store's). B/op shows that the
// database's blobs pass through in chunks rather than whole.
func BenchmarkLibraryFile(b *testing.B) {
	data := bytes.Repeat([]byte("%PDF-1.7 0123456789abcdef"), 10<<20/25)
	for _, tc := range []struct{ name, engine string }{{"sqlite", "sqlite"}, {"postgres", "postgres"}, {"s3", "sqlite"}} {
		b.Run(tc.name, func(b *testing.B) {
			db := storetest.Open(b, tc.engine)
			ctx := context.Background()
			var blobs files.Blobs = db.Blobs()
			if tc.name == "s3" {
				blobs = s3test.Start(b)
			}
			item, err := db.Create(ctx, model.LibraryItems, model.Record{"title": "Vejledning", "kind": "guide"})
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				f, err := db.AddLibraryFile(ctx, blobs, store.LibraryFile{ItemID: item.ID(), Name: "v.pdf", ContentType: "application/pdf", Size: int64(len(data)), SHA256: "x"}, bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				rc, err := blobs.Open(ctx, f.Key)
				if err != nil {
					b.Fatal(err)
				}
				if n, err := io.Copy(io.Discard, rc); err != nil || n != int64(len(data)) {
					b.Fatalf("read %d bytes: %v", n, err)
				}
				rc.Close()
				if err := db.DeleteLibraryFile(ctx, blobs, f.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
