package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
)

// Error is what every failed API call answers, as JSON: a machine code, a message for
// people and, where one field is to blame, that field. Errors lists every field error
// when several are wrong at once; Current is the stored record after a version conflict.
type Error struct {
	Status  int                `json:"-"`
	Code    string             `json:"code"`
	Message string             `json:"message"`
	Field   string             `json:"field,omitempty"`
	Errors  []model.FieldError `json:"errors,omitempty"`
	Current model.Record       `json:"current,omitempty"`
	Yours   model.Record       `json:"yours,omitempty"`
	Cells   []sheet.CellError  `json:"cells,omitempty"`
	err     error              // the cause, for the log only
}

func (e *Error) Error() string { return e.Message }

func errorf(status int, code, field, msg string) *Error {
	return &Error{Status: status, Code: code, Field: field, Message: msg}
}

// toError turns any error into the answer the client gets. Internal errors are logged
// and answered with a message that gives nothing away.
func toError(err error) *Error {
	var e *Error
	var ve *model.ValidationError
	var se *model.SyntaxError
	var ce *store.ConflictError
	var ie *store.InUseError
	var qe *store.QueryError
	var mbe *http.MaxBytesError
	var te *auth.ExpiredTokenError
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &mbe):
		return errorf(http.StatusRequestEntityTooLarge, "body_too_large", "", "the request body is larger than the limit of "+humanBytes(mbe.Limit))
	case errors.As(err, &se):
		return errorf(http.StatusBadRequest, "malformed_json", "", se.Msg)
	case errors.As(err, &ve):
		status, code := http.StatusUnprocessableEntity, "invalid"
		for _, fe := range ve.Errors {
			if fe.Code == model.CodeUnknown {
				status, code = http.StatusBadRequest, "unknown_field"
			}
		}
		if len(ve.Errors) == 1 && ve.Errors[0].Code == model.CodeDuplicate {
			status, code = http.StatusConflict, "duplicate"
		}
		return &Error{Status: status, Code: code, Field: ve.Errors[0].Field, Message: ve.Error(), Errors: ve.Errors}
	case errors.Is(err, reporting.ErrState):
		return errorf(http.StatusConflict, "wrong_state", "state", err.Error())
	case errors.As(err, &ce):
		return &Error{Status: http.StatusConflict, Code: "version_conflict", Field: "version", Message: ce.Error(), Current: ce.Current}
	case errors.As(err, &ie):
		return errorf(http.StatusConflict, "in_use", "", ie.Error())
	case errors.As(err, &qe):
		return errorf(http.StatusBadRequest, "invalid_query", qe.Param, qe.Msg)
	case errors.Is(err, store.ErrNotFound):
		return errorf(http.StatusNotFound, "not_found", "", "there is no such record")
	case errors.As(err, &te):
		return errorf(http.StatusUnauthorized, "token_expired", "", "the API token expired at "+te.ExpiredAt+"; make a new one on your account page")
	case errors.Is(err, auth.ErrSignIn):
		return errorf(http.StatusUnauthorized, "unauthorized", "", "send a valid API token as Authorization: Bearer <token>; tokens are made on your account page")
	case errors.Is(err, auth.ErrForbidden):
		field := ""
		if re := (*auth.RefError)(nil); errors.As(err, &re) {
			field = re.Field // a reference outside the writer's reach
		}
		return errorf(http.StatusForbidden, "forbidden", field, err.Error())
	}
	return &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "something went wrong on our side; it has been logged", err: err}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return itoa(n>>20) + " MiB"
	case n >= 1<<10:
		return itoa(n>>10) + " KiB"
	}
	return itoa(n) + " bytes"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// handler is an HTTP handler that can fail; wrap turns its error into the JSON answer.
type handler func(w http.ResponseWriter, r *http.Request) error

func (s *Server) wrap(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		e := toError(err)
		if e.Status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="klimaspor"`)
		}
		attrs := []any{"method", r.Method, "path", r.URL.Path, "status", e.Status, "code", e.Code, "request_id", requestID(r.Context())}
		if e.Status >= 500 {
			s.log.Error("request failed", append(attrs, "err", e.err)...)
		} else {
			s.log.Info("request refused", append(attrs, "field", e.Field, "message", e.Message)...)
		}
		writeJSON(w, e.Status, e)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// logger is the slog logger used when none is given.
func defaultLogger() *slog.Logger { return slog.Default() }
