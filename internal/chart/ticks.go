package chart

import "math"

// NiceTicks returns evenly spaced "nice" tick values (steps of 1, 2 or 5 ×
// 10^k) covering [lo, hi], using Heckbert's nice-numbers algorithm with
// roughly maxTicks ticks (at least 2). For example NiceTicks(0, 853, 5) is
// [0 200 400 600 800 1000]. The first and last ticks enclose the data. If lo
// equals hi the range is widened; non-finite input yields nil.
func NiceTicks(lo, hi float64, maxTicks int) []float64 {
	if !finite(lo) || !finite(hi) {
		return nil
	}
	if maxTicks < 2 {
		maxTicks = 2
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		if lo == 0 {
			hi = 1
		} else {
			d := math.Abs(lo) * 0.1
			lo, hi = lo-d, hi+d
		}
	}
	rng := niceNum(hi-lo, false)
	step := niceNum(rng/float64(maxTicks-1), true)
	if step <= 0 || !finite(step) {
		return []float64{lo, hi}
	}
	start := math.Floor(lo/step) * step
	end := math.Ceil(hi/step) * step
	n := int(math.Round((end-start)/step)) + 1
	if n > 1000 {
		n = 1000
	}
	dec := -int(math.Floor(math.Log10(step)))
	if dec < 0 {
		dec = 0
	}
	p := math.Pow(10, float64(dec))
	ticks := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		v := start + float64(i)*step
		v = math.Round(v*p) / p
		if v == 0 {
			v = 0
		}
		ticks = append(ticks, v)
	}
	return ticks
}

// niceNum finds a 1, 2, 5 × 10^k number near x; rounded or at least x.
func niceNum(x float64, round bool) float64 {
	if x <= 0 {
		return 0
	}
	exp := math.Floor(math.Log10(x))
	f := x / math.Pow(10, exp)
	var nf float64
	if round {
		switch {
		case f < 1.5:
			nf = 1
		case f < 3:
			nf = 2
		case f < 7:
			nf = 5
		default:
			nf = 10
		}
	} else {
		switch {
		case f <= 1:
			nf = 1
		case f <= 2:
			nf = 2
		case f <= 5:
			nf = 5
		default:
			nf = 10
		}
	}
	return nf * math.Pow(10, exp)
}

// thinLabels chooses which of the labels centred at the ascending positions
// pos (with estimated widths) to show so that none overlap. Indices in must
// (e.g. first, last, target years) are placed first; the remaining labels
// are shown at the smallest regular stride that fits.
func thinLabels(pos, widths []float64, must []int, gap float64) []bool {
	n := len(pos)
	show := make([]bool, n)
	if n == 0 {
		return show
	}
	overlaps := func(i, j int) bool {
		return math.Abs(pos[i]-pos[j]) < (widths[i]+widths[j])/2+gap
	}
	var kept []int
	fits := func(i int, set []int) bool {
		for _, k := range set {
			if k == i || overlaps(i, k) {
				return false
			}
		}
		return true
	}
	for _, i := range must {
		if i >= 0 && i < n && !show[i] && fits(i, kept) {
			show[i] = true
			kept = append(kept, i)
		}
	}
	for stride := 1; stride <= n; stride++ {
		var cand []int
		ok := true
		for i := 0; i < n; i += stride {
			if show[i] {
				continue
			}
			if !fits(i, kept) {
				continue
			}
			if !fits(i, cand) {
				ok = false
				break
			}
			cand = append(cand, i)
		}
		if ok {
			for _, i := range cand {
				show[i] = true
			}
			break
		}
	}
	return show
}
