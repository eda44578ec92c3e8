package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"

	"klimaspor/internal/api"
	"klimaspor/internal/auth"
	"klimaspor/internal/files"
	"klimaspor/internal/files/s3blobs/s3test"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// newClientWith is newClient with the server set up by set first.
func newClientWith(t *testing.T, db *store.DB, set func(*api.Server)) *client {
	a := api.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "test")
	set(a)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	c := &client{t: t, srv: srv, token: newToken(t, db, fmt.Sprintf("admin-%p@example.dk", t), auth.ScopeWrite, store.Membership{Role: auth.RoleAdmin})}
	c.doc = c.json("GET", "/api/v1/openapi.json", "", 200)
	return c
}

// upload posts content as the multipart field (default "file") named name, with the
// client's Content-Type claim ct, as the token's holder ("" the public); extra headers
// follow as pairs. It checks the answer against the OpenAPI document.
func (c *client) upload(token, path, field, name, ct string, content []byte, hdr ...string) (int, map[string]any) {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("note", "a field beside the file is skipped")
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, field, name))
	h.Set("Content-Type", ct)
	pw, err := mw.CreatePart(h)
	if err != nil {
		c.t.Fatal(err)
	}
	pw.Write(content)
	mw.Close()
	req, err := http.NewRequest("POST", c.srv.URL+path, &body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var v map[string]any
	json.NewDecoder(resp.Body).Decode(&v)
	c.conforms("POST", path, resp.StatusCode, v)
	return resp.StatusCode, v
}

