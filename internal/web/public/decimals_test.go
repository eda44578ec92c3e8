package public

import "testing"

func TestIndValueDecimals(t *testing.T) {
	for v, want := range map[float64]int{228: 0, 2.5: 1, 2.125: 3, 1.23456: 3, 0.000351234: 6, -3.75: 2} {
		if got := indValueDecimals(v); got != want {
			t.Errorf("indValueDecimals(%v) = %d, want %d", v, got, want)
		}
	}
}
