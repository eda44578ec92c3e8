package account

import "net/http"

// What the external tests (package account_test) check directly.

var SignInDelay = signInDelay

func (s *Pages) SSOCookieName() string { return s.ssoCookieName() }

func (s *Pages) ClientAddress(r *http.Request) string { return s.clientAddress(r) }

const (
	SignInFreeFailures = signInFreeFailures
	SignInPerAddress   = signInPerAddress
	SignInMaxDelay     = signInMaxDelay
	ResetPerAddress    = resetPerAddress
)
