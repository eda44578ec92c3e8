package cli

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"klimaspor/internal/store"
)

// TestRetentionCommandDryRunChangesNothing: with a disabled account past a one-day retention
// (the setting is 1m: a minute), the dry run says it would remove one account and leaves it
// whole; the real run removes it. A setting that is not a duration is refused.
func TestRetentionCommandDryRunChangesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "k.db")
	db, err := open(ctx, Config{DBPath: path})
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateUser(ctx, store.User{Email: "gone@kk.dk", Name: "Gone", Memberships: []store.Membership{{Role: "secretariat"}}})
	if err == nil {
		err = db.SetDisabled(ctx, u.ID, true)
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	// Disabled in 2020: the store dates it now, so the test dates it back in the file.
	raw, err := sql.Open("sqlite", path)
	if err == nil {
		_, err = raw.Exec("UPDATE users SET disabled_at = '2020-01-01T00:00:00Z'")
		raw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"KLIMASPOR_ACCOUNT_RETENTION": "1y"}
	cmd := func(args ...string) (int, string, string) {
		e, out, errOut := testEnv(vars)
		code := run(ctx, e, append([]string{"retention", "--db", path}, args...))
		return code, out.String(), errOut.String()
	}
	user := func() store.User {
		db, err := store.Open(ctx, store.Config{Path: path})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		u, err := db.UserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	if code, out, errOut := cmd("--dry-run"); code != 0 || !strings.Contains(out, "dry run") || !strings.Contains(out, "1 disabled accounts") {
		t.Fatalf("dry run: %d %q %q", code, out, errOut)
	}
	if u := user(); u.Deleted || u.Email != "gone@kk.dk" {
		t.Fatalf("after the dry run the account is %+v", u)
	}
	if code, out, errOut := cmd(); code != 0 || !strings.Contains(out, "1 disabled accounts") {
		t.Fatalf("run: %d %q %q", code, out, errOut)
	}
	if u := user(); !u.Deleted || u.Email == "gone@kk.dk" {
		t.Fatalf("after the run the account is %+v", u)
	}
	vars["KLIMASPOR_AUDIT_RETENTION"] = "five years"
	if code, _, errOut := cmd("--dry-run"); code == 0 || !strings.Contains(errOut, "KLIMASPOR_AUDIT_RETENTION") {
		t.Fatalf("a bad setting: %d %q", code, errOut)
	}
}
