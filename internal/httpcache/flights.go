package httpcache

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync/atomic"

	"golang.org/x/sync/singleflight"
)

// Flights coalesces concurrent cache misses. Right after a write the data version rises and
// every page misses the cache; without this, each client that asks for a page before the
// first render is kept renders it too (64 clients, 64 identical renders, all slowed down by
// each other). With it, the first caller of a key renders and the others wait for its
// answer.
//
// The caller's key must hold everything the cache's key holds and the data version, so
// that only callers who would all have been served the same cache entry share a render;
// a caller who read a newer version has another key and renders afresh. Only an answer the
// cache would keep and serve to everyone is shared: fn says whether its result is, and when
// it is not (an error, a cookie, a panic) each waiter renders for itself.
type Flights[V any] struct {
	g       singleflight.Group
	callers atomic.Int64
}

// flight is what one render leaves for its callers.
type flight[V any] struct {
	v        V
	share    bool
	panicked any
	stack    []byte
}

// FlightPanic is what the caller that led a flight panics with when its render panicked:
// the render ran on a goroutine of its own, so its stack is kept here.
type FlightPanic struct {
	Value any
	Stack []byte
}

func (p *FlightPanic) Error() string {
	return fmt.Sprintf("%v (in a coalesced render)\n\n%s", p.Value, p.Stack)
}

// Do runs fn once for all the callers of key who arrive while it runs.
//
// fn runs on a goroutine of its own, with a context that keeps the leading caller's values
// but not its cancellation: a client that hangs up does not spoil the render the others
// wait for. It returns its result and whether that result may be shared.
//
// Do's answers: ok is true when v is this caller's answer, either because this caller's
// own fn made it or because it was shareable. ok is false when this caller must render
// for itself: the flight it joined made an answer that is not to be shared, or panicked.
// err is set, and nothing else, when the caller's own context ended while it waited. When
// the caller's own fn panicked, Do panics with a *FlightPanic (or http.ErrAbortHandler as
// it is), as a render in the caller's goroutine would have.
func (f *Flights[V]) Do(ctx context.Context, key string, fn func(context.Context) (V, bool)) (v V, ok bool, err error) {
	f.callers.Add(1)
	defer f.callers.Add(-1)
	led := false // set only by this caller's fn, read after its result arrives
	detached := context.WithoutCancel(ctx)
	ch := f.g.DoChan(key, func() (res any, _ error) {
		led = true
		fl := &flight[V]{}
		res = fl
		defer func() {
			// singleflight would crash the process on a panic in a DoChan flight; the
			// caller that led it panics instead, and the waiters render for themselves.
			if p := recover(); p != nil {
				fl.panicked, fl.stack, fl.share = p, debug.Stack(), false
				// The caller that led it re-raises the panic, unless its client has left:
				// then nobody would, so it is logged here for the operator.
				if ctx.Err() != nil && p != http.ErrAbortHandler {
					slog.Error("httpcache: a render whose client had left panicked", "key", key, "panic", fmt.Sprint(p), "stack", string(fl.stack))
				}
			}
		}()
		fl.v, fl.share = fn(detached)
		return fl, nil
	})
	select {
	case <-ctx.Done():
		var zero V
		return zero, false, ctx.Err()
	case r := <-ch:
		fl := r.Val.(*flight[V])
		if led {
			if fl.panicked != nil {
				if fl.panicked == http.ErrAbortHandler {
					panic(http.ErrAbortHandler)
				}
				panic(&FlightPanic{Value: fl.panicked, Stack: fl.stack})
			}
			return fl.v, true, nil
		}
		if fl.panicked != nil || !fl.share {
			var zero V
			return zero, false, nil
		}
		return fl.v, true, nil
	}
}

// Callers is how many callers are in Do now, leading a flight or waiting for one.
func (f *Flights[V]) Callers() int64 { return f.callers.Load() }
