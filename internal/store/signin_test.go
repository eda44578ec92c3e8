package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// testWait lets three failures pass and then makes a client wait a minute per failure.
func testWait(failures int) time.Duration {
	if failures < 3 {
		return 0
	}
	return time.Duration(failures) * time.Minute
}

// TestSignInSlowsFailingClientsOnly: after the free failures, a client that failed waits a
// delay that grows with the account's failures from every client; a client that has not
// failed on the address may try at once; a right password forgives its client's failures;
// failures are forgotten after a quiet window.
func TestSignInSlowsFailingClientsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t0 := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
		const window = time.Hour
		type step struct {
			name     string
			client   string
			at       time.Duration // after t0
			allowed  bool
			failures int
			retry    time.Duration // after t0, for a refusal
		}
		steps := []step{
			{"first failure", "A", 0, true, 1, 0},
			{"second", "A", 0, true, 2, 0},
			{"third", "A", 0, true, 3, 0},
			{"the failing client must wait", "A", 0, false, 3, 3 * time.Minute},
			{"another address tried is not slowed", "A-other@kk.dk", 0, true, 1, 0},
			{"a fresh client may try at once", "B", time.Second, true, 4, 0},
			{"the wait grows with every client's failures", "A", 3 * time.Minute, false, 4, 4 * time.Minute},
			{"after the wait", "A", 4 * time.Minute, true, 5, 0},
			{"B failed too: now it waits", "B", 4 * time.Minute, false, 5, time.Second + 5*time.Minute},
		}
		claim := func(s step) store.SignInAttempt {
			t.Helper()
			email := "ejer@kk.dk"
			if s.client == "A-other@kk.dk" {
				email, s.client = "anden@kk.dk", "A"
			}
			a, err := db.ClaimSignIn(ctx, email, s.client, t0.Add(s.at), window, testWait)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		for _, s := range steps {
			a := claim(s)
			var retry time.Time
			if !s.allowed {
				retry = t0.Add(s.retry)
			}
			if a.Allowed != s.allowed || a.Failures != s.failures || !a.RetryAt.Equal(retry) {
				t.Errorf("%s: %+v, want allowed %v, %d failures, retry at %v", s.name, a, s.allowed, s.failures, retry)
			}
		}

		// A signs in: its failures are forgiven, B's still count.
		if err := db.ForgetSignInFailures(ctx, "ejer@kk.dk", "A"); err != nil {
			t.Fatal(err)
		}
		if a := claim(step{client: "A", at: 5 * time.Minute}); !a.Allowed || a.Failures != 2 {
			t.Errorf("after A signed in: %+v, want allowed with B's 1 failure and this one", a)
		}
		// An hour without failures forgets them all.
		if a := claim(step{client: "B", at: 5*time.Minute + window}); !a.Allowed || a.Failures != 1 {
			t.Errorf("after a quiet hour: %+v, want allowed as the first failure", a)
		}
		// A password reset forgets every client's.
		if err := db.ForgetSignInFailures(ctx, "ejer@kk.dk", ""); err != nil {
			t.Fatal(err)
		}
		if a := claim(step{client: "B", at: 5*time.Minute + window}); !a.Allowed || a.Failures != 1 {
			t.Errorf("after a reset: %+v, want allowed as the first failure", a)
		}
	})
}

// TestSignInAttemptsAtOnceAreCountedInTurn: attempts a client sends at once cannot all pass on
// the same count; exactly the free failures left pass.
func TestSignInAttemptsAtOnceAreCountedInTurn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now()
		// The client's row exists already: the attempts race for it, not to insert it.
		if a, err := db.ClaimSignIn(ctx, "ejer@kk.dk", "A", now, time.Hour, testWait); err != nil || !a.Allowed {
			t.Fatalf("the first attempt: %+v %v", a, err)
		}
		const n = 20
		allowed := make(chan bool, n)
		errs := make(chan error, n)
		for range n {
			go func() {
				a, err := db.ClaimSignIn(ctx, "ejer@kk.dk", "A", now, time.Hour, testWait)
				errs <- err
				allowed <- a.Allowed
			}()
		}
		yes := 0
		for range n {
			if err := <-errs; err != nil {
				t.Error(err)
			}
			if <-allowed {
				yes++
			}
		}
		if yes != 2 {
			t.Errorf("%d of %d attempts at once allowed, want the 2 free ones left", yes, n)
		}
	})
}

// TestAPITokensExpireAndEndWithTheAccount: a token works until its expiry date, which it must
// have; revoking a person's tokens ends those that still work, also when the person is
// disabled; tokens made before the migration get a year.
func TestAPITokensExpireAndEndWithTheAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u, err := db.CreateUser(ctx, store.User{Email: "eva@kk.dk"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateToken(ctx, u.ID, "no date", "read", "h0", time.Time{}); err == nil {
			t.Error("a token without an expiry date is stored")
		}
		expiry := time.Date(2027, 5, 4, 22, 0, 0, 0, time.UTC)
		live, err := db.CreateToken(ctx, u.ID, "live", "write", "h1", expiry)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateToken(ctx, u.ID, "old", "read", "h2", time.Now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, err := db.TokenByHash(ctx, "h1")
		if err != nil || got.ID != live.ID || got.ExpiresAt != "2027-05-04T22:00:00Z" {
			t.Fatalf("the token: %+v %v", got, err)
		}
		for _, c := range []struct {
			at   time.Time
			want bool
		}{{expiry.Add(-time.Second), false}, {expiry, true}, {expiry.Add(time.Hour), true}} {
			if got.Expired(c.at) != c.want {
				t.Errorf("expired at %v: %v, want %v", c.at, !c.want, c.want)
			}
		}
		if n, err := db.RevokeUserTokens(ctx, u.ID); err != nil || n != 1 {
			t.Errorf("revoked %d tokens (%v), want the one that still worked", n, err)
		}
		if _, err := db.TokenByHash(ctx, "h1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a revoked token is found: %v", err)
		}
		if old, err := db.TokenByHash(ctx, "h2"); err != nil || old.RevokedAt != "" {
			t.Errorf("the expired token was revoked too: %+v %v", old, err)
		}

		// Disabling revokes, and enabling does not bring the token back.
		if _, err := db.CreateToken(ctx, u.ID, "new", "read", "h3", expiry); err != nil {
			t.Fatal(err)
		}
		for _, off := range []bool{true, false} {
			if err := db.SetDisabled(ctx, u.ID, off); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.TokenByHash(ctx, "h3"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a token outlives disabling its person: %v", err)
		}

		// A token from before the migration works for a year from the migration.
		if err := db.MigrateDownToForTest(ctx, 5); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecForTest(ctx, "INSERT INTO api_tokens (user_id, name, token_hash, scope, created_at) VALUES (1, 'from before', 'h4', 'read', '2024-01-01T00:00:00Z')"); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		before, err := db.TokenByHash(ctx, "h4")
		if err != nil {
			t.Fatal(err)
		}
		exp, err := time.Parse(time.RFC3339, before.ExpiresAt)
		if want := time.Now().AddDate(1, 0, 0); err != nil || exp.Before(want.Add(-time.Minute)) || exp.After(want.Add(time.Minute)) {
			t.Errorf("the migration gave a token from before %q, want about %v", before.ExpiresAt, want.UTC())
		}
	})
}
