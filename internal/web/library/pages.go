// Package library serves the knowledge library's item pages (issue 15, decision 67) at
// /bibliotek/{id}: an item's title, kind, summary and body (Markdown, rendered safely by
// internal/markdown), its facts, the projects, actions and indicators it names and the
// actions made from it (each as far as the reader may see it), its files with an upload
// form and delete buttons for who may change the item, and, on an idea, the form that
// makes an action of it in a plan the reader may add actions to. A proposal (an
// unpublished item) is its organisation's and the secretariat's: 404 for anyone else.
// It also serves the library's search at /bibliotek and the site search at /soeg
// (search.go, decision 65). The forms are
// plain HTML forms with the session's form token, posting and redirecting back; the upload
// is a multipart form whose form token is its first part. It imports internal/web/page,
// never the root web package or another module.
package library

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"klimaspor/internal/auth"
	"klimaspor/internal/files"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// Pages serves the library's pages on the shared site.
type Pages struct {
	*page.Site
	blobs   files.Blobs // where files' bytes are kept: the API's store
	maxFile int64       // the largest file an upload takes, in bytes
}

// DefaultMaxFile is the largest upload unless SetMaxFile says other: the API's default.
const DefaultMaxFile = 25 << 20

// New parses the page's template into site.
func New(site *page.Site) (*Pages, error) {
	if err := site.Parse(templateFS, "item", "library", "search"); err != nil {
		return nil, err
	}
	return &Pages{Site: site, blobs: site.DB.Blobs(), maxFile: DefaultMaxFile}, nil
}

// SetBlobs sets where files' bytes are kept (nil: the database), as the API's SetBlobs.
func (s *Pages) SetBlobs(b files.Blobs) {
	if b == nil {
		b = s.DB.Blobs()
	}
	s.blobs = b
}

// SetMaxFile sets the largest file the upload form takes (0 or less: DefaultMaxFile).
func (s *Pages) SetMaxFile(n int64) {
	if n <= 0 {
		n = DefaultMaxFile
	}
	s.maxFile = n
}

// The pages' addresses: the library's search (an item's page is Path/{id}) and the site
// search.
const (
	Path       = "/bibliotek"
	SearchPath = "/soeg"
)

// ItemPath is an item's page.
func ItemPath(id int64) string { return Path + "/" + strconv.FormatInt(id, 10) }

// Routes adds the search pages, the item page and its forms' targets to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET "+Path, s.Handle(s.library))
	mux.Handle("GET "+SearchPath, s.Handle(s.site))
	mux.Handle("GET "+Path+"/{id}", s.Handle(s.item))
	mux.Handle("POST "+Path+"/{id}/filer", s.multipart(s.upload))
	mux.Handle("POST "+Path+"/{id}/filer/{file}/slet", s.Post(s.deleteFile))
	mux.Handle("POST "+Path+"/{id}/indsats", s.Post(s.makeAction))
}

// The messages after a redirect, by the besked parameter.
const messageParam = "besked"

var messages = map[string]string{
	"fil_gemt":    "library.msg.file_added",
	"fil_slettet": "library.msg.file_deleted",
}

// load reads the item the path names, or answers 404, also for a proposal the reader may
// not see.
func (s *Pages) load(r *http.Request) (model.Record, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != raw {
		return nil, page.ErrNotFound
	}
	rec, err := s.DB.Get(r.Context(), model.LibraryItems, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, page.ErrNotFound
	} else if err != nil {
		return nil, err
	}
	return rec, s.CheckDraft(r.Context(), model.LibraryItems, rec)
}

// loadSigned is load for a form's target, which needs a person (the public goes to the
// sign-in page).
func (s *Pages) loadSigned(r *http.Request) (model.Record, error) {
	if !page.PrincipalOf(r.Context()).Signed() {
		return nil, page.AuthError(r, auth.ErrSignIn)
	}
	return s.load(r)
}

// item is /bibliotek/{id}.
func (s *Pages) item(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.load(r)
	if err != nil {
		return err
	}
	note := ""
	if k := messages[r.URL.Query().Get(messageParam)]; k != "" {
		note = page.Localizer(r).T(k)
	}
	return s.render(w, r, rec, http.StatusOK, note, false)
}

// render writes the item's page with status and a message ("" for none; alert: a refusal).
func (s *Pages) render(w http.ResponseWriter, r *http.Request, rec model.Record, status int, msg string, alert bool) error {
	l := page.Localizer(r)
	d, err := s.gather(r, l, rec)
	if err != nil {
		return err
	}
	d.Message, d.Alert = msg, alert
	p := s.NewPage(r, l, d.Title)
	p.Nav = "library"
	p.Data = d
	return s.Write(w, "item", status, p)
}

// multipart wraps the upload's handler: cross-origin browser requests are refused as
// page.Site.Post refuses them; the form token is checked by the handler, from the form's
// first part (Post reads only URL-encoded forms).
func (s *Pages) multipart(h page.HandlerFunc) http.Handler {
	c := http.NewCrossOriginProtection()
	c.SetDenyHandler(s.Handle(func(http.ResponseWriter, *http.Request) error {
		return &page.StatusError{Status: http.StatusForbidden, Err: errors.New("library: a cross-origin upload")}
	}))
	return c.Handler(s.Handle(h))
}

// multipartSlack is what an upload's body may hold beside the file.
const multipartSlack = 64 << 10

