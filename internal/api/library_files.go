package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"golang.org/x/text/language"

	"klimaspor/internal/auth"
	"klimaspor/internal/files"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// Files of the knowledge library's items (issue 15, decision 66):
//
//	POST   /api/v1/library-items/{id}/files   multipart/form-data, field "file": 201 and the record
//	GET    /api/v1/library-items/{id}/files   the item's files
//	GET    /api/v1/library-files/{id}         one file's record
//	GET    /api/v1/library-files/{id}/content the file itself (the record's url)
//	DELETE /api/v1/library-files/{id}         204
//
// Who may add or delete a file is who may change the item (the store's guard); who may read
// one is who may see the item (a proposal's files are its organisation's and the
// secretariat's until it is published). An upload is read to a temporary file within the
// size limit (KLIMASPOR_MAX_FILE_MB), its name sanitised and its content checked
// (files.Check) before anything is stored; a refusal answers 413, 415 or 422 with the reason
// in the client's language (Accept-Language: Danish or English), and stores nothing.

// DefaultMaxFile is the largest file an upload takes, in bytes, unless SetMaxFile says other.
const DefaultMaxFile = 25 << 20

// SetMaxFile sets the largest file an upload takes, in bytes (0 or less: DefaultMaxFile).
func (s *Server) SetMaxFile(n int64) {
	if n <= 0 {
		n = DefaultMaxFile
	}
	s.maxFile = n
}

// SetBlobs sets where files' bytes are kept (nil: the database, the default).
func (s *Server) SetBlobs(b files.Blobs) {
	if b == nil {
		b = s.db.Blobs()
	}
	s.blobs = b
}

func (s *Server) libraryFileRoutes() []Route {
	return []Route{
		{Method: "POST", Pattern: "/api/v1/library-items/{id}/files", Op: "uploadLibraryFile", h: s.uploadFile, doc: uploadFileDoc},
		{Method: "GET", Pattern: "/api/v1/library-items/{id}/files", Op: "libraryFiles", h: s.itemFiles, doc: itemFilesDoc},
		{Method: "GET", Pattern: "/api/v1/library-files/{id}", Op: "libraryFile", h: s.fileRecord, doc: fileRecordDoc},
		{Method: "GET", Pattern: "/api/v1/library-files/{id}/content", Op: "libraryFileContent", h: s.fileContent, doc: fileContentDoc},
		{Method: "DELETE", Pattern: "/api/v1/library-files/{id}", Op: "deleteLibraryFile", h: s.deleteFile, doc: deleteFileDoc},
	}
}

// fileJSON is a file's record as the API answers it, with where to download it.
type fileJSON struct {
	store.LibraryFile
	URL string `json:"url"`
}

func fileAnswer(f store.LibraryFile) fileJSON {
	return fileJSON{f, "/api/v1/library-files/" + strconv.FormatInt(f.ID, 10) + "/content"}
}

// multipartSlack is what a multipart body may hold beside the file: boundaries and headers.
const multipartSlack = 64 << 10

// errLang is the language of a refusal's message: Danish when the client prefers it, else
// English, the API's language.
func errLang(r *http.Request) i18n.Lang {
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil {
		return i18n.English
	}
	for _, t := range tags {
		switch base, _ := t.Base(); base.String() {
		case "da":
			return i18n.Danish
		case "en":
			return i18n.English
		}
	}
	return i18n.English
}

// refused is an upload's refusal, in the client's language.
func (s *Server) refused(r *http.Request, status int, code, name, ext string) *Error {
	msg := i18n.T(errLang(r), "file.refused."+code, name, ext, files.AllowedList(), humanBytes(s.maxFile))
	return errorf(status, "file_"+code, "file", msg)
}

// signedPathID reads the path's {id} of a write, which needs a person.
func signedPathID(r *http.Request) (int64, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, err
	}
	if !principal(r.Context()).Signed() {
		return 0, auth.ErrSignIn
	}
	return id, nil
}