func docxBytes(t *testing.T, extra ...string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, name := range append([]string{"[Content_Types].xml", "word/document.xml"}, extra...) {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	z.Close()
	return b.Bytes()
}

// TestLibraryFilesThroughTheAPI: files of library items through the API, on both engines
// and with the bytes in the database and in S3 (gofakes3 on loopback): an upload comes back
// byte for byte with our Content-Type, a safe Content-Disposition for a Danish name, nosniff
// and a sandboxing CSP; disguised programs, scripts, markup, mismatches and oversize files
// are refused with 4xx and a message (Danish when asked), storing nothing; the public and
// another organisation's editor may not upload, and a proposal's files are its
// organisation's until it is published; adds and deletes are in the audit trail.
func TestLibraryFilesThroughTheAPI(t *testing.T) {
	for _, backend := range []string{"database", "s3"} {
		t.Run(backend, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				var blobs files.Blobs = db.Blobs()
				count := func() int {
					n, err := db.BlobCount(ctx)
					if err != nil {
						t.Fatal(err)
					}
					return n
				}
				if backend == "s3" {
					s3 := s3test.Start(t)
					blobs = s3
					count = func() int {
						keys, err := s3.Keys(ctx, "")
						if err != nil {
							t.Fatal(err)
						}
						return len(keys)
					}
				}
				const maxFile = 1 << 20
				c := newClientWith(t, db, func(a *api.Server) { a.SetBlobs(blobs); a.SetMaxFile(maxFile) })
				w := build(c)
				kbh, alb := int64(w.kbh), int64(w.alb)
				sfx := backend // in the tokens' emails and the titles, which makes failures easier to place
				sec := newToken(t, db, "sek-"+sfx+"@example.dk", auth.ScopeWrite, store.Membership{Role: auth.RoleSecretariat})
				kbhEditor := newToken(t, db, "red-"+sfx+"@kk.dk", auth.ScopeWrite, store.Membership{OrganisationID: kbh, Role: auth.RoleEditor})
				albEditor := newToken(t, db, "red-"+sfx+"@albertslund.dk", auth.ScopeWrite, store.Membership{OrganisationID: alb, Role: auth.RoleEditor})
				kbhViewer := newToken(t, db, "laeser-"+sfx+"@kk.dk", auth.ScopeWrite, store.Membership{OrganisationID: kbh, Role: auth.RoleViewer})

				kit := c.as(sec, "POST", "/api/v1/library-items", `{"title":"Udbudsmateriale `+sfx+`","kind":"tender_material","published":true}`, 201)
				idea := c.as(kbhEditor, "POST", "/api/v1/library-items", fmt.Sprintf(`{"title":"Idékatalog %s","kind":"idea","organisation_id":%v}`, sfx, kbh), 201)
				kitFiles := fmt.Sprintf("/api/v1/library-items/%v/files", kit["id"])
				ideaFiles := fmt.Sprintf("/api/v1/library-items/%v/files", idea["id"])
				stored := func() (rows, blobs int) {
					t.Helper()
					n := 0
					for _, it := range []any{kit["id"], idea["id"]} {
						fs, err := db.LibraryFiles(ctx, int64(it.(float64)))
						if err != nil {
							t.Fatal(err)
						}
						n += len(fs)
					}
					return n, count()
				}

				// Refused uploads: the status, the code, and nothing stored.
				pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
				for _, tc := range []struct {
					name, token, path, field, file string
					content                        []byte
					status                         int
					code                           string
				}{
					{"a Windows program called a PDF", kbhEditor, ideaFiles, "file", "rapport.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), 415, "file_executable"},
					{"a Linux program called a Word document", kbhEditor, ideaFiles, "file", "notat.docx", []byte("\x7fELF\x02\x01\x01\x00"), 415, "file_executable"},
					{"a script called text", kbhEditor, ideaFiles, "file", "noter.txt", []byte("#!/bin/sh\necho hej\n"), 415, "file_executable"},
					{"HTML called text", kbhEditor, ideaFiles, "file", "side.txt", []byte("<html><script>alert(1)</script></html>"), 415, "file_active"},
					{"SVG", kbhEditor, ideaFiles, "file", "tegning.svg", []byte("<svg onload='alert(1)'/>"), 415, "file_active"},
					{"text called a PDF", kbhEditor, ideaFiles, "file", "rapport.pdf", []byte("ikke en pdf"), 415, "file_mismatch"},
					{"a Word document with macros", kbhEditor, ideaFiles, "file", "makro.docx", docxBytes(t, "word/vbaProject.bin"), 415, "file_macros"},
					{"a kind not taken", kbhEditor, ideaFiles, "file", "arkiv.zip", []byte("PK\x03\x04"), 415, "file_type"},
					{"an empty file", kbhEditor, ideaFiles, "file", "tom.pdf", nil, 422, "file_empty"},
					{"a file without a name", kbhEditor, ideaFiles, "file", "../", pdf, 422, "file_no_name"},
					{"another field than file", kbhEditor, ideaFiles, "upload", "rapport.pdf", pdf, 400, "file_missing"},
					{"larger than the limit", kbhEditor, ideaFiles, "file", "stor.pdf", append([]byte("%PDF-1.7\n"), make([]byte, maxFile)...), 413, "file_too_large"},
					{"much larger than the limit", kbhEditor, ideaFiles, "file", "stor.pdf", append([]byte("%PDF-1.7\n"), make([]byte, 2*maxFile)...), 413, "file_too_large"},
					{"the public", "", kitFiles, "file", "rapport.pdf", pdf, 401, "unauthorized"},
					{"an organisation's editor on the secretariat's published item", kbhEditor, kitFiles, "file", "rapport.pdf", pdf, 403, "forbidden"},
					{"another organisation's editor on a published item", albEditor, kitFiles, "file", "rapport.pdf", pdf, 403, "forbidden"},
					{"another organisation's editor on a proposal it does not see", albEditor, ideaFiles, "file", "rapport.pdf", pdf, 404, "not_found"},
					{"a viewer of the proposing organisation", kbhViewer, ideaFiles, "file", "rapport.pdf", pdf, 403, "forbidden"},
					{"no such item", sec, "/api/v1/library-items/999999/files", "file", "rapport.pdf", pdf, 404, "not_found"},
				} {
					status, v := c.upload(tc.token, tc.path, tc.field, tc.file, "application/pdf", tc.content)
					if status != tc.status || v["code"] != tc.code || v["message"] == "" {
						t.Errorf("%s: %d %v, want %d %s", tc.name, status, v, tc.status, tc.code)
					}
					if rows, blobs := stored(); rows != 0 || blobs != 0 {
						t.Fatalf("%s: %d records and %d blobs stored, want none", tc.name, rows, blobs)
					}
				}
				// The reason in Danish when the client asks for it.
				if _, v := c.upload(kbhEditor, ideaFiles, "file", "rapport.pdf", "application/pdf", []byte("MZ"), "Accept-Language", "da, en;q=0.5"); !strings.Contains(fmt.Sprint(v["message"]), "program eller script") {
					t.Errorf("Danish refusal: %v", v)
				}
				if _, v := c.upload(kbhEditor, ideaFiles, "file", "stor.pdf", "application/pdf", make([]byte, 2*maxFile), "Accept-Language", "da"); !strings.Contains(fmt.Sprint(v["message"]), "større end grænsen på 1 MiB") {
					t.Errorf("Danish size refusal: %v", v)
				}

				// Copenhagen's editor adds a PDF with a Danish name to the proposal; the
				// client's claim that it is HTML counts for nothing.
				content := append([]byte(nil), pdf...)
				for i := 0; len(content) < maxFile; i++ { // 1 MiB less ten bytes: beyond a single read, within the limit
					content = append(content, byte(i), byte(i>>8), 'x')
				}
				content = content[:maxFile-10]
				status, rec := c.upload(kbhEditor, ideaFiles, "file", `C:\Dokumenter\Bæredygtig indkøb.pdf`, "text/html", content)
				sum := sha256.Sum256(content)
				if status != 201 || rec["name"] != "Bæredygtig indkøb.pdf" || rec["content_type"] != "application/pdf" || rec["size"] != float64(len(content)) ||
					rec["sha256"] != hex.EncodeToString(sum[:]) || rec["library_item_id"] != idea["id"] {
					t.Fatalf("upload: %d %v", status, rec)
				}
				fileURL := fmt.Sprintf("/api/v1/library-files/%v", rec["id"])
				if rec["url"] != fileURL+"/content" {
					t.Errorf("url %v", rec["url"])
				}
				if rows, blobs := stored(); rows != 1 || blobs != 1 {
					t.Errorf("after the upload: %d records, %d blobs", rows, blobs)
				}

				// Who may download: the proposing organisation's people and the
				// secretariat; not the public nor another organisation's editor.
				for _, tc := range []struct {
					who, token string
					status     int
				}{
					{"the public", "", 404}, {"another organisation's editor", albEditor, 404},
					{"the organisation's viewer", kbhViewer, 200}, {"the secretariat", sec, 200},
				} {
					resp, body := c.getResponse(fileURL+"/content", tc.token)
					if resp.StatusCode != tc.status {
						t.Errorf("%s downloads the proposal's file: %d, want %d", tc.who, resp.StatusCode, tc.status)
						continue
					}
					if tc.status != 200 {
						continue
					}
					if !bytes.Equal(body, content) {
						t.Errorf("%s: downloaded %d bytes, not the %d uploaded", tc.who, len(body), len(content))
					}
					for h, want := range map[string]string{
						"Content-Type":            "application/pdf",
						"Content-Disposition":     `attachment; filename="Baeredygtig indkoeb.pdf"; filename*=UTF-8''B%C3%A6redygtig%20indk%C3%B8b.pdf`,
						"X-Content-Type-Options":  "nosniff",
						"Content-Security-Policy": "default-src 'none'; sandbox; frame-ancestors 'none'",
						"Etag":                    `"` + hex.EncodeToString(sum[:]) + `"`,
					} {
						if got := resp.Header.Get(h); got != want {
							t.Errorf("%s: %s = %q, want %q", tc.who, h, got, want)
						}
					}
				}
				// A client that has the file hears that it has not changed.
				req, _ := http.NewRequest("GET", c.srv.URL+fileURL+"/content", nil)
				req.Header.Set("Authorization", "Bearer "+sec)
				req.Header.Set("If-None-Match", `"`+hex.EncodeToString(sum[:])+`"`)
				if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 304 {
					t.Errorf("download with the ETag: %v %v, want 304", resp, err)
				} else {
					resp.Body.Close()
				}
				// The list and the record follow the item's visibility.
				if _, v := c.do("GET", ideaFiles, ""); v.(map[string]any)["code"] != "not_found" {
					t.Errorf("the public lists the proposal's files: %v", v)
				}
				list := c.as(kbhViewer, "GET", ideaFiles, "", 200)
				if items := list["items"].([]any); len(items) != 1 || items[0].(map[string]any)["name"] != "Bæredygtig indkøb.pdf" {
					t.Errorf("list: %v", list)
				}
				c.conforms("GET", ideaFiles, 200, list)
				if got := c.as(sec, "GET", fileURL, "", 200); got["sha256"] != rec["sha256"] {
					t.Errorf("record: %v", got)
				}
				if status, _ := c.do("GET", fileURL, ""); status != 404 {
					t.Errorf("the public reads the proposal's file's record: %d", status)
				}

				// Published, the file is everybody's.
				c.as(sec, "PATCH", fmt.Sprintf("/api/v1/library-items/%v", idea["id"]), `{"version":1,"published":true}`, 200)
				if resp, body := c.getResponse(fileURL+"/content", ""); resp.StatusCode != 200 || !bytes.Equal(body, content) {
					t.Errorf("the public downloads the published item's file: %d, %d bytes", resp.StatusCode, len(body))
				}
				// An image is shown inline; a Word document is an attachment.
				_, png := c.upload(sec, kitFiles, "file", "kort.png", "image/png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
				if resp, _ := c.getResponse(fmt.Sprint(png["url"]), ""); !strings.HasPrefix(resp.Header.Get("Content-Disposition"), `inline; filename="kort.png"`) || resp.Header.Get("Content-Type") != "image/png" {
					t.Errorf("png: %v", resp.Header)
				}
				_, doc := c.upload(sec, kitFiles, "file", "notat.docx", "application/octet-stream", docxBytes(t))
				if resp, _ := c.getResponse(fmt.Sprint(doc["url"]), ""); !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") ||
					resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
					t.Errorf("docx: %v", resp.Header)
				}

				// An item with files is not deleted.
				if status, v := c.do("DELETE", fmt.Sprintf("/api/v1/library-items/%v", kit["id"]), "", "Authorization", bearer(sec)); status != 409 {
					t.Errorf("delete of an item with files: %d %v", status, v)
				}
				// Deletes: only by who may change the item.
				if status, _ := c.do("DELETE", fileURL, "", "Authorization", ""); status != 401 {
					t.Errorf("the public deletes: %d", status)
				}
				if status, _ := c.do("DELETE", fileURL, "", "Authorization", bearer(albEditor)); status != 403 {
					t.Errorf("another organisation's editor deletes: %d", status)
				}
				// Published, the proposal is the secretariat's to change.
				if status, _ := c.do("DELETE", fileURL, "", "Authorization", bearer(sec)); status != 204 {
					t.Errorf("the secretariat deletes: %d", status)
				}
				if status, _ := c.do("GET", fileURL+"/content", ""); status != 404 {
					t.Errorf("download after delete: %d", status)
				}
				for _, f := range []map[string]any{png, doc} {
					c.as(sec, "DELETE", fmt.Sprintf("/api/v1/library-files/%v", f["id"]), "", 204)
				}
				if rows, blobs := stored(); rows != 0 || blobs != 0 {
					t.Errorf("after the deletes: %d records, %d blobs", rows, blobs)
				}

				// The trail: three adds and three deletes, each by its person.
				entries, err := db.Audit(ctx, store.AuditQuery{Resource: store.AuditLibraryFiles})
				if err != nil {
					t.Fatal(err)
				}
				ops := map[string]int{}
				for _, e := range entries {
					if e.Channel == store.ChannelAPI && (e.User == "red-"+sfx+"@kk.dk" || e.User == "sek-"+sfx+"@example.dk") {
						ops[e.Op]++
					}
				}
				if ops["create"] != 3 || ops["delete"] != 3 {
					t.Errorf("audit entries by operation: %v", ops)
				}
			})
		})
	}
}
