package api

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestColdAnswersRunOnce: many clients that miss the answer cache together on one read
// cause one run of its handler, and all get the same answer; a write while that run is held
// raises the data version, and a read after the write does not wait for the old run but
// answers with the new data, which the old run does not push out of the cache. On both
// engines.
func TestColdAnswersRunOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		s := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "test")
		const path = "/api/v1/organisations"
		var runs atomic.Int64
		// The first run of each phase is held until the test opens the phase's gate.
		type phase struct {
			gate chan struct{}
			once sync.Once
		}
		var cur atomic.Pointer[phase]
		newPhase := func() {
			ph := &phase{gate: make(chan struct{})}
			cur.Store(ph)
			t.Cleanup(func() { ph.once.Do(func() { close(ph.gate) }) })
		}
		open := func() { ph := cur.Load(); ph.once.Do(func() { close(ph.gate) }) }
		newPhase()
		// The route table's list of organisations, wrapped as Handler wraps it, with its
		// runs counted and the first held until the test lets it go.
		mux := http.NewServeMux()
		for _, rt := range s.routes {
			if rt.Method != "GET" || rt.Pattern != path {
				continue
			}
			h := rt.h
			mux.Handle("GET "+path, s.wrap(s.cachedGET(func(w http.ResponseWriter, r *http.Request) error {
				if runs.Add(1) == 1 {
					<-cur.Load().gate
				}
				return h(w, r)
			})))
		}
		srv := httptest.NewServer(s.middleware(mux))
		defer srv.Close()
		type answer struct {
			status int
			etag   string
			body   string
			err    error
		}
		get := func() answer {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				return answer{err: err}
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			return answer{resp.StatusCode, resp.Header.Get("ETag"), string(b), err}
		}
		getAll := func(n int) <-chan answer {
			out := make(chan answer, n)
			for range n {
				go func() { out <- get() }()
			}
			return out
		}
		waitFlight := func(n int64) {
			deadline := time.Now().Add(20 * time.Second)
			for s.flights.Callers() != n {
				if time.Now().After(deadline) {
					t.Fatalf("%d requests wait for the run, want %d", s.flights.Callers(), n)
				}
				time.Sleep(time.Millisecond)
			}
		}

		const n = 16
		answers := getAll(n)
		waitFlight(n)
		open()
		first := <-answers
		if first.err != nil || first.status != 200 || len(first.body) < 512 || first.etag == "" {
			t.Fatalf("first answer: %d %v, %d bytes, ETag %q", first.status, first.err, len(first.body), first.etag)
		}
		for range n - 1 {
			if a := <-answers; a.err != nil || a.status != 200 || a.body != first.body || a.etag != first.etag {
				t.Errorf("an answer differs: %d %v, ETag %q (want %q)", a.status, a.err, a.etag, first.etag)
			}
		}
		if got := runs.Load(); got != 1 {
			t.Errorf("%d runs for %d clients, want 1", got, n)
		}

		// A write while a run is held.
		newPhase()
		runs.Store(0)
		p, err := db.List(ctx, model.Organisations, model.ListQuery{Limit: 1})
		if err != nil || len(p.Items) == 0 {
			t.Fatalf("list organisations: %v", err)
		}
		// A first write makes the cached answer old, so the next reads miss together.
		org, err := db.Update(ctx, model.Organisations, p.Items[0].ID(), p.Items[0].Version(), model.Record{"name_en": "Før"})
		if err != nil {
			t.Fatal(err)
		}
		old := getAll(3)
		waitFlight(3)
		const name = "Navn skrevet mens svaret blev til"
		if _, err := db.Update(ctx, model.Organisations, org.ID(), org.Version(), model.Record{"name_en": name}); err != nil {
			t.Fatal(err)
		}
		fresh := get()
		if fresh.status != 200 || !strings.Contains(fresh.body, name) || runs.Load() != 2 {
			t.Fatalf("after the write: %d, shows the new name: %v, %d runs (want 2)", fresh.status, strings.Contains(fresh.body, name), runs.Load())
		}
		open()
		for range 3 {
			if a := <-old; a.err != nil || a.status != 200 {
				t.Errorf("a read from before the write: %d %v", a.status, a.err)
			}
		}
		if a := get(); !strings.Contains(a.body, name) || a.etag != fresh.etag || runs.Load() != 2 {
			t.Errorf("after both runs: shows the new name %v, ETag %q (want %q), %d runs (want 2)", strings.Contains(a.body, name), a.etag, fresh.etag, runs.Load())
		}
	})
}