func (s *Server) uploadFile(w http.ResponseWriter, r *http.Request) error {
	id, err := signedPathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if err := s.checkWritable(ctx, model.LibraryItems, id); err != nil {
		return err
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "multipart/form-data" {
		return s.refused(r, http.StatusUnsupportedMediaType, "missing", "", "")
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.maxFile+multipartSlack)
	tooLarge := func(err error) error {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			return s.refused(r, http.StatusRequestEntityTooLarge, files.RefusedTooLarge, "", "")
		}
		return errorf(http.StatusBadRequest, "malformed_multipart", "file", "the multipart body could not be read: "+err.Error())
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return s.refused(r, http.StatusUnsupportedMediaType, "missing", "", "")
	}
	var part *multipart.Part
	for {
		part, err = mr.NextPart()
		if err == io.EOF {
			return s.refused(r, http.StatusBadRequest, "missing", "", "")
		}
		if err != nil {
			return tooLarge(err)
		}
		if part.FormName() == "file" {
			break
		}
	}
	up, err := files.Receive(part, part.FileName(), s.maxFile)
	if re := (*files.RefusedError)(nil); errors.As(err, &re) {
		return s.refused(r, re.Status(), re.Code, re.Name, re.Ext)
	} else if err != nil {
		return tooLarge(err)
	}
	defer up.Close()
	f, err := s.db.AddLibraryFile(ctx, s.blobs, store.LibraryFile{ItemID: id, Name: up.Name, ContentType: up.Type.ContentType, Size: up.Size, SHA256: up.SHA256}, up.File)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/library-files/"+strconv.FormatInt(f.ID, 10))
	s.log.Info("file added", "library_item", id, "file", f.ID, "size", f.Size, "type", f.ContentType, "request_id", requestID(ctx))
	return writeJSON(w, http.StatusCreated, fileAnswer(f))
}

func (s *Server) itemFiles(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.checkVisible(r.Context(), model.LibraryItems, id); err != nil {
		return err
	}
	fs, err := s.db.LibraryFiles(r.Context(), id)
	if err != nil {
		return err
	}
	out := make([]fileJSON, len(fs))
	for i, f := range fs {
		out[i] = fileAnswer(f)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"library_item_id": id, "items": out})
}

// visibleFile reads a file's record whose item the reader may see, or answers 404.
func (s *Server) visibleFile(r *http.Request) (store.LibraryFile, error) {
	id, err := pathID(r)
	if err != nil {
		return store.LibraryFile{}, err
	}
	f, err := s.db.LibraryFile(r.Context(), id)
	if err != nil {
		return f, err
	}
	return f, s.checkVisible(r.Context(), model.LibraryItems, f.ItemID)
}

func (s *Server) fileRecord(w http.ResponseWriter, r *http.Request) error {
	f, err := s.visibleFile(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, fileAnswer(f))
}

// fileCSP is the download's Content-Security-Policy: nothing in it runs or loads anything,
// and a browser that shows it anyway shows it sandboxed, in no frame of another site.
const fileCSP = "default-src 'none'; sandbox; frame-ancestors 'none'"

func (s *Server) fileContent(w http.ResponseWriter, r *http.Request) error {
	f, err := s.visibleFile(r)
	if err != nil {
		return err
	}
	h := w.Header()
	etag := `"` + f.SHA256 + `"`
	// The type and name are ours (the check's and the sanitiser's), never the client's.
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", files.ContentDisposition(f.Name, files.Inline(f.ContentType)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", fileCSP)
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	// A file's bytes never change under its id, but its item may become a draft again:
	// clients revalidate, and a draft's file stays out of shared caches.
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	rc, err := s.blobs.Open(r.Context(), f.Key)
	if err != nil {
		return fmt.Errorf("api: file %d: %w", f.ID, err)
	}
	defer rc.Close()
	h.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return nil
	}
	if _, err := io.Copy(w, rc); err != nil {
		// The answer has begun: nothing to tell the client but a cut connection.
		s.log.Warn("file download cut", "file", f.ID, "err", err, "request_id", requestID(r.Context()))
	}
	return nil
}

