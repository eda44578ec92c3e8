package geo

import (
	"fmt"
	"math"
	"sort"
)

// DefaultClasses is the number of classes the break helpers aim for.
const DefaultClasses = 5

// QuantileBreaks returns class edges (ascending, length k+1, from the
// minimum to the maximum) that put about the same number of values in each
// of k classes. NaN and infinite values are ignored. Repeated edges are
// merged, so fewer than k classes may result when many values are equal.
// It returns nil when there is no finite value.
func QuantileBreaks(values map[string]float64, k int) []float64 {
	v := finiteSorted(values)
	if len(v) == 0 || k < 1 {
		return nil
	}
	if v[0] == v[len(v)-1] {
		// One value everywhere (every municipality with 200 actions) is one class around it.
		return NiceBreaks(values, 1)
	}
	edges := []float64{v[0]}
	for i := 1; i < k; i++ {
		// Type-7 quantile (linear interpolation), as in R and NumPy's default.
		h := float64(len(v)-1) * float64(i) / float64(k)
		lo := int(math.Floor(h))
		q := v[lo]
		if lo+1 < len(v) {
			q += (h - float64(lo)) * (v[lo+1] - v[lo])
		}
		if q > edges[len(edges)-1] {
			edges = append(edges, q)
		}
	}
	if last := v[len(v)-1]; last > edges[len(edges)-1] || len(edges) == 1 {
		edges = append(edges, last)
	}
	return edges
}

// NiceBreaks returns k equal-interval classes with a "nice" step (1, 2, 2.5
// or 5 times a power of ten) whose edges are multiples of the step and cover
// all values: length k+1, ascending. NaN and infinite values are ignored.
// It returns nil when there is no finite value.
func NiceBreaks(values map[string]float64, k int) []float64 {
	v := finiteSorted(values)
	if len(v) == 0 || k < 1 {
		return nil
	}
	lo, hi := v[0], v[len(v)-1]
	if hi == lo {
		if lo == 0 {
			hi = 1
		} else {
			d := math.Abs(lo) * 0.5
			lo, hi = lo-d, hi+d
		}
	}
	step := niceStep((hi - lo) / float64(k))
	for i := 0; i < 60; i++ {
		start := math.Floor(lo/step) * step
		if start+float64(k)*step >= hi-1e-9*step {
			edges := make([]float64, k+1)
			for j := range edges {
				edges[j] = roundTo(start+float64(j)*step, step)
			}
			return edges
		}
		step = niceStep(step * 1.0001)
	}
	return nil
}

// niceStep returns the smallest 1, 2, 2.5 or 5 × 10^n that is >= x.
func niceStep(x float64) float64 {
	if x <= 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x*(1-1e-12) {
			return m * p
		}
	}
	return 10 * p
}

// roundTo removes floating-point noise from a multiple of step.
func roundTo(x, step float64) float64 {
	d := math.Max(0, -math.Floor(math.Log10(step))+2)
	f := math.Pow(10, d)
	return math.Round(x*f) / f
}

func finiteSorted(values map[string]float64) []float64 {
	v := make([]float64, 0, len(values))
	for _, x := range values {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			v = append(v, x)
		}
	}
	sort.Float64s(v)
	return v
}

// ClassOf returns the class (0-based) of v for the ascending edges, or -1
// when v is NaN or there are fewer than two edges. Class i covers
// [edges[i], edges[i+1]); the last class also includes its upper edge.
// Values outside the edges go to the first or last class.
func ClassOf(v float64, edges []float64) int {
	n := len(edges) - 1
	if n < 1 || math.IsNaN(v) {
		return -1
	}
	for i := 1; i < n; i++ {
		if v < edges[i] {
			return i - 1
		}
	}
	return n - 1
}

// viridis anchors at 0, 0.25, 0.5, 0.75 and 1 (the published viridis
// colour map, CC0), from dark to light. Its lightness rises monotonically, so
// classes stay ordered in greyscale and for the common colour-vision
// deficiencies.
var viridis = [][3]float64{
	{0x44, 0x01, 0x54},
	{0x3b, 0x52, 0x8b},
	{0x21, 0x91, 0x8c},
	{0x5e, 0xc9, 0x62},
	{0xfd, 0xe7, 0x25},
}

// SequentialPalette returns k colours (#rrggbb) from light (low values) to
// dark (high values), sampled from viridis.
func SequentialPalette(k int) []string {
	if k < 1 {
		return nil
	}
	out := make([]string, k)
	for i := range out {
		// Light to dark; t=1 is the lightest end.
		tt := 1.0
		if k > 1 {
			tt = 1 - float64(i)/float64(k-1)
		}
		// Stay off the extreme ends a little, so the lightest class is not
		// too close to the page and the darkest not black.
		tt = 0.04 + tt*0.92
		pos := tt * float64(len(viridis)-1)
		j := int(math.Floor(pos))
		if j >= len(viridis)-1 {
			j = len(viridis) - 2
		}
		f := pos - float64(j)
		a, b := viridis[j], viridis[j+1]
		out[i] = fmt.Sprintf("#%02x%02x%02x",
			int(math.Round(a[0]+(b[0]-a[0])*f)),
			int(math.Round(a[1]+(b[1]-a[1])*f)),
			int(math.Round(a[2]+(b[2]-a[2])*f)))
	}
	return out
}
