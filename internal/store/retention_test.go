package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestClaimJobOnceAmongMany: of many claimers of one run at once exactly one wins; a second
// claim before the interval has passed loses, and one after it wins again.
func TestClaimJobOnceAmongMany(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
		const n = 12
		for round, at := range []time.Time{t0, t0.Add(24 * time.Hour)} {
			var wg sync.WaitGroup
			won := make([]bool, n)
			errs := make([]error, n)
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					won[i], errs[i] = db.ClaimJobAt(ctx, "retention", fmt.Sprintf("server-%d", i), at, 24*time.Hour)
				}()
			}
			wg.Wait()
			winners := 0
			for i := range n {
				if errs[i] != nil {
					t.Fatalf("round %d: claimer %d: %v", round, i, errs[i])
				}
				if won[i] {
					winners++
				}
			}
			if winners != 1 {
				t.Fatalf("round %d: %d claimers won, want exactly 1", round, winners)
			}
			if ok, err := db.ClaimJobAt(ctx, "retention", "late", at.Add(time.Hour), 24*time.Hour); err != nil || ok {
				t.Fatalf("round %d: a claim an hour later = %v, %v; want false", round, ok, err)
			}
		}
		// Another job's lease is its own.
		if ok, err := db.ClaimJobAt(ctx, "other", "late", t0.Add(time.Hour), 24*time.Hour); err != nil || !ok {
			t.Fatalf("another job's first claim = %v, %v; want true", ok, err)
		}
		if err := db.FinishJobAt(ctx, "other", "late", t0.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
	})
}

// TestApplyRetention: audit entries past retention name a pseudonym instead of their person
// and newer ones are untouched; an account disabled before the cut-off loses its personal
// data and roles, one disabled after it and an active one keep theirs; the run leaves one
// entry of its own; a dry run counts the same and changes nothing; the audit log still
// refuses every other change.
func TestApplyRetention(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mk := func(email string) store.User {
			u, err := db.CreateUser(ctx, store.User{Email: email, Name: email, PasswordHash: "x", Memberships: []store.Membership{{Role: "secretariat"}}})
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		active, oldDisabled, newDisabled := mk("aktiv@example.dk"), mk("gammel@example.dk"), mk("ny@example.dk")
		// The active person changed a record in 2020 and again now.
		as := store.WithActor(ctx, store.Actor{UserID: active.ID, Channel: store.ChannelWeb, Guard: func(context.Context, store.Getter, string, *model.Resource, model.Record, model.Record) error {
			return nil
		}})
		old := time.Date(2020, 3, 1, 12, 0, 0, 0, time.UTC)
		var orgID int64
		if err := db.Tx(as, func(tx *store.Tx) error {
			tx.AsOf(old)
			r, err := tx.Create(as, model.Organisations, model.Record{"kind": "region", "code": "1084", "name_da": "Region Hovedstaden"})
			orgID = r.ID()
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.Tx(as, func(tx *store.Tx) error {
			_, err := tx.Create(as, model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København", "parent_id": orgID})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetDisabled(ctx, oldDisabled.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := db.SetDisabled(ctx, newDisabled.ID, true); err != nil {
			t.Fatal(err)
		}
		// The old one was disabled in 2021 (the column is the store's own; the test dates it).
		if err := db.ExecForTest(ctx, fmt.Sprintf("UPDATE users SET disabled_at = '2021-06-01T00:00:00Z' WHERE id = %d", oldDisabled.ID)); err != nil {
			t.Fatal(err)
		}
		cut := store.RetentionCutoffs{Audit: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), Accounts: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)}
		before, err := db.Audit(ctx, store.AuditQuery{Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		dry, err := db.ApplyRetention(ctx, cut, true)
		if err != nil {
			t.Fatal(err)
		}
		if dry.Accounts != 1 || dry.AuditEntries != 1 || dry.Pseudonyms != 1 {
			t.Fatalf("dry run = %+v; want 1 account, 1 audit entry, 1 pseudonym", dry)
		}
		after, err := db.Audit(ctx, store.AuditQuery{Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(before) != fmt.Sprint(after) {
			t.Fatal("the dry run changed the audit trail")
		}
		if u, err := db.UserByID(ctx, oldDisabled.ID); err != nil || u.Deleted || u.Email != "gammel@example.dk" {
			t.Fatalf("after the dry run the disabled account is %+v, %v; want unchanged", u, err)
		}
		rep, err := db.ApplyRetention(ctx, cut, false)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Accounts != dry.Accounts || rep.AuditEntries != dry.AuditEntries {
			t.Fatalf("run = %+v; the dry run said %+v", rep, dry)
		}
		u, err := db.UserByID(ctx, oldDisabled.ID)
		if err != nil || !u.Deleted || u.Email != fmt.Sprintf("slettet-bruger-%d", oldDisabled.ID) || u.Name != "" || len(u.Memberships) != 0 {
			t.Fatalf("the account disabled before the cut-off is %+v, %v; want its personal data removed", u, err)
		}
		for _, keep := range []store.User{active, newDisabled} {
			u, err := db.UserByID(ctx, keep.ID)
			if err != nil || u.Deleted || u.Email != keep.Email || u.Disabled != (keep.ID == newDisabled.ID) || len(u.Memberships) != 1 {
				t.Fatalf("account %s is %+v, %v; want it untouched", keep.Email, u, err)
			}
		}
		entries, err := db.Audit(ctx, store.AuditQuery{Resource: model.Organisations.Name, Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			old := e.At < "2023"
			switch {
			case old && (e.User == active.Email || !strings.HasPrefix(e.User, "pseudonym-")):
				t.Errorf("entry %d of %s names %q; want a pseudonym", e.ID, e.At, e.User)
			case !old && e.User != active.Email:
				t.Errorf("entry %d of %s names %q; want %s", e.ID, e.At, e.User, active.Email)
			}
		}
		runs, err := db.Audit(ctx, store.AuditQuery{Resource: store.AuditRetention, Limit: store.MaxLimit})
		if err != nil || len(runs) != 1 || runs[0].Channel != store.ChannelSystem || !strings.Contains(runs[0].Summary, "1 disabled accounts") {
			t.Fatalf("the run's own entries: %+v, %v; want one by the system", runs, err)
		}
		// A second run finds nothing more and leaves no entry.
		if rep, err := db.ApplyRetention(ctx, cut, false); err != nil || rep.Total() != 0 {
			t.Fatalf("second run = %+v, %v; want nothing", rep, err)
		}
		// The log stays append-only for everything but the pseudonym.
		if err := db.ExecForTest(ctx, "UPDATE audit_log SET summary = 'x'"); err == nil {
			t.Fatal("the audit log took an update of its summary")
		}
		if err := db.ExecForTest(ctx, fmt.Sprintf("UPDATE audit_log SET user_id = %d WHERE user_id IS NOT NULL", active.ID)); err == nil {
			t.Fatal("the audit log took a change of person to a living account")
		}
	})
}