func (s *Server) deleteFile(w http.ResponseWriter, r *http.Request) error {
	id, err := signedPathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	f, err := s.db.LibraryFile(ctx, id)
	if err != nil {
		return err
	}
	if err := s.checkWritable(ctx, model.LibraryItems, f.ItemID); err != nil {
		return err
	}
	switch err := s.db.DeleteLibraryFile(ctx, s.blobs, id); {
	case errors.Is(err, store.ErrBlobLeft):
		// Deleted for everybody; the bytes are left for an operator.
		s.log.Error("file deleted, its bytes left behind", "file", id, "err", err, "request_id", requestID(ctx))
	case err != nil:
		return err
	}
	s.log.Info("file deleted", "library_item", f.ItemID, "file", id, "request_id", requestID(ctx))
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// --- the OpenAPI document's words for these routes ---

const fileTag = "library-files"

func fileSchema() obj {
	return obj{"type": "object", "required": []string{"id", "library_item_id", "name", "content_type", "size", "sha256", "url", "created_at"}, "additionalProperties": false, "properties": obj{
		"id":              obj{"type": "integer", "format": "int64"},
		"library_item_id": obj{"type": "integer", "format": "int64"},
		"name":            obj{"type": "string", "description": "the name as stored: the uploaded name sanitised (no path, no control characters, at most 120 characters)"},
		"content_type":    obj{"type": "string", "description": "the type the content was checked to be (never the client's word)"},
		"size":            obj{"type": "integer", "format": "int64", "minimum": 1, "description": "bytes"},
		"sha256":          obj{"type": "string", "pattern": "^[0-9a-f]{64}$", "description": "the content's SHA-256, hex; also the download's ETag"},
		"url":             obj{"type": "string", "description": "where the file downloads: /api/v1/library-files/{id}/content"},
		"created_at":      obj{"type": "string", "format": "date-time"},
	}}
}

func uploadFileDoc(op obj) {
	op["summary"] = "add a file to a library item (for who may change the item). Taken: " + files.AllowedList() +
		", each checked by its content (a PDF must start %PDF-, an Office file must be the zip its extension says, text must be UTF-8); " +
		"programs, scripts, HTML, SVG, XML and Office files with macros are refused whatever their name, and a refused file stores nothing. " +
		"Refusals answer in Danish when Accept-Language prefers it"
	op["tags"] = []string{fileTag}
	op["parameters"] = []obj{idParam}
	op["requestBody"] = obj{"required": true, "content": obj{"multipart/form-data": obj{"schema": obj{
		"type": "object", "required": []string{"file"}, "properties": obj{
			"file": obj{"type": "string", "format": "binary", "description": "the file, with its name in the part's filename"}}}}}}
	r := op["responses"].(obj)
	r["201"] = answer("the file's record", ref("LibraryFile"))
	r["400"] = answer("no part named file, or a malformed body", ref("Error"))
	r["401"] = answer("no valid API token", ref("Error"))
	r["403"] = answer("the person may not change the item", ref("Error"))
	r["404"] = answer("no such item, or one the person may not see", ref("Error"))
	r["413"] = answer("the file is larger than the limit (KLIMASPOR_MAX_FILE_MB; code file_too_large)", ref("Error"))
	r["415"] = answer("not multipart/form-data, or a file that is refused: code file_type, file_mismatch, file_executable, file_active or file_macros", ref("Error"))
	r["422"] = answer("an empty file, or one without a name", ref("Error"))
	op["security"] = []obj{{"token": []string{}}}
}

func itemFilesDoc(op obj) {
	op["summary"] = "a library item's files, in the order they were added (for who may see the item)"
	op["tags"] = []string{fileTag}
	op["parameters"] = []obj{idParam}
	r := op["responses"].(obj)
	r["200"] = answer("the files", obj{"type": "object", "required": []string{"library_item_id", "items"}, "additionalProperties": false, "properties": obj{
		"library_item_id": obj{"type": "integer", "format": "int64"}, "items": obj{"type": "array", "items": ref("LibraryFile")}}})
	r["404"] = answer("no such item, or one the reader may not see", ref("Error"))
}

func fileRecordDoc(op obj) {
	op["summary"] = "one file's record (for who may see its item)"
	op["tags"] = []string{fileTag}
	op["parameters"] = []obj{idParam}
	r := op["responses"].(obj)
	r["200"] = answer("the record", ref("LibraryFile"))
	r["404"] = answer("no such file, or one whose item the reader may not see", ref("Error"))
}

func fileContentDoc(op obj) {
	op["summary"] = "download a file (for who may see its item): the checked Content-Type, Content-Disposition attachment (inline for images) " +
		"with the name as filename* (UTF-8) and an ASCII filename, X-Content-Type-Options nosniff, a sandboxing Content-Security-Policy, ETag the SHA-256"
	op["tags"] = []string{fileTag}
	op["parameters"] = []obj{idParam}
	r := op["responses"].(obj)
	r["200"] = obj{"description": "the file", "content": obj{"application/octet-stream": obj{"schema": obj{"type": "string", "format": "binary"}}}}
	r["304"] = obj{"description": "not modified (If-None-Match)"}
	r["404"] = answer("no such file, or one whose item the reader may not see", ref("Error"))
}

func deleteFileDoc(op obj) {
	op["summary"] = "delete a file, its record and its bytes (for who may change its item)"
	op["tags"] = []string{fileTag}
	op["parameters"] = []obj{idParam}
	r := op["responses"].(obj)
	r["204"] = obj{"description": "deleted"}
	r["401"] = answer("no valid API token", ref("Error"))
	r["403"] = answer("the person may not change the item", ref("Error"))
	r["404"] = answer("no such file, or one whose item the person may not see", ref("Error"))
	op["security"] = []obj{{"token": []string{}}}
}
