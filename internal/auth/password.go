// Package auth is who may do what in Klimaspor: passwords (argon2id), random tokens for
// sessions, API tokens and mail links, the signed-in principal with their roles in
// organisations, and the one authorization decision that the web pages, the API, the
// command line and imports all ask.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's first recommendation (19 MiB, 2 passes, 1 lane).
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// MinPasswordLength is the shortest password accepted. Length, not composition rules, is
// what makes a password strong (NIST SP 800-63B).
const MinPasswordLength = 12

// ErrWeakPassword is returned for a password that is too short.
var ErrWeakPassword = errors.New("the password is too short")

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(pw string) (string, error) {
	if len([]rune(pw)) < MinPasswordLength {
		return "", ErrWeakPassword
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// dummyHash is checked against when there is no account, so that a sign-in for an unknown
// address takes as long as one for a known address. It is made at the first sign-in, not at
// start-up: every command would otherwise pay for an argon2id hash.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("not a password of anybody's")
	if err != nil {
		panic(err)
	}
	return h
})

// CheckPassword reports whether pw matches the PHC hash. An empty hash (no password set, or
// no account) never matches, but costs the same time.
func CheckPassword(hash, pw string) bool {
	known := hash != ""
	if !known {
		hash = dummyHash()
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var mem uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, mem, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1 && known
}

// NewToken returns a random secret of 32 bytes, URL-safe, with a prefix that says what it
// is ("ks_" for API tokens), so a leaked token can be recognised by secret scanners.
func NewToken(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("auth: random token: %v", err)) // the system's randomness failing is not recoverable
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how a token is stored and looked up: its SHA-256. The tokens are random and
// long, so a fast hash is enough; a stolen database gives no usable token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Equal compares two secrets in constant time.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
