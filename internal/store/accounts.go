package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"klimaspor/internal/model"
)

// Accounts: people, their roles in organisations, sign-in sessions, API tokens, single-use
// tokens sent by mail and rate-limit counters. These writes do not raise the data version:
// signing in changes nothing any page shows, and must not empty the answer caches.

// ErrDuplicate is returned when an email address (or an identity) is taken already.
var ErrDuplicate = errors.New("already exists")

// Membership is a role a person holds, in an organisation (0 for admin and secretariat roles
// that hold everywhere).
type Membership struct {
	OrganisationID int64  `json:"organisation_id,omitempty"`
	Role           string `json:"role"`
}

// User is a person who signs in.
type User struct {
	ID           int64        `json:"id"`
	Email        string       `json:"email"`
	Name         string       `json:"name"`
	PasswordHash string       `json:"-"`
	Disabled     bool         `json:"disabled"`
	Deleted      bool         `json:"deleted,omitempty"`
	OIDCIssuer   string       `json:"oidc_issuer,omitempty"`
	OIDCSubject  string       `json:"oidc_subject,omitempty"`
	Language     string       `json:"language,omitempty"` // "da" or "en" for mail; "" is Danish
	CreatedAt    string       `json:"created_at"`
	LastLoginAt  string       `json:"last_login_at,omitempty"`
	Memberships  []Membership `json:"memberships"`
}

func nowText() string { return time.Now().UTC().Format(time.RFC3339) }

// NormalEmail is how addresses are compared and stored: trimmed and in lower case.
func NormalEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// accountText refuses account text that cannot be kept (model.TextProblem): a field's name,
// its value, and so on. The forms and the command line check first, with their own words;
// this keeps every other way in (single sign-on claims, the demo, tests) from reaching
// PostgreSQL's refusal as a 500.
func accountText(fieldValues ...string) error {
	var errs []model.FieldError
	for i := 0; i+1 < len(fieldValues); i += 2 {
		if problem := model.TextProblem(fieldValues[i+1]); problem != "" {
			errs = append(errs, model.FieldError{Field: fieldValues[i], Code: model.CodeText, Message: fieldValues[i] + " " + problem})
		}
	}
	if len(errs) > 0 {
		return &model.ValidationError{Errors: errs}
	}
	return nil
}

// CreateUser stores a new person with their memberships.
func (db *DB) CreateUser(ctx context.Context, u User) (User, error) {
	u.Email = NormalEmail(u.Email)
	if err := accountText("email", u.Email, "name", u.Name); err != nil {
		return User{}, fmt.Errorf("store: create user: %w", err)
	}
	if err := checkLanguage(u.Language); err != nil {
		return User{}, fmt.Errorf("store: create user: %w", err)
	}
	now := nowText()
	var hash any
	if u.PasswordHash != "" {
		hash = u.PasswordHash
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return User{}, fmt.Errorf("store: create user: %w", err)
	}
	defer tx.Rollback()
	var id int64
	var lang any
	if u.Language != "" {
		lang = u.Language
	}
	err = tx.QueryRowContext(ctx, "INSERT INTO users (email, name, password_hash, disabled, created_at, updated_at, language, disabled_at) VALUES ($1, $2, $3, $4, $5, $5, $6, CASE WHEN $4 THEN $5 END) RETURNING id",
		u.Email, u.Name, hash, u.Disabled, now, lang).Scan(&id)
	if err != nil {
		if isUnique(err) {
			return User{}, fmt.Errorf("store: create user %s: %w", u.Email, ErrDuplicate)
		}
		return User{}, fmt.Errorf("store: create user %s: %w", u.Email, err)
	}
	if err := setMemberships(ctx, tx, id, u.Memberships); err != nil {
		return User{}, err
	}
	if err := db.auditAccount(ctx, tx, id, "create", rolesSummary(u.Memberships)); err != nil {
		return User{}, err
	}
	if err := tx.Commit(); err != nil {
		return User{}, fmt.Errorf("store: create user %s: %w", u.Email, err)
	}
	return db.UserByID(ctx, id)
}

