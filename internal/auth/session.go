package auth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"klimaspor/internal/store"
)

// CookieName is the session cookie's name. With Secure set it carries the __Host- prefix,
// which browsers only accept from a secure origin, for the whole site and no other domain.
const CookieName = "klimaspor_session"

// Sessions keeps sign-in sessions in the database, so that every app server behind a load
// balancer knows them; the cookie holds a random token, the database only its hash.
type Sessions struct {
	DB *store.DB
	// Secure marks the cookie Secure (and names it __Host-…). Browsers accept Secure cookies
	// from http://localhost too; turn it off only for plain HTTP on other hosts.
	Secure bool
	// Idle ends a session not used for this long; Absolute ends any session this long after
	// sign-in.
	Idle, Absolute time.Duration
}

// Default session lifetimes: a working day, and two hours without use.
const (
	DefaultIdle     = 2 * time.Hour
	DefaultAbsolute = 12 * time.Hour
)

// touchEvery is how stale a session's last use may be before it is written again, so that a
// busy reader does not write on every page.
const touchEvery = time.Minute

// CookieName is the name of the session cookie.
func (m *Sessions) CookieName() string {
	if m.Secure {
		return "__Host-" + CookieName
	}
	return CookieName
}

// Start signs a person in: a new session with a new token (never one the browser had
// before, so a planted cookie is worthless), and the cookie.
func (m *Sessions) Start(ctx context.Context, w http.ResponseWriter, user int64) (string, error) {
	token := NewToken("")
	if err := m.DB.CreateSession(ctx, HashToken(token), user); err != nil {
		return "", err
	}
	if err := m.DB.MarkLogin(ctx, user); err != nil {
		return "", err
	}
	http.SetCookie(w, &http.Cookie{Name: m.CookieName(), Value: token, Path: "/", HttpOnly: true, Secure: m.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(m.absolute().Seconds())})
	return token, nil
}

func (m *Sessions) idle() time.Duration {
	if m.Idle > 0 {
		return m.Idle
	}
	return DefaultIdle
}

func (m *Sessions) absolute() time.Duration {
	if m.Absolute > 0 {
		return m.Absolute
	}
	return DefaultAbsolute
}

// Token is the session token the request carries, or "".
func (m *Sessions) Token(r *http.Request) string {
	c, err := r.Cookie(m.CookieName())
	if err != nil {
		return ""
	}
	return c.Value
}

// Load finds the signed-in person of a request. Without a valid session it returns Public
// and the empty token; an expired session is removed.
func (m *Sessions) Load(ctx context.Context, r *http.Request) (*Principal, string, error) {
	token := m.Token(r)
	if token == "" || len(token) > 100 {
		return Public, "", nil
	}
	hash := HashToken(token)
	s, err := m.DB.SessionByHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return Public, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	now := time.Now()
	if now.Sub(s.LastSeenAt) > m.idle() || now.Sub(s.CreatedAt) > m.absolute() {
		return Public, "", m.DB.DeleteSession(ctx, hash)
	}
	u, err := m.DB.UserByID(ctx, s.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (u.Disabled || u.Deleted)) {
		return Public, "", m.DB.DeleteSession(ctx, hash)
	}
	if err != nil {
		return nil, "", err
	}
	if now.Sub(s.LastSeenAt) > touchEvery {
		if err := m.DB.TouchSession(ctx, hash); err != nil {
			return nil, "", err
		}
	}
	return &Principal{User: u}, token, nil
}

// End signs the request's session out and clears the cookie.
func (m *Sessions) End(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
	if token := m.Token(r); token != "" {
		if err := m.DB.DeleteSession(ctx, HashToken(token)); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: m.CookieName(), Value: "", Path: "/", HttpOnly: true, Secure: m.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	return nil
}

// CSRFToken is the form token of a session: derived from the session's secret, so it needs
// no storage, changes with every sign-in, and cannot be guessed without the cookie.
func CSRFToken(sessionToken string) string {
	if sessionToken == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("klimaspor csrf\x00" + sessionToken))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// CheckCSRF compares a posted form token with the session's.
func CheckCSRF(sessionToken, posted string) bool {
	want := CSRFToken(sessionToken)
	return want != "" && Equal(want, posted)
}

// Bearer reads an API token from the Authorization header; "" when there is none.
func Bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", true
	}
	return strings.TrimSpace(token), true
}

// ExpiredTokenError refuses an API token after its expiry date. It is an ErrSignIn, told
// apart so that the client learns why its token stopped working.
type ExpiredTokenError struct{ ExpiredAt string }

func (e *ExpiredTokenError) Error() string { return "the API token expired at " + e.ExpiredAt }

// Is makes an expired token an ErrSignIn.
func (e *ExpiredTokenError) Is(target error) bool { return target == ErrSignIn }

// TokenPrincipal finds the person of an API token; ErrSignIn when the token is unknown,
// revoked or its person disabled, and an *ExpiredTokenError when it has expired.
func TokenPrincipal(ctx context.Context, db *store.DB, token string) (*Principal, error) {
	if token == "" || len(token) > 200 {
		return nil, ErrSignIn
	}
	t, err := db.TokenByHash(ctx, HashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrSignIn
	}
	if err != nil {
		return nil, err
	}
	if t.Expired(time.Now()) {
		return nil, &ExpiredTokenError{ExpiredAt: t.ExpiresAt}
	}
	u, err := db.UserByID(ctx, t.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (u.Disabled || u.Deleted)) {
		return nil, ErrSignIn
	}
	if err != nil {
		return nil, err
	}
	if t.LastUsedAt == "" || tokenStale(t.LastUsedAt) {
		if err := db.TouchToken(ctx, t.ID); err != nil {
			return nil, fmt.Errorf("auth: token: %w", err)
		}
	}
	return &Principal{User: u, Scope: t.Scope}, nil
}

func tokenStale(last string) bool {
	t, err := time.Parse(time.RFC3339, last)
	return err != nil || time.Since(t) > touchEvery
}
