package chart

import (
	"math"
	"strings"
)

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

// axisRange returns the ticks and the axis ends for data in [lo, hi]. The axis ends at the
// outer nice ticks, except on a side where the data reach less than half a step past the
// next tick inwards: there a whole step would be mostly empty (a land-use sector of −1.069 t
// beside 1.200.000 t of emissions stretched the axis to −500.000), so the axis ends just
// beyond the data instead (a twentieth of their span, at most half a step) and the empty
// tick is dropped. At least two ticks are always kept.
func axisRange(lo, hi float64, maxTicks int) (ticks []float64, min, max float64) {
	ticks = NiceTicks(lo, hi, maxTicks)
	if len(ticks) < 2 {
		return ticks, lo, hi
	}
	min, max = ticks[0], ticks[len(ticks)-1]
	step := ticks[1] - ticks[0]
	span := hi - lo
	if span <= 0 || step <= 0 {
		return ticks, min, max
	}
	pad := math.Min(span/20, step/2)
	if len(ticks) > 2 && lo-ticks[0] > step/2 {
		ticks, min = ticks[1:], lo-pad
	}
	if n := len(ticks); n > 2 && ticks[n-1]-hi > step/2 {
		ticks, max = ticks[:n-1], hi+pad
	}
	return ticks, min, max
}

// tickDecimals is the fewest decimals that tell ticks of the given step apart: 0 for a step
// of 1 or more, 1 for 0.5 or 0.2, 2 for 0.05.
func tickDecimals(step float64) int {
	if step <= 0 || !finite(step) || step >= 1 {
		return 0
	}
	d := int(math.Ceil(-math.Log10(step) - 1e-9))
	return int(math.Min(float64(d), 12))
}

// fewestDecimals is the fewest decimals, up to most, that show v exactly: 3 needs none
// and 2.5 one.
func fewestDecimals(v float64, most int) int {
	for k := 0; k < most; k++ {
		p := math.Pow(10, float64(k))
		if math.Abs(math.Round(v*p)/p-v) <= 1e-9*math.Max(1, math.Abs(v)) {
			return k
		}
	}
	return most
}

// decimalPart finds the decimals in a formatted number: the last ',' or '.' that follows a
// digit and is followed by digits only, up to the end or a non-digit (a unit such as " %").
// It returns the mark's index and the number of digits after it; ok is false when s has no
// decimals. In Danish "2.000.000" the last '.' is followed by "000" like decimals would be,
// so the caller decides with the formatter's own decimal count (see Formatter.decimals),
// never from one string alone.
func decimalPart(s string) (mark, digits int, ok bool) {
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	for i := len(s) - 2; i > 0; i-- {
		if (s[i] != ',' && s[i] != '.') || !isDigit(s[i-1]) || !isDigit(s[i+1]) {
			continue
		}
		n := 0
		for i+1+n < len(s) && isDigit(s[i+1+n]) {
			n++
		}
		return i, n, true
	}
	return 0, 0, false
}

// decimals is how many decimals the formatter writes, read from how it formats ½ (which
// no grouping of thousands can confuse): "0,5" is 1, "0,500" 3, "1" or "50 %" 0.
func (f Formatter) decimals() int {
	if _, n, ok := decimalPart(f.format(0.5)); ok {
		return n
	}
	return 0
}

// tickLabels formats the ticks with the fewest decimals each needs (3, not "3,000", which
// reads as three thousand in Danish; "2.000.000", not "2.000.000,0"), and returns the widest
// label's width. The decimals come from the tick step: the data's own Formatter may show
// more. With a DecimalFormatter the labels are formatted with those decimals; without one,
// the Formatter's text is trimmed of decimals that are all zeros, and only when the
// Formatter writes decimals at all (so Danish "3.000", three thousand, stays as it is).
func (f Formatter) tickLabels(ticks []float64, df DecimalFormatter) ([]string, float64) {
	dec := 0
	if len(ticks) > 1 {
		dec = tickDecimals(ticks[1] - ticks[0])
	}
	fd := 0
	if df == nil {
		fd = f.decimals()
	}
	text := make([]string, len(ticks))
	w := 0.0
	for i, t := range ticks {
		k := fewestDecimals(t, dec)
		if df != nil {
			text[i] = df(t, k)
		} else {
			text[i] = trimDecimals(f.format(t), fd, k)
		}
		w = math.Max(w, textWidth(text[i], smallFont))
	}
	return text, w
}

// trimDecimals drops the decimals of s, a number formatted with fd decimals, beyond the
// first keep when they are all zeros, and the decimal mark with them when none are kept.
func trimDecimals(s string, fd, keep int) string {
	if fd == 0 || keep >= fd {
		return s
	}
	mark, n, ok := decimalPart(s)
	if !ok || n != fd {
		return s
	}
	drop := s[mark+1+keep : mark+1+n]
	if strings.Trim(drop, "0") != "" {
		return s
	}
	cut := mark + 1 + keep
	if keep == 0 {
		cut = mark
	}
	return s[:cut] + s[mark+1+n:]
}