func setMemberships(ctx context.Context, tx *sql.Tx, user int64, ms []Membership) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM memberships WHERE user_id = $1", user); err != nil {
		return fmt.Errorf("store: memberships of user %d: %w", user, err)
	}
	seen := map[Membership]bool{}
	for _, m := range ms {
		if seen[m] {
			continue
		}
		seen[m] = true
		var org any
		if m.OrganisationID != 0 {
			org = m.OrganisationID
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO memberships (user_id, organisation_id, role) VALUES ($1, $2, $3)", user, org, m.Role); err != nil {
			return fmt.Errorf("store: membership %s of user %d: %w", m.Role, user, err)
		}
	}
	return nil
}

// SetMemberships replaces a person's roles.
func (db *DB) SetMemberships(ctx context.Context, user int64, ms []Membership) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: memberships of user %d: %w", user, err)
	}
	defer tx.Rollback()
	if err := setMemberships(ctx, tx, user, ms); err != nil {
		return err
	}
	if err := db.auditAccount(ctx, tx, user, "update", rolesSummary(ms)); err != nil {
		return err
	}
	return tx.Commit()
}

const userColumns = "id, email, name, COALESCE(password_hash, ''), disabled, deleted, COALESCE(oidc_issuer, ''), COALESCE(oidc_subject, ''), created_at, COALESCE(last_login_at, ''), COALESCE(language, '')"

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Disabled, &u.Deleted, &u.OIDCIssuer, &u.OIDCSubject, &u.CreatedAt, &u.LastLoginAt, &u.Language)
	return u, err
}

func (db *DB) userWhere(ctx context.Context, cond string, args ...any) (User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE "+cond, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("store: user: %w", err)
	}
	u.Memberships, err = db.memberships(ctx, u.ID)
	return u, err
}

