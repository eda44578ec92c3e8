package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"

	"klimaspor/internal/i18n"
	"klimaspor/internal/store"
)

// statusError carries the HTTP status to answer with; the wrapped error is for the log only.
type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string {
	if e.err == nil {
		return http.StatusText(e.status)
	}
	return e.err.Error()
}

func (e *statusError) Unwrap() error { return e.err }

// errNotFound answers 404 with the translated "page not found" page.
var errNotFound = &statusError{status: http.StatusNotFound}

// handlerFunc is a page handler: it writes the page, or returns an error for handle to answer.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc: a returned error becomes a translated error page (404 or 500),
// and anything but a 404 is logged with a reference the page shows. Handlers render into a
// buffer, so nothing has been written when they fail.
func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		err = authError(r, err)
		var sin *signInNeeded
		if errors.As(err, &sin) {
			next := sin.next
			if r.Method != http.MethodGet {
				next = r.Referer() // after signing in, back to the form rather than to a POST
				if u, perr := url.Parse(next); perr == nil {
					next = u.RequestURI()
				}
			}
			http.Redirect(w, r, signInURL(next), http.StatusSeeOther)
			return
		}
		status, detail := http.StatusInternalServerError, ""
		var se *statusError
		var pe *store.ParamError
		switch {
		case errors.As(err, &pe):
			status, detail = http.StatusBadRequest, paramMessage(s.localizer(r), pe)
			// The page's own links (the language switch) leave the refused query out.
			r = r.Clone(r.Context())
			r.URL.RawQuery = ""
		case errors.As(err, new(*store.QueryError)):
			status = http.StatusBadRequest
		case errors.As(err, &se):
			status = se.status
		}
		ref := ""
		if status >= 500 {
			ref = newRef()
			s.log.Error("web: page failed", "ref", ref, "method", r.Method, "path", r.URL.Path, "err", err)
		}
		s.renderError(w, r, status, ref, detail)
	})
}

// paramMessage says, in the reader's language, what is wrong with a query parameter.
func paramMessage(l i18n.Localizer, pe *store.ParamError) string {
	if pe.TooLong {
		return l.T("error.400.param_long", pe.Param, l.Int(store.MaxParam))
	}
	return l.T("error.400.param_text", pe.Param)
}

func newRef() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

type errorData struct {
	Status int
	Ref    string
	Detail string // what exactly was wrong, when the page can say it
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, ref, detail string) {
	code := "500"
	switch status {
	case http.StatusNotFound:
		code = "404"
	case http.StatusBadRequest:
		code = "400"
	case http.StatusForbidden:
		code = "403"
	}
	l := s.localizer(r)
	p := s.newPage(r, l, l.T("error."+code+".title"))
	p.Data = errorData{Status: status, Ref: ref, Detail: detail}
	p.ErrorCode = code
	if err := s.write(w, "error", status, p); err != nil {
		s.log.Error("web: error page failed", "err", err)
		http.Error(w, http.StatusText(status), status)
	}
}
