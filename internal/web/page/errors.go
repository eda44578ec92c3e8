package page

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/store"
)

// StatusError carries the HTTP status to answer with; the wrapped error is for the log only.
type StatusError struct {
	Status int
	Err    error
}

func (e *StatusError) Error() string {
	if e.Err == nil {
		return http.StatusText(e.Status)
	}
	return e.Err.Error()
}

func (e *StatusError) Unwrap() error { return e.Err }

// HTTPStatus is the status Handle answers with.
func (e *StatusError) HTTPStatus() int { return e.Status }

// statusCoder is an error that names its HTTP status: a StatusError, or a module's own.
type statusCoder interface{ HTTPStatus() int }

// BadRequest answers 400; err is for the log.
func BadRequest(err error) error { return &StatusError{Status: http.StatusBadRequest, Err: err} }

// Unavailable answers 503: the page cannot be made here (a part the server lacks, such as the
// browser that prints PDFs), with detail, already in the reader's language, saying why.
func Unavailable(detail string) error {
	return &detailError{StatusError{Status: http.StatusServiceUnavailable}, detail}
}

// detailError is a StatusError whose page says why, in the reader's language.
type detailError struct {
	StatusError
	detail string
}

// ErrNotFound answers 404 with the translated "page not found" page.
var ErrNotFound error = &StatusError{Status: http.StatusNotFound}

// HandlerFunc is a page handler: it writes the page, or returns an error for Handle to answer.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handle adapts a HandlerFunc: a returned error becomes a translated error page (404 or 500),
// and anything but a 404 is logged with a reference the page shows. Handlers render into a
// buffer, so nothing has been written when they fail.
func (s *Site) Handle(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		err = AuthError(r, err)
		var sin *SignInNeeded
		if errors.As(err, &sin) {
			next := sin.Next
			if r.Method != http.MethodGet {
				next = r.Referer() // after signing in, back to the form rather than to a POST
				if u, perr := url.Parse(next); perr == nil {
					next = u.RequestURI()
				}
			}
			http.Redirect(w, r, SignInURL(next), http.StatusSeeOther)
			return
		}
		status, detail := http.StatusInternalServerError, ""
		var se statusCoder
		var pe *store.ParamError
		var de *detailError
		switch {
		case errors.As(err, &de):
			status, detail = de.Status, de.detail
		case errors.As(err, &pe):
			status, detail = http.StatusBadRequest, paramMessage(Localizer(r), pe)
			// The page's own links (the language switch) leave the refused query out.
			r = r.Clone(r.Context())
			r.URL.RawQuery = ""
		case errors.As(err, new(*store.QueryError)):
			status = http.StatusBadRequest
		case errors.As(err, &se):
			status = se.HTTPStatus()
		}
		ref := ""
		if status >= 500 && status != http.StatusServiceUnavailable {
			ref = newRef()
			s.Log.Error("web: page failed", "ref", ref, "method", r.Method, "path", r.URL.Path, "err", err)
		}
		s.renderError(w, r, status, ref, detail)
	})
}

// MaxFormBytes is the largest form body Post reads.
const MaxFormBytes = 256 << 10

// Post wraps a POST handler: cross-origin browser requests are refused with a translated 403
// page, and the handler's errors are answered as every page's are.
func (s *Site) Post(h HandlerFunc) http.Handler {
	c := http.NewCrossOriginProtection()
	c.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusForbidden, "", "")
	}))
	return c.Handler(s.Handle(func(w http.ResponseWriter, r *http.Request) error {
		// A signed-in person's form carries their session's form token too: defence in
		// depth behind the browser's cross-origin headers, for browsers that send none.
		if token := SessionToken(r.Context()); token != "" {
			r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
			if err := r.ParseForm(); err != nil {
				return BadRequest(err)
			}
			if !auth.CheckCSRF(token, r.PostForm.Get("csrf")) {
				return &StatusError{Status: http.StatusForbidden, Err: errors.New("web: the form token does not match the session")}
			}
		}
		return h(w, r)
	}))
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

func (s *Site) renderError(w http.ResponseWriter, r *http.Request, status int, ref, detail string) {
	code := "500"
	switch status {
	case http.StatusNotFound:
		code = "404"
	case http.StatusBadRequest:
		code = "400"
	case http.StatusForbidden:
		code = "403"
	case http.StatusServiceUnavailable:
		code = "503"
	}
	l := Localizer(r)
	p := s.NewPage(r, l, l.T("error."+code+".title"))
	p.Data = errorData{Status: status, Ref: ref, Detail: detail}
	p.ErrorCode = code
	if err := s.Write(w, "error", status, p); err != nil {
		s.Log.Error("web: error page failed", "err", err)
		http.Error(w, http.StatusText(status), status)
	}
}

// AuthError turns the authorization's refusals into answers: the sign-in page for the
// public, 403 for a signed-in person who may not.
func AuthError(r *http.Request, err error) error {
	switch {
	case errors.Is(err, auth.ErrSignIn):
		return &SignInNeeded{Next: r.URL.RequestURI()}
	case errors.Is(err, auth.ErrForbidden):
		return &StatusError{Status: http.StatusForbidden, Err: err}
	}
	return err
}

// SignInNeeded sends the reader to the sign-in page, and back afterwards.
type SignInNeeded struct{ Next string }

func (e *SignInNeeded) Error() string { return "sign in first" }

// SignInURL is the sign-in page's address that returns to next afterwards.
func SignInURL(next string) string {
	return "/log-ind?next=" + url.QueryEscape(LocalPath(next))
}