func (db *DB) memberships(ctx context.Context, user int64) ([]Membership, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT COALESCE(organisation_id, 0), role FROM memberships WHERE user_id = $1 ORDER BY id", user)
	if err != nil {
		return nil, fmt.Errorf("store: memberships of user %d: %w", user, err)
	}
	defer rows.Close()
	out := []Membership{}
	for rows.Next() {
		var m Membership
		if err := rows.Scan(&m.OrganisationID, &m.Role); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// UserByID finds a person by id, or ErrNotFound.
func (db *DB) UserByID(ctx context.Context, id int64) (User, error) {
	return db.userWhere(ctx, "id = $1", id)
}

// UserByEmail finds a person by email address, or ErrNotFound.
func (db *DB) UserByEmail(ctx context.Context, email string) (User, error) {
	if model.TextProblem(email) != "" {
		return User{}, ErrNotFound // no account can have it
	}
	return db.userWhere(ctx, "email = $1 AND NOT deleted", NormalEmail(email))
}

// UserByOIDC finds the person linked to an OIDC identity, or ErrNotFound.
func (db *DB) UserByOIDC(ctx context.Context, issuer, subject string) (User, error) {
	if accountText("issuer", issuer, "subject", subject) != nil {
		return User{}, ErrNotFound // no account can have it
	}
	return db.userWhere(ctx, "oidc_issuer = $1 AND oidc_subject = $2 AND NOT deleted", issuer, subject)
}

// Users lists everybody who is not deleted, by email.
func (db *DB) Users(ctx context.Context) ([]User, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT "+userColumns+" FROM users WHERE NOT deleted ORDER BY email")
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: users: %w", err)
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Memberships, err = db.memberships(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (db *DB) execUser(ctx context.Context, what string, id int64, q string, args ...any) error {
	r, err := db.w.ExecContext(ctx, q, args...)
	if err != nil {
		if isUnique(err) {
			return fmt.Errorf("store: %s of user %d: %w", what, id, ErrDuplicate)
		}
		return fmt.Errorf("store: %s of user %d: %w", what, id, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// checkLanguage refuses a mail language other than Danish ("da"), English ("en") or none.
func checkLanguage(lang string) error {
	if lang != "" && lang != "da" && lang != "en" {
		return &model.ValidationError{Errors: []model.FieldError{{Field: "language", Code: model.CodeEnum, Message: "da or en"}}}
	}
	return nil
}

// SetLanguage stores the language a person reads mail in: "da", "en", or "" for Danish.
func (db *DB) SetLanguage(ctx context.Context, id int64, lang string) error {
	if err := checkLanguage(lang); err != nil {
		return fmt.Errorf("store: language of user %d: %w", id, err)
	}
	var v any
	if lang != "" {
		v = lang
	}
	return db.execUser(ctx, "language", id, "UPDATE users SET language = $1, updated_at = $2 WHERE id = $3", v, nowText(), id)
}

// SetPassword stores a new password hash.
func (db *DB) SetPassword(ctx context.Context, id int64, hash string) error {
	return db.execUser(ctx, "password", id, "UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3", hash, nowText(), id)
}

// SetDisabled disables or enables a person; a disabled person's sessions end and their API
// tokens are revoked (enabling them again does not bring the tokens back). The day a person
// was first disabled is kept (disabled_at, until they are enabled): the retention of disabled
// accounts counts from it (ApplyRetention).
func (db *DB) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	if err := db.execUser(ctx, "disable", id, "UPDATE users SET disabled = $1, updated_at = $2, disabled_at = CASE WHEN $1 THEN COALESCE(disabled_at, $2) END WHERE id = $3", disabled, nowText(), id); err != nil {
		return err
	}
	what := "enabled"
	if disabled {
		what = "disabled"
	}
	if err := db.auditAccount(ctx, db.w, id, "update", what); err != nil {
		return err
	}
	if !disabled {
		return nil
	}
	if _, err := db.RevokeUserTokens(ctx, id); err != nil {
		return err
	}
	return db.DeleteUserSessions(ctx, id)
}

// LinkOIDC links a person to an OIDC identity.
func (db *DB) LinkOIDC(ctx context.Context, id int64, issuer, subject string) error {
	if err := accountText("issuer", issuer, "subject", subject); err != nil {
		return fmt.Errorf("store: identity of user %d: %w", id, err)
	}
	return db.execUser(ctx, "identity", id, "UPDATE users SET oidc_issuer = $1, oidc_subject = $2, updated_at = $3 WHERE id = $4", issuer, subject, nowText(), id)
}

// MarkLogin records a successful sign-in.
func (db *DB) MarkLogin(ctx context.Context, id int64) error {
	return db.execUser(ctx, "sign-in", id, "UPDATE users SET last_login_at = $1 WHERE id = $2", nowText(), id)
}

// eraseUser removes an account's personal data in tx, keeping its row under the pseudonym
// (disabled and deleted), with its sessions, API tokens, roles and mail links: the one way an
// account is emptied, by an administrator (DeleteUser) and by the retention job
// (ApplyRetention). It reports false when there is no such account not yet deleted.
func eraseUser(ctx context.Context, tx *sql.Tx, id int64, pseudonym string) (bool, error) {
	r, err := tx.ExecContext(ctx, "UPDATE users SET email = $1, name = '', password_hash = NULL, oidc_issuer = NULL, oidc_subject = NULL, last_login_at = NULL, disabled = $2, deleted = $2, updated_at = $3 WHERE id = $4 AND NOT deleted",
		pseudonym, true, nowText(), id)
	if err != nil {
		return false, err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return false, nil
	}
	for _, q := range []string{"DELETE FROM sessions WHERE user_id = $1", "DELETE FROM api_tokens WHERE user_id = $1",
		"DELETE FROM memberships WHERE user_id = $1", "DELETE FROM mail_tokens WHERE user_id = $1"} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return false, err
		}
	}
	return true, nil
}

// DeleteUser removes a person's personal data but keeps their row under a pseudonym, so the
// audit trail still tells their changes apart. Their sessions, tokens and roles go.
func (db *DB) DeleteUser(ctx context.Context, id int64, pseudonym string) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: delete user %d: %w", id, err)
	}
	defer tx.Rollback()
	if erased, err := eraseUser(ctx, tx, id, pseudonym); err != nil {
		return fmt.Errorf("store: delete user %d: %w", id, err)
	} else if !erased {
		return ErrNotFound
	}
	if err := db.auditAccount(ctx, tx, id, "delete", "personal data removed; pseudonym "+pseudonym); err != nil {
		return err
	}
	return tx.Commit()
}

// Session is a signed-in browser.
type Session struct {
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// CreateSession stores a new session under the hash of its token.
func (db *DB) CreateSession(ctx context.Context, tokenHash string, user int64) error {
	now := nowText()
	if _, err := db.w.ExecContext(ctx, "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)", tokenHash, user, now); err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// SessionByHash finds a session, or ErrNotFound.
func (db *DB) SessionByHash(ctx context.Context, tokenHash string) (Session, error) {
	var s Session
	var created, seen string
	err := db.r.QueryRowContext(ctx, "SELECT user_id, created_at, last_seen_at FROM sessions WHERE token_hash = $1", tokenHash).Scan(&s.UserID, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	if err != nil {
		return s, fmt.Errorf("store: session: %w", err)
	}
	s.CreatedAt, _ = time.Parse(time.RFC3339, created)
	s.LastSeenAt, _ = time.Parse(time.RFC3339, seen)
	return s, nil
}

// TouchSession records that a session was used now.
func (db *DB) TouchSession(ctx context.Context, tokenHash string) error {
	_, err := db.w.ExecContext(ctx, "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2", nowText(), tokenHash)
	if err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// DeleteSession ends one session.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := db.w.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", tokenHash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends all of a person's sessions: sign-out everywhere.
func (db *DB) DeleteUserSessions(ctx context.Context, user int64) error {
	if _, err := db.w.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", user); err != nil {
		return fmt.Errorf("store: delete sessions of user %d: %w", user, err)
	}
	return nil
}

// APIToken is a person's token for the API; only a hash of it is stored. Every token expires.
type APIToken struct {
	ID         int64  `json:"id"`
	UserID     int64  `json:"user_id"`
	Name       string `json:"name"`
	Scope      string `json:"scope"`
	CreatedAt  string `json:"created_at"`
	ExpiresAt  string `json:"expires_at"`
	LastUsedAt string `json:"last_used_at,omitempty"`
	RevokedAt  string `json:"revoked_at,omitempty"`
}

// Expired reports whether the token has expired at now.
func (t APIToken) Expired(now time.Time) bool {
	exp, err := time.Parse(time.RFC3339, t.ExpiresAt)
	return err != nil || !now.Before(exp)
}

// CreateToken stores a new API token's hash; it works until expiresAt.
func (db *DB) CreateToken(ctx context.Context, user int64, name, scope, tokenHash string, expiresAt time.Time) (APIToken, error) {
	if expiresAt.IsZero() {
		return APIToken{}, errors.New("store: create token: no expiry date")
	}
	if err := accountText("name", name); err != nil {
		return APIToken{}, fmt.Errorf("store: create token: %w", err)
	}
	t := APIToken{UserID: user, Name: name, Scope: scope, CreatedAt: nowText(), ExpiresAt: expiresAt.UTC().Format(time.RFC3339)}
	err := db.w.QueryRowContext(ctx, "INSERT INTO api_tokens (user_id, name, token_hash, scope, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		user, name, tokenHash, scope, t.CreatedAt, t.ExpiresAt).Scan(&t.ID)
	if err != nil {
		return APIToken{}, fmt.Errorf("store: create token: %w", err)
	}
	return t, nil
}

const tokenColumns = "id, user_id, name, scope, created_at, expires_at, COALESCE(last_used_at, ''), COALESCE(revoked_at, '')"

func scanToken(row interface{ Scan(...any) error }) (APIToken, error) {
	var t APIToken
	err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Scope, &t.CreatedAt, &t.ExpiresAt, &t.LastUsedAt, &t.RevokedAt)
	return t, err
}

// TokenByHash finds a token that is not revoked, or ErrNotFound. It may have expired: the
// caller tells its client so (APIToken.Expired).
func (db *DB) TokenByHash(ctx context.Context, tokenHash string) (APIToken, error) {
	t, err := scanToken(db.r.QueryRowContext(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL", tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	if err != nil {
		return t, fmt.Errorf("store: token: %w", err)
	}
	return t, nil
}

// TouchToken records that a token was used now.
func (db *DB) TouchToken(ctx context.Context, id int64) error {
	if _, err := db.w.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", nowText(), id); err != nil {
		return fmt.Errorf("store: touch token: %w", err)
	}
	return nil
}

// Tokens lists a person's tokens, newest first.
func (db *DB) Tokens(ctx context.Context, user int64) ([]APIToken, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE user_id = $1 ORDER BY id DESC", user)
	if err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	defer rows.Close()
	out := []APIToken{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of a person's tokens.
func (db *DB) RevokeToken(ctx context.Context, user, id int64) error {
	r, err := db.w.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL", nowText(), id, user)
	if err != nil {
		return fmt.Errorf("store: revoke token: %w", err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// RevokeUserTokens revokes every API token of a person that still works, and says how many
// it revoked: their access ends with a new password, signing out everywhere or disabling.
func (db *DB) RevokeUserTokens(ctx context.Context, user int64) (int, error) {
	now := nowText()
	r, err := db.w.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL AND expires_at > $1", now, user)
	if err != nil {
		return 0, fmt.Errorf("store: revoke tokens of user %d: %w", user, err)
	}
	n, err := r.RowsAffected()
	return int(n), err
}

// MailToken is a single-use token sent by mail: a password reset or an invitation.
type MailToken struct {
	Kind           string
	UserID         int64
	Email          string
	OrganisationID int64
	Role           string
	CreatedBy      int64
	ExpiresAt      time.Time
}

// CreateMailToken stores a mail token's hash.
func (db *DB) CreateMailToken(ctx context.Context, tokenHash string, t MailToken) error {
	if err := accountText("email", t.Email); err != nil {
		return fmt.Errorf("store: create %s token: %w", t.Kind, err)
	}
	null := func(id int64) any {
		if id == 0 {
			return nil
		}
		return id
	}
	_, err := db.w.ExecContext(ctx, "INSERT INTO mail_tokens (token_hash, kind, user_id, email, organisation_id, role, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
		tokenHash, t.Kind, null(t.UserID), NormalEmail(t.Email), null(t.OrganisationID), t.Role, null(t.CreatedBy), nowText(), t.ExpiresAt.UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("store: create %s token: %w", t.Kind, err)
	}
	return nil
}

// UseMailToken spends a mail token of the given kind: it must exist, be unused and not have
// expired. A token works once: two requests racing for it cannot both spend it.
func (db *DB) UseMailToken(ctx context.Context, kind, tokenHash string) (MailToken, error) {
	now := nowText()
	r, err := db.w.ExecContext(ctx, "UPDATE mail_tokens SET used_at = $1 WHERE token_hash = $2 AND kind = $3 AND used_at IS NULL AND expires_at > $1", now, tokenHash, kind)
	if err != nil {
		return MailToken{}, fmt.Errorf("store: use %s token: %w", kind, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return MailToken{}, ErrNotFound
	}
	return db.mailToken(ctx, db.w, "token_hash = $1", tokenHash)
}

// MailToken reads a mail token of the given kind without spending it: it must exist, be
// unused and not have expired. A page reads an invitation so before anyone decides on it.
func (db *DB) MailToken(ctx context.Context, kind, tokenHash string) (MailToken, error) {
	return db.mailToken(ctx, db.r, "token_hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3", tokenHash, kind, nowText())
}

func (db *DB) mailToken(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}, cond string, args ...any) (MailToken, error) {
	var t MailToken
	var user, org, by sql.NullInt64
	var role sql.NullString
	var exp string
	err := q.QueryRowContext(ctx, "SELECT kind, user_id, email, organisation_id, role, created_by, expires_at FROM mail_tokens WHERE "+cond, args...).
		Scan(&t.Kind, &user, &t.Email, &org, &role, &by, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return MailToken{}, ErrNotFound
	}
	if err != nil {
		return MailToken{}, fmt.Errorf("store: mail token: %w", err)
	}
	t.UserID, t.OrganisationID, t.CreatedBy, t.Role = user.Int64, org.Int64, by.Int64, role.String
	t.ExpiresAt, _ = time.Parse(time.RFC3339, exp)
	return t, nil
}

// Hit counts one event under key in a fixed window and reports whether it is within limit,
// and if not, when the window ends. The count lives in the database, so every app server
// behind a load balancer sees the same one; one upsert counts, so two requests at once are
// both counted and neither fails.
func (db *DB) Hit(ctx context.Context, key string, window time.Duration, limit int) (bool, time.Time, error) {
	now := time.Now().UTC()
	var start string
	var n int
	err := db.w.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.count + 1 END,
  window_start = CASE WHEN rate_limits.window_start <= $3 THEN excluded.window_start ELSE rate_limits.window_start END
RETURNING window_start, count`, key, now.Format(time.RFC3339), now.Add(-window).Format(time.RFC3339)).Scan(&start, &n)
	if err != nil {
		return false, time.Time{}, fmt.Errorf("store: rate limit: %w", err)
	}
	began, _ := time.Parse(time.RFC3339, start)
	return n <= limit, began.Add(window), nil
}

// ResetHits forgets the count under key (after a successful sign-in, say).
func (db *DB) ResetHits(ctx context.Context, key string) error {
	if _, err := db.w.ExecContext(ctx, "DELETE FROM rate_limits WHERE key = $1", key); err != nil {
		return fmt.Errorf("store: rate limit: %w", err)
	}
	return nil
}

// SignInAttempt is ClaimSignIn's decision on one attempt to sign in.
type SignInAttempt struct {
	Allowed bool
	// Failures counts every client's failures on the address tried within the window; when
	// the attempt is allowed, it counts as one until ForgetSignInFailures forgives it.
	Failures int
	// RetryAt is when a refused client may try again.
	RetryAt time.Time
}

// ClaimSignIn decides whether client may try a password on the address email at now, and if
// so counts the attempt as a failure before the password is checked; a right password then
// forgives it (ForgetSignInFailures). A client without failures on the address within window
// may always try: that lets the owner in while others guess. A client with failures must wait
// wait(failures) after its last one, where failures counts every client's. Deciding and
// counting are one transaction that locks the client's row, so attempts sent at once are
// decided one after the other and cannot all pass on the same count. Nothing here depends on
// whether the address has an account.
func (db *DB) ClaimSignIn(ctx context.Context, email, client string, now time.Time, window time.Duration, wait func(failures int) time.Duration) (SignInAttempt, error) {
	now = now.UTC()
	// Times are kept to the second; a failure's is rounded up, so a client waits at least
	// the whole delay.
	stamp := now.Truncate(time.Second)
	if stamp.Before(now) {
		stamp = stamp.Add(time.Second)
	}
	cutoff := now.Add(-window).Format(time.RFC3339)
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return SignInAttempt{}, fmt.Errorf("store: sign-in attempt: %w", err)
	}
	defer tx.Rollback()
	// A new client's row is a placeholder ('' is older than any window) until the update below.
	var count int
	var last string
	err = tx.QueryRowContext(ctx, `INSERT INTO sign_in_failures (email, client, count, last_at) VALUES ($1, $2, 0, '')
ON CONFLICT (email, client) DO UPDATE SET count = sign_in_failures.count RETURNING count, last_at`, email, client).Scan(&count, &last)
	if err != nil {
		return SignInAttempt{}, fmt.Errorf("store: sign-in attempt: %w", err)
	}
	var a SignInAttempt
	err = tx.QueryRowContext(ctx, "SELECT COALESCE(SUM(count), 0) FROM sign_in_failures WHERE email = $1 AND last_at > $2", email, cutoff).Scan(&a.Failures)
	if err != nil {
		return SignInAttempt{}, fmt.Errorf("store: sign-in attempt: %w", err)
	}
	if last > cutoff { // the client has failed within the window: it may have to wait
		if d := wait(a.Failures); d > 0 {
			lastAt, _ := time.Parse(time.RFC3339, last)
			if a.RetryAt = lastAt.Add(d); now.Before(a.RetryAt) {
				return a, nil
			}
		}
		count++
	} else {
		count = 1
	}
	if _, err := tx.ExecContext(ctx, "UPDATE sign_in_failures SET count = $1, last_at = $2 WHERE email = $3 AND client = $4", count, stamp.Format(time.RFC3339), email, client); err != nil {
		return SignInAttempt{}, fmt.Errorf("store: sign-in attempt: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return SignInAttempt{}, fmt.Errorf("store: sign-in attempt: %w", err)
	}
	a.Allowed, a.Failures, a.RetryAt = true, a.Failures+1, time.Time{}
	// Rows of clients that have kept quiet for the window count for nothing any more.
	if _, err := db.w.ExecContext(ctx, "DELETE FROM sign_in_failures WHERE last_at <= $1", cutoff); err != nil {
		return a, fmt.Errorf("store: sign-in attempt: %w", err)
	}
	return a, nil
}

// ForgetSignInFailures forgets the failures of client on the address email, after it signed
// in; with client "" every client's (after a password reset).
func (db *DB) ForgetSignInFailures(ctx context.Context, email, client string) error {
	q, args := "DELETE FROM sign_in_failures WHERE email = $1", []any{email}
	if client != "" {
		q, args = q+" AND client = $2", append(args, client)
	}
	if _, err := db.w.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("store: forget sign-in failures: %w", err)
	}
	return nil
}

// OIDCPending is a single sign-on attempt under way.
type OIDCPending struct {
	Nonce, Verifier, Next string
	CreatedAt             time.Time
}

// SaveOIDCPending keeps an attempt under the hash of its state.
func (db *DB) SaveOIDCPending(ctx context.Context, stateHash string, p OIDCPending) error {
	_, err := db.w.ExecContext(ctx, "INSERT INTO oidc_pending (state_hash, nonce, verifier, next, created_at) VALUES ($1, $2, $3, $4, $5)",
		stateHash, p.Nonce, p.Verifier, p.Next, p.CreatedAt.UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("store: save sign-on attempt: %w", err)
	}
	return nil
}

// TakeOIDCPending removes and returns the attempt of a state: it can be answered once.
// Attempts older than an hour are cleared on the way.
func (db *DB) TakeOIDCPending(ctx context.Context, stateHash string) (OIDCPending, error) {
	var p OIDCPending
	var created string
	err := db.w.QueryRowContext(ctx, "DELETE FROM oidc_pending WHERE state_hash = $1 RETURNING nonce, verifier, next, created_at", stateHash).
		Scan(&p.Nonce, &p.Verifier, &p.Next, &created)
	if _, cerr := db.w.ExecContext(ctx, "DELETE FROM oidc_pending WHERE created_at < $1", time.Now().UTC().Add(-time.Hour).Format(time.RFC3339)); cerr != nil && err == nil {
		err = cerr
	}
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: take sign-on attempt: %w", err)
	}
	p.CreatedAt, _ = time.Parse(time.RFC3339, created)
	return p, nil
}

// DeleteMailTokens removes a person's unused mail tokens of a kind: after a reset, the other
// reset links sent earlier stop working.
func (db *DB) DeleteMailTokens(ctx context.Context, user int64, kind string) error {
	if _, err := db.w.ExecContext(ctx, "DELETE FROM mail_tokens WHERE user_id = $1 AND kind = $2 AND used_at IS NULL", user, kind); err != nil {
		return fmt.Errorf("store: delete %s tokens of user %d: %w", kind, user, err)
	}
	return nil
}

// auditAccount records a change of an account in the audit trail, by the context's actor.
// The entry names the account by id and says what changed in words, without the person's
// address or name, so that deleting the person leaves no personal data behind in it.
func (db *DB) auditAccount(ctx context.Context, q interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}, user int64, op, summary string) error {
	a := ActorOf(ctx)
	var by any
	if a.UserID != 0 {
		by = a.UserID
	}
	_, err := q.ExecContext(ctx, "INSERT INTO audit_log (at, user_id, channel, resource, record_id, op, summary) VALUES ($1, $2, $3, 'users', $4, $5, $6)",
		nowText(), by, a.Channel, user, op, summary)
	if err != nil {
		return fmt.Errorf("store: audit account %d: %w", user, err)
	}
	return nil
}

func rolesSummary(ms []Membership) string {
	var out []string
	for _, m := range ms {
		if m.OrganisationID == 0 {
			out = append(out, m.Role)
		} else {
			out = append(out, fmt.Sprintf("%s@%d", m.Role, m.OrganisationID))
		}
	}
	if len(out) == 0 {
		return "roles: none"
	}
	return "roles: " + strings.Join(out, ", ")
}
