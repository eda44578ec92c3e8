package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestSessions: a session is found by its cookie until it has been idle or alive too long,
// or its person is disabled; then it is gone.
func TestSessions(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	ctx := context.Background()
	u, err := db.CreateUser(ctx, store.User{Email: "eva@kk.dk", Memberships: []store.Membership{{Role: RoleAdmin}}})
	if err != nil {
		t.Fatal(err)
	}
	start := func(m *Sessions) *http.Request {
		t.Helper()
		w := httptest.NewRecorder()
		if _, err := m.Start(ctx, w, u.ID); err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("GET", "/", nil)
		for _, c := range w.Result().Cookies() {
			r.AddCookie(c)
		}
		return r
	}
	m := &Sessions{DB: db, Secure: true}
	r := start(m)
	c, _ := r.Cookie("__Host-klimaspor_session")
	if c == nil {
		t.Fatal("no __Host- cookie")
	}
	p, token, err := m.Load(ctx, r)
	if err != nil || !p.Signed() || p.User.ID != u.ID || token == "" {
		t.Fatalf("load: %+v %v", p, err)
	}
	if CSRFToken(token) == CSRFToken(NewToken("")) || !CheckCSRF(token, CSRFToken(token)) || CheckCSRF(token, "x") {
		t.Error("form tokens do not follow the session")
	}
	for _, c := range []struct {
		name string
		m    *Sessions
	}{
		{"idle", &Sessions{DB: db, Secure: true, Idle: time.Nanosecond}},
		{"absolute", &Sessions{DB: db, Secure: true, Absolute: time.Nanosecond}},
	} {
		r := start(m)
		time.Sleep(2 * time.Millisecond)
		if p, _, err := c.m.Load(ctx, r); err != nil || p.Signed() {
			t.Errorf("%s: a session past its time loads: %v %v", c.name, p.Signed(), err)
		}
		if p, _, _ := m.Load(ctx, r); p.Signed() {
			t.Errorf("%s: the expired session was not removed", c.name)
		}
	}
	r = start(m)
	if err := db.SetDisabled(ctx, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if p, _, _ := m.Load(ctx, r); p.Signed() {
		t.Error("a disabled person's session loads")
	}
	if _, err := TokenPrincipal(ctx, db, "ks_unknown"); !errors.Is(err, ErrSignIn) {
		t.Errorf("an unknown token: %v", err)
	}
}
