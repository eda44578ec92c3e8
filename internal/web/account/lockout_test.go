package account_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/account"
	"klimaspor/internal/web/sitetest"
)

// TestWrongPasswordsDoNotLockTheOwnerOut: wrong passwords from one address make that address
// wait a delay that grows with every failure on the account, but the right password from
// another address still signs in; an address without an account is slowed the same way; the
// owner is told once by mail.
func TestWrongPasswordsDoNotLockTheOwnerOut(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ms := withMail(t, s, "https://klimaspor.example.dk")
	if err := s.SetTrustedProxies("127.0.0.1, ::1"); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC) // noon in Copenhagen
	s.Clock = func() time.Time { return now }
	ctx := context.Background()
	const pw, wrong = "en lang og god adgangskode", "forkert adgangskode her"
	hash, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB.CreateUser(ctx, store.User{Email: "ejer@kk.dk", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	signIn := func(email, pw, addr string) sitetest.Fetched {
		return sitetest.PostForm(t, ts.URL+"/log-ind", url.Values{"email": {email}, "password": {pw}, "next": {"/"}},
			map[string]string{"Accept-Language": "en", "X-Forwarded-For": addr})
	}
	const owner = "198.51.100.7"
	// Two attackers, one at an account and one at an address without one, each from its own
	// address (which stays within the limit per address).
	for email, attacker := range map[string]string{"ejer@kk.dk": "203.0.113.66", "ingen@kk.dk": "203.0.113.67"} {
		for i := range account.SignInFreeFailures {
			if f := signIn(email, wrong, attacker); f.Status != http.StatusUnauthorized {
				t.Fatalf("%s: wrong password %d: %d, want 401", email, i+1, f.Status)
			}
		}
		// From here on the attacker's address waits 1, 2, 4 seconds after each failure, and
		// is refused before its password is read, the right one too.
		for _, wait := range []int{1, 2, 4} {
			for _, p := range []string{wrong, pw} {
				f := signIn(email, p, attacker)
				if f.Status != http.StatusTooManyRequests || f.Header.Get("Retry-After") != fmt.Sprint(wait) ||
					!strings.Contains(f.Body, "too many wrong attempts to sign in to this account from here") || !strings.Contains(f.Body, fmt.Sprintf("Wait %d second", wait)) {
					t.Errorf("%s: right after a failure: %d, Retry-After %q, want 429 and %d s", email, f.Status, f.Header.Get("Retry-After"), wait)
				}
			}
			now = now.Add(time.Duration(wait)*time.Second - time.Millisecond)
			if f := signIn(email, wrong, attacker); f.Status != http.StatusTooManyRequests {
				t.Errorf("%s: a millisecond before the %d s are up: %d, want 429", email, wait, f.Status)
			}
			now = now.Add(time.Millisecond)
			if f := signIn(email, wrong, attacker); f.Status != http.StatusUnauthorized {
				t.Errorf("%s: after %d s: %d, want 401", email, wait, f.Status)
			}
		}
	}

	// The owner, from an address that has not failed, signs in at once.
	f := signIn("ejer@kk.dk", pw, owner)
	if f.Status != http.StatusSeeOther || newSession(s, f, "en") == nil {
		t.Errorf("the right password from another address during the attack: %d, want 303 and a session", f.Status)
	}
	// The owner's mistyping is slowed like anybody's, and forgiven when they get it right.
	now = now.Add(time.Hour + time.Second)
	for range account.SignInFreeFailures {
		signIn("ejer@kk.dk", wrong, owner)
	}
	if f := signIn("ejer@kk.dk", pw, owner); f.Status != http.StatusTooManyRequests {
		t.Errorf("the owner's sixth try at once: %d, want 429", f.Status)
	}
	now = now.Add(time.Second)
	if f := signIn("ejer@kk.dk", pw, owner); f.Status != http.StatusSeeOther {
		t.Errorf("the owner after the wait: %d, want 303", f.Status)
	}
	if f := signIn("ejer@kk.dk", wrong, owner); f.Status != http.StatusUnauthorized {
		t.Errorf("a typo after signing in: %d, want 401 (the earlier failures forgiven)", f.Status)
	}

	// One mail to the owner, in both languages, with the count and the time, and no password;
	// none for the address without an account.
	msgs := ms.WaitFor(t, 1, 5*time.Second)
	time.Sleep(100 * time.Millisecond)
	if n := len(ms.Messages()); n != 1 {
		t.Fatalf("%d mails, want 1 (not one per failure, none to an address without an account)", n)
	}
	m := msgs[0]
	if len(m.To) != 1 || m.To[0] != "ejer@kk.dk" || subjectOf(t, m) != "Mislykkede forsøg på at logge ind på Klimaspor / Failed attempts to sign in to Klimaspor" {
		t.Errorf("the mail: to %v, subject %q", m.To, subjectOf(t, m))
	}
	for _, want := range []string{"5 mislykkede forsøg", "4. maj 2026 12:00", "5 failed attempts", "4 May 2026 12:00", "you can still sign in as usual"} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the mail lacks %q: %s", want, m.Body)
		}
	}
	for _, secret := range []string{pw, wrong, "203.0.113.66"} {
		if strings.Contains(m.Body, secret) {
			t.Errorf("the mail tells %q", secret)
		}
	}
}

// TestSignInLimitPerAddress: one address may try account.SignInPerAddress times per window, whatever
// the accounts, and is then refused with a message and Retry-After.
func TestSignInLimitPerAddress(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	if err := s.SetTrustedProxies("127.0.0.1, ::1"); err != nil {
		t.Fatal(err)
	}
	header := map[string]string{"Accept-Language": "da", "X-Forwarded-For": "203.0.113.9"}
	for i := range account.SignInPerAddress {
		f := sitetest.PostForm(t, ts.URL+"/log-ind", url.Values{"email": {fmt.Sprintf("person%d@kk.dk", i)}, "password": {"forkert adgangskode"}}, header)
		if f.Status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d, want 401", i+1, f.Status)
		}
	}
	f := sitetest.PostForm(t, ts.URL+"/log-ind", url.Values{"email": {"endnu-en@kk.dk"}, "password": {"forkert adgangskode"}}, header)
	if f.Status != http.StatusTooManyRequests || f.Header.Get("Retry-After") == "" || !strings.Contains(f.Body, "for mange forsøg på at logge ind") {
		t.Errorf("over the limit per address: %d, want 429 with a message and Retry-After", f.Status)
	}
	sitetest.CheckPage(t, f, "da")
}

// TestSignInDelay: nothing for the free failures, then a second, doubling up to the most.
func TestSignInDelay(t *testing.T) {
	for failures, want := range map[int]time.Duration{0: 0, 4: 0, 5: time.Second, 6: 2 * time.Second, 7: 4 * time.Second,
		14: 512 * time.Second, 15: account.SignInMaxDelay, 16: account.SignInMaxDelay, 1000: account.SignInMaxDelay} {
		if got := account.SignInDelay(failures); got != want {
			t.Errorf("after %d failures: %v, want %v", failures, got, want)
		}
	}
}
