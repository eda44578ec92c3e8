package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strings"

	"klimaspor/internal/auth"
	"klimaspor/internal/metrics"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
)

// DefaultMaxImport is the largest spreadsheet the import route accepts unless
// SetMaxImport says otherwise.
const DefaultMaxImport = 64 << 20

// SetMaxImport sets the largest spreadsheet the import route accepts, in bytes; a workbook
// may unpack to sheet.UnpackRatio times as much.
func (s *Server) SetMaxImport(maxBytes int64) {
	if maxBytes > 0 {
		s.maxImport = maxBytes
	}
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func sheetFormat(r *http.Request) (string, error) {
	f := r.URL.Query().Get("format")
	if f == "" && r.Method == http.MethodPost {
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mt == xlsxType {
			f = sheet.XLSX
		} else {
			f = sheet.CSV
		}
	}
	if f == "" {
		f = sheet.CSV
	}
	if f != sheet.CSV && f != sheet.XLSX {
		return "", errorf(http.StatusBadRequest, "invalid_query", "format", "format must be csv or xlsx")
	}
	for k := range r.URL.Query() {
		if k != "format" {
			return "", errorf(http.StatusBadRequest, "invalid_query", k, "only the parameter format is taken here")
		}
	}
	return f, nil
}

// export answers GET /api/v1/{kind}/export?format=csv|xlsx with the whole list as a file.
func (s *Server) export(res *model.Resource) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		format, err := sheetFormat(r)
		if err != nil {
			return err
		}
		// Written to a temporary file first, so a failure halfway answers with an error
		// instead of a truncated file that looks whole.
		tmp, err := os.CreateTemp("", "klimaspor-export-*")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		var vis model.ListQuery
		auth.Visibility(principal(r.Context()), res).Apply(&vis)
		if err := sheet.ExportFor(r.Context(), s.db, res.Name, format, tmp, vis); err != nil {
			return err
		}
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return err
		}
		ct := "text/csv; charset=utf-8"
		if format == sheet.XLSX {
			ct = xlsxType
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Disposition", `attachment; filename="klimaspor-`+res.Name+`.`+format+`"`)
		_, err = io.Copy(w, tmp)
		return err
	}
}

// importSheet answers POST /api/v1/{kind}/import: the body is the file. Each import is
// counted by its result (metrics.Import).
func (s *Server) importSheet(res *model.Resource) handler {
	return func(w http.ResponseWriter, r *http.Request) (err error) {
		rows := 0
		defer func() {
			switch {
			case err == nil:
				s.metrics.Import(res.Name, metrics.ImportOK, rows)
			case toError(err).Status < 500:
				s.metrics.Import(res.Name, metrics.ImportRefused, 0)
			default:
				s.metrics.Import(res.Name, metrics.ImportError, 0)
			}
		}()
		// Who may import this kind at all is decided before a byte of the body is read;
		// the store's guard then decides on every record.
		p := principal(r.Context())
		if err := auth.MayWriteAny(p, res); err != nil {
			return err
		}
		format, err := sheetFormat(r)
		if err != nil {
			return err
		}
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mt != "" && mt != xlsxType && !strings.HasPrefix(mt, "text/") && mt != "application/octet-stream" {
			return errorf(http.StatusUnsupportedMediaType, "unsupported_media_type", "", "send the file as text/csv or "+xlsxType)
		}
		tooLarge := errorf(http.StatusRequestEntityTooLarge, "file_too_large", "", fmt.Sprintf(
			"the file is larger than %s, the most an import takes here; split it into smaller files (the server's operator sets the limit with KLIMASPOR_MAX_IMPORT_MB)", humanBytes(s.maxImport)))
		if r.ContentLength > s.maxImport {
			return tooLarge
		}
		opts := sheet.Options{Limits: sheet.LimitsFor(s.maxImport)}
		auth.Visibility(p, res).Apply(&opts.Drafts)
		result, err := sheet.ImportFor(r.Context(), s.db, res.Name, http.MaxBytesReader(w, r.Body, s.maxImport), format, opts)
		var ie *sheet.ImportError
		var tle *sheet.TooLargeError
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &ie):
			return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_file", Message: ie.Error(), Cells: ie.Errors}
		case errors.As(err, &tle):
			return errorf(http.StatusRequestEntityTooLarge, "file_too_large", "", tle.Error())
		case errors.As(err, &mbe):
			return tooLarge
		case err != nil:
			return err
		}
		rows = result.Rows
		s.log.Info("imported", "resource", res.Name, "rows", result.Rows, "created", result.Created, "updated", result.Updated, "request_id", requestID(r.Context()))
		return writeJSON(w, http.StatusOK, result)
	}
}