// upload takes a file for the item from the page's form, read and checked as the API's
// upload is (files.Receive), stored by the same store function (DB.AddLibraryFile, which
// asks the guard); a refusal is said on the page, and nothing is stored.
func (s *Pages) upload(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	rec, err := s.loadSigned(r)
	if err != nil {
		return err
	}
	if !s.MayEdit(ctx, model.LibraryItems, rec) {
		return page.AuthError(r, auth.ErrForbidden)
	}
	refuse := func(status int, code, name, ext string) error {
		msg := l.T("file.refused."+code, name, ext, files.AllowedList(), sizeText(l, s.maxFile))
		if code == "missing" {
			msg = l.T("library.choose_file")
		}
		return s.render(w, r, rec, status, msg, true)
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.maxFile+multipartSlack)
	mr, err := r.MultipartReader()
	if err != nil {
		return page.BadRequest(err)
	}
	// The form token comes first, before anything of the file is read.
	part, err := mr.NextPart()
	if err != nil || part.FormName() != "csrf" {
		return &page.StatusError{Status: http.StatusForbidden, Err: errors.New("library: the upload's first part is not the form token")}
	}
	// Read whole (one Read may return a part of it), and bounded: a token is short.
	tok, err := io.ReadAll(io.LimitReader(part, 256))
	if err != nil || !auth.CheckCSRF(page.SessionToken(ctx), string(tok)) {
		return &page.StatusError{Status: http.StatusForbidden, Err: errors.New("library: the form token does not match the session")}
	}
	for {
		if part, err = mr.NextPart(); err != nil {
			if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
				return refuse(http.StatusRequestEntityTooLarge, files.RefusedTooLarge, "", "")
			}
			return refuse(http.StatusBadRequest, "missing", "", "")
		}
		if part.FormName() == "file" {
			break
		}
	}
	if part.FileName() == "" { // the form sent without a file chosen
		return refuse(http.StatusUnprocessableEntity, "missing", "", "")
	}
	up, err := files.Receive(part, part.FileName(), s.maxFile)
	var re *files.RefusedError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &re):
		return refuse(re.Status(), re.Code, re.Name, re.Ext)
	case errors.As(err, &mbe):
		return refuse(http.StatusRequestEntityTooLarge, files.RefusedTooLarge, "", "")
	case err != nil:
		return page.BadRequest(err)
	}
	defer up.Close()
	f, err := s.DB.AddLibraryFile(ctx, s.blobs, store.LibraryFile{ItemID: rec.ID(), Name: up.Name, ContentType: up.Type.ContentType, Size: up.Size, SHA256: up.SHA256}, up.File)
	if err != nil {
		return page.AuthError(r, err)
	}
	s.Log.Info("file added", "library_item", rec.ID(), "file", f.ID, "size", f.Size, "type", f.ContentType)
	http.Redirect(w, r, ItemPath(rec.ID())+"?"+messageParam+"=fil_gemt#filer", http.StatusSeeOther)
	return nil
}

// deleteFile deletes one of the item's files (DB.DeleteLibraryFile, which asks the guard).
func (s *Pages) deleteFile(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	rec, err := s.loadSigned(r)
	if err != nil {
		return err
	}
	fid, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil || fid <= 0 {
		return page.ErrNotFound
	}
	f, err := s.DB.LibraryFile(ctx, fid)
	if errors.Is(err, store.ErrNotFound) || (err == nil && f.ItemID != rec.ID()) {
		return page.ErrNotFound
	} else if err != nil {
		return err
	}
	switch err := s.DB.DeleteLibraryFile(ctx, s.blobs, fid); {
	case errors.Is(err, store.ErrBlobLeft):
		s.Log.Error("file deleted, its bytes left behind", "file", fid, "err", err)
	case err != nil:
		return page.AuthError(r, err)
	}
	http.Redirect(w, r, ItemPath(rec.ID())+"?"+messageParam+"=fil_slettet#filer", http.StatusSeeOther)
	return nil
}

// makeAction makes an action of the idea in the plan the form names (DB.ActionFromIdea,
// through the guard and the audit trail) and sends the reader to the new action's form.
func (s *Pages) makeAction(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	rec, err := s.loadSigned(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return page.BadRequest(err)
	}
	plan, err := strconv.ParseInt(r.PostForm.Get("plan_id"), 10, 64)
	if err != nil || plan <= 0 {
		return page.BadRequest(errors.New("library: form field plan_id"))
	}
	prec, err := s.DB.Get(ctx, model.Plans, plan)
	if errors.Is(err, store.ErrNotFound) {
		return page.ErrNotFound
	} else if err != nil {
		return err
	}
	if err := s.CheckDraft(ctx, model.Plans, prec); err != nil {
		return err
	}
	made, err := s.DB.ActionFromIdea(ctx, rec.ID(), plan, 0)
	var ve *model.ValidationError
	switch {
	case errors.As(err, &ve):
		msg := l.T("library.action_refused")
		for _, fe := range ve.Errors {
			msg += " " + fe.Message
		}
		return s.render(w, r, rec, http.StatusUnprocessableEntity, msg, true)
	case err != nil:
		return page.AuthError(r, err)
	}
	s.Log.Info("action made from idea", "library_item", rec.ID(), "action", made.ID())
	http.Redirect(w, r, "/indsatser/"+strconv.FormatInt(made.ID(), 10)+"/rediger", http.StatusSeeOther)
	return nil
}

// sizeText is a file's size in the reader's language: 1,5 MB; 12,3 kB; 900 bytes.
func sizeText(l interface {
	Number(any, int) string
	T(string, ...any) string
}, n int64) string {
	num := func(v float64) string {
		if v == float64(int64(v)) {
			return l.Number(v, 0)
		}
		return l.Number(v, 1)
	}
	switch {
	case n >= 1<<20:
		return num(float64(n)/(1<<20)) + " MB"
	case n >= 1<<10:
		return num(float64(n)/(1<<10)) + " kB"
	}
	return l.T("library.bytes", fmt.Sprint(n))
}
