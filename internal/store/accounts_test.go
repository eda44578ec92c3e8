package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

func TestAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		u, err := db.CreateUser(ctx, store.User{Email: " Eva@KK.dk ", Name: "Eva", PasswordHash: "$argon2id$x",
			Memberships: []store.Membership{{OrganisationID: f.kbh, Role: "editor"}, {Role: "secretariat"}}})
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "eva@kk.dk" || len(u.Memberships) != 2 || u.Memberships[1].OrganisationID != 0 {
			t.Errorf("created %+v", u)
		}
		if _, err := db.CreateUser(ctx, store.User{Email: "EVA@kk.dk"}); !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("a second eva@kk.dk: %v, want ErrDuplicate", err)
		}
		if got, err := db.UserByEmail(ctx, "eva@kk.DK"); err != nil || got.ID != u.ID {
			t.Errorf("by email: %+v %v", got, err)
		}

		// Sessions, and signing out everywhere.
		for _, h := range []string{"s1", "s2"} {
			if err := db.CreateSession(ctx, h, u.ID); err != nil {
				t.Fatal(err)
			}
		}
		if s, err := db.SessionByHash(ctx, "s1"); err != nil || s.UserID != u.ID || time.Since(s.CreatedAt) > time.Minute {
			t.Errorf("session: %+v %v", s, err)
		}
		if err := db.DeleteUserSessions(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByHash(ctx, "s2"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a session outlives signing out everywhere: %v", err)
		}

		// Tokens: found by hash until revoked.
		tok, err := db.CreateToken(ctx, u.ID, "laptop", "write", "hash1", time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := db.TokenByHash(ctx, "hash1"); err != nil || got.ID != tok.ID || got.Scope != "write" {
			t.Errorf("token: %+v %v", got, err)
		}
		if err := db.RevokeToken(ctx, u.ID+1, tok.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("somebody else revokes the token: %v", err)
		}
		if err := db.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenByHash(ctx, "hash1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a revoked token is found: %v", err)
		}

		// Mail tokens work once and not after they expire.
		if err := db.CreateMailToken(ctx, "m1", store.MailToken{Kind: "reset", UserID: u.ID, Email: u.Email, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateMailToken(ctx, "m2", store.MailToken{Kind: "reset", UserID: u.ID, Email: u.Email, ExpiresAt: time.Now().Add(-time.Second)}); err != nil {
			t.Fatal(err)
		}
		// Reading a token does not spend it; a spent or expired one is not read.
		for range 2 {
			if got, err := db.MailToken(ctx, "reset", "m1"); err != nil || got.UserID != u.ID || got.Email != u.Email {
				t.Errorf("read: %+v %v", got, err)
			}
		}
		for _, c := range [][2]string{{"invite", "m1"}, {"reset", "m2"}, {"reset", "nothing"}} {
			if got, err := db.MailToken(ctx, c[0], c[1]); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("read %s as %s: %+v %v", c[1], c[0], got, err)
			}
		}
		if got, err := db.UseMailToken(ctx, "invite", "m1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a reset token used as an invitation: %+v %v", got, err)
		}
		if got, err := db.UseMailToken(ctx, "reset", "m1"); err != nil || got.UserID != u.ID {
			t.Errorf("use: %+v %v", got, err)
		}
		for _, h := range []string{"m1", "m2"} {
			if _, err := db.UseMailToken(ctx, "reset", h); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s used again or after expiry: %v", h, err)
			}
		}
		if got, err := db.MailToken(ctx, "reset", "m1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a spent token is read: %+v %v", got, err)
		}

		// Rate limits count in a window.
		for i := 1; i <= 4; i++ {
			ok, _, err := db.Hit(ctx, "k", time.Hour, 3)
			if err != nil || ok != (i <= 3) {
				t.Errorf("hit %d: %v %v", i, ok, err)
			}
		}
		if ok, _, _ := db.Hit(ctx, "k", 0, 3); !ok {
			t.Error("a new window does not start over")
		}

		// A change by the person is in the audit trail under their address; once they are
		// deleted, under their pseudonym, and the trail cannot be changed.
		actx := store.WithActor(ctx, store.Actor{UserID: u.ID, Channel: store.ChannelCLI,
			Guard: func(context.Context, store.Getter, string, *model.Resource, model.Record, model.Record) error {
				return nil
			}})
		if _, err := db.Update(actx, model.Plans, f.plan, 1, model.Record{"title": "Ny titel"}); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkLogin(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteUser(ctx, u.ID, "slettet-1"); err != nil {
			t.Fatal(err)
		}
		// Nothing personal is left on the row, the time of the last sign-in included.
		if gone, err := db.UserByID(ctx, u.ID); err != nil || gone.Email != "slettet-1" || gone.Name != "" || gone.LastLoginAt != "" || !gone.Deleted {
			t.Errorf("the deleted account's row: %+v %v", gone, err)
		}
		e, err := db.Audit(ctx, store.AuditQuery{Resource: "plans", UserID: u.ID})
		if err != nil || len(e) != 1 || e[0].User != "slettet-1" || e[0].Channel != "cli" || e[0].After.Str("title") != "Ny titel" {
			t.Errorf("audit after deleting the person: %+v %v", e, err)
		}
		if _, err := db.UserByEmail(ctx, "eva@kk.dk"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a deleted person is found by address: %v", err)
		}
		for _, q := range []string{"UPDATE audit_log SET summary = 'x'", "DELETE FROM audit_log"} {
			if err := db.ExecForTest(ctx, q); err == nil {
				t.Errorf("%s: the audit trail changed", q)
			}
		}
		// Without a guard, a person's change is refused.
		noGuard := store.WithActor(ctx, store.Actor{UserID: u.ID, Channel: store.ChannelAPI})
		if _, err := db.Update(noGuard, model.Plans, f.plan, 2, model.Record{"title": "x"}); !errors.Is(err, store.ErrNoGuard) {
			t.Errorf("a change without a guard: %v", err)
		}
	})
}

// TestHitConcurrently: requests that arrive together are all counted and none fails.
func TestHitConcurrently(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 20
		errs := make(chan error, n)
		allowed := make(chan bool, n)
		for range n {
			go func() {
				ok, _, err := db.Hit(ctx, "together", time.Hour, 5)
				errs <- err
				allowed <- ok
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
		if yes != 5 {
			t.Errorf("%d of %d requests allowed, want the limit of 5", yes, n)
		}
	})
}
