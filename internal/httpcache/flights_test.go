package httpcache

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// waitCallers waits until n callers are in f.Do; a test that never gets there fails
// rather than hangs.
func waitCallers[V any](t *testing.T, f *Flights[V], n int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for f.Callers() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d callers in Do, want %d", f.Callers(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

type outcome struct {
	v   string
	ok  bool
	err error
	p   any
}

// start calls f.Do for key on its own goroutine with fn, and reports what it answered.
func start(f *Flights[string], ctx context.Context, key string, fn func(context.Context) (string, bool)) <-chan outcome {
	ch := make(chan outcome, 1)
	go func() {
		var o outcome
		defer func() {
			o.p = recover()
			ch <- o
		}()
		o.v, o.ok, o.err = f.Do(ctx, key, fn)
	}()
	return ch
}

// TestFlightsShare: callers who arrive while a render runs get its result, made once; a
// caller of another key is not held up by it.
func TestFlightsShare(t *testing.T) {
	var f Flights[string]
	var runs atomic.Int64
	gate := make(chan struct{})
	fn := func(context.Context) (string, bool) {
		runs.Add(1)
		<-gate
		return "page", true
	}
	var outs []<-chan outcome
	for range 16 {
		outs = append(outs, start(&f, context.Background(), "v1 /a", fn))
	}
	waitCallers(t, &f, 16)
	other, _, _ := f.Do(context.Background(), "v2 /a", func(context.Context) (string, bool) { return "newer", true })
	if other != "newer" {
		t.Errorf("another key's caller got %q", other)
	}
	close(gate)
	for _, ch := range outs {
		if o := <-ch; o.v != "page" || !o.ok || o.err != nil || o.p != nil {
			t.Errorf("caller got %+v", o)
		}
	}
	if n := runs.Load(); n != 1 {
		t.Errorf("%d renders for 16 callers, want 1", n)
	}
}

// TestFlightsDoNotShareWhatIsNotShareable: the render's own caller gets an unshareable
// result; the waiters get nothing and render for themselves; and a panic reaches the
// caller that rendered and no one else.
func TestFlightsDoNotShareWhatIsNotShareable(t *testing.T) {
	for _, c := range []struct {
		name  string
		panic bool
	}{{"unshareable", false}, {"panic", true}} {
		t.Run(c.name, func(t *testing.T) {
			var f Flights[string]
			gate := make(chan struct{})
			var mu sync.Mutex
			leaders := 0
			fn := func(context.Context) (string, bool) {
				mu.Lock()
				leaders++
				mu.Unlock()
				<-gate
				if c.panic {
					panic("render failed")
				}
				return "private", false
			}
			var outs []<-chan outcome
			for range 8 {
				outs = append(outs, start(&f, context.Background(), "k", fn))
			}
			waitCallers(t, &f, 8)
			close(gate)
			led, waited := 0, 0
			for _, ch := range outs {
				o := <-ch
				switch {
				case c.panic && o.p != nil:
					led++
					if fp, ok := o.p.(*FlightPanic); !ok || fp.Value != "render failed" || len(fp.Stack) == 0 {
						t.Errorf("the leader panicked with %#v", o.p)
					}
				case !c.panic && o.ok && o.v == "private":
					led++
				case !o.ok && o.v == "" && o.err == nil && o.p == nil:
					waited++
				default:
					t.Errorf("caller got %+v", o)
				}
			}
			if leaders != 1 || led != 1 || waited != 7 {
				t.Errorf("%d renders, %d answered by their own, %d told to render; want 1, 1, 7", leaders, led, waited)
			}
		})
	}
}

// TestFlightsOutliveTheLeadersClient: the caller whose render runs hangs up; the render
// goes on with a context that is not cancelled, and the waiters get its result.
func TestFlightsOutliveTheLeadersClient(t *testing.T) {
	var f Flights[string]
	gate := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	var renderErr error
	leader := start(&f, ctx, "k", func(ctx context.Context) (string, bool) {
		<-gate
		renderErr = ctx.Err()
		return "page", true
	})
	waitCallers(t, &f, 1)
	waiter := start(&f, context.Background(), "k", func(context.Context) (string, bool) {
		t.Error("a second render")
		return "", false
	})
	waitCallers(t, &f, 2)
	cancel()
	if o := <-leader; !errors.Is(o.err, context.Canceled) || o.ok {
		t.Errorf("the leader whose client left got %+v", o)
	}
	close(gate)
	if o := <-waiter; o.v != "page" || !o.ok || o.err != nil {
		t.Errorf("the waiter got %+v", o)
	}
	if renderErr != nil {
		t.Errorf("the render's context ended: %v", renderErr)
	}
}
