package web

import (
	"context"
	"html/template"
	"io"
	"net/http"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/web/page"
)

// The names below forward to internal/web/page, under the names the public pages were
// written with, so that those files did not change when page rendering moved out. They go
// when the public pages move to a sub-package of their own.

type handlerFunc = page.HandlerFunc

type formOption = page.Option

var danishTime = page.DanishTime

var errNotFound = page.ErrNotFound

// statusError answers with its HTTP status (page.Handle asks HTTPStatus); err is for the log.
type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string {
	return (&page.StatusError{Status: e.status, Err: e.err}).Error()
}
func (e *statusError) Unwrap() error   { return e.err }
func (e *statusError) HTTPStatus() int { return e.status }

func (s *Server) localizer(r *http.Request) i18n.Localizer { return page.Localizer(r) }
func (s *Server) all(ctx context.Context, res *model.Resource, filters map[string]string) ([]model.Record, error) {
	return s.Site.All(ctx, res, filters)
}
func (s *Server) list(ctx context.Context, res *model.Resource, q model.ListQuery) ([]model.Record, error) {
	return s.Site.List(ctx, res, q)
}
func (s *Server) now() time.Time                    { return s.Site.Now() }
func (s *Server) handle(h handlerFunc) http.Handler { return s.Site.Handle(h) }
func (s *Server) render(w http.ResponseWriter, name string, p *page.Page) error {
	return s.Site.Render(w, name, p)
}
func (s *Server) write(w http.ResponseWriter, name string, status int, p *page.Page) error {
	return s.Site.Write(w, name, status, p)
}
func (s *Server) newPage(r *http.Request, l i18n.Localizer, title string) *page.Page {
	return s.Site.NewPage(r, l, title)
}

// The reader's rights over a record (page/rights.go).
func (s *Server) checkDraft(ctx context.Context, res *model.Resource, rec model.Record) error {
	return s.Site.CheckDraft(ctx, res, rec)
}
func (s *Server) mayEdit(ctx context.Context, res *model.Resource, rec model.Record) bool {
	return s.Site.MayEdit(ctx, res, rec)
}
func (s *Server) mayAdd(ctx context.Context, res *model.Resource, rec model.Record) bool {
	return s.Site.MayAdd(ctx, res, rec)
}

func principalOf(ctx context.Context) *auth.Principal { return page.PrincipalOf(ctx) }
func sessionToken(ctx context.Context) string         { return page.SessionToken(ctx) }
func localPath(next string) string                    { return page.LocalPath(next) }
func details(l i18n.Localizer, table template.HTML) template.HTML {
	return page.Details(l, table)
}
func authError(r *http.Request, err error) error { return page.AuthError(r, err) }

// The export's names (page/export.go), with the lists' fields as the pages set them.
const (
	exportParam = page.ExportParam
	formatParam = page.FormatParam
	formatCSV   = page.FormatCSV
	formatXLSX  = page.FormatXLSX
	// maxExportRows bounds a list's file.
	maxExportRows = page.MaxExportRows
)

type exportList struct {
	list    string
	qualify string
	columns []string
	rows    [][]sheet.Cell
}

func (x *exportList) add(cells ...sheet.Cell) { x.rows = append(x.rows, cells) }

func (x *exportList) export() *page.Export {
	if x == nil {
		return nil
	}
	return &page.Export{List: x.list, Qualify: x.qualify, Columns: x.columns, Rows: x.rows}
}

type exportRequest struct{ list, format string }

func exportOf(r *http.Request) (*exportRequest, error) {
	ex, err := page.ExportOf(r)
	if ex == nil {
		return nil, err
	}
	return &exportRequest{list: ex.List, format: ex.Format}, nil
}

func (s *Server) sendExport(w http.ResponseWriter, l i18n.Localizer, ex *exportRequest, x *exportList) error {
	return page.SendExport(w, l, &page.ExportRequest{List: ex.list, Format: ex.format}, x.export())
}

func writeList(w io.Writer, l i18n.Localizer, x *exportList, format string) error {
	return page.WriteList(w, l, x.export(), format)
}

func exportStem(l i18n.Localizer, x *exportList) string { return page.ExportStem(l, x.export()) }
