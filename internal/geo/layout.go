package geo

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Layout parameters, in viewBox units.
const (
	defaultWidth = 480.0
	mapPad       = 4.0  // margin around the main map
	insetPad     = 5.0  // margin inside the inset frame
	insetGap     = 10.0 // gap between main map and an inset placed beside it
	gridTenths   = 2    // positions are snapped to a grid of 0.2 units
	simplifyTol  = 0.3  // Douglas–Peucker tolerance
	minRingArea  = 1.0  // rings smaller than this (units²) after simplification are dropped
)

// insetFracs are the inset's maximum size as fractions of the map width,
// tried in order in the top-right corner before the inset is placed beside
// the map.
var insetFracs = []float64{0.28, 0.22}

// rect is an axis-aligned rectangle in viewBox units.
type rect struct{ x, y, w, h float64 }

func (r rect) contains(p pt) bool {
	return p.x >= r.x && p.x <= r.x+r.w && p.y >= r.y && p.y <= r.y+r.h
}

// layout is the projected, simplified geometry of one subset at one width.
type layout struct {
	width, height float64           // size of the map area (legend excluded)
	paths         map[string]string // SVG path data by code
	main, inset   []string          // codes drawn in the main map and the inset, sorted
	insetFrame    rect              // valid when len(inset) > 0
	insetBeside   bool              // inset placed right of the map, not over its corner
}

var (
	layoutMu    sync.Mutex
	layoutCache = map[string]*layout{}
)

const maxCachedLayouts = 64

// getLayout returns the cached layout for the sorted, validated codes.
func getLayout(t *topology, codes []string, width float64) *layout {
	key := strconv.FormatFloat(width, 'g', -1, 64) + ":" + strings.Join(codes, ",")
	layoutMu.Lock()
	l, ok := layoutCache[key]
	layoutMu.Unlock()
	if ok {
		return l
	}
	l = buildLayout(t, codes, width)
	layoutMu.Lock()
	if len(layoutCache) < maxCachedLayouts {
		layoutCache[key] = l
	}
	layoutMu.Unlock()
	return l
}

// transform maps projected km to viewBox units.
type transform struct {
	scale, ox, oy float64 // viewBox = (km - origin)*scale + offset
	minX, minY    float64
}

func (tr transform) apply(p pt) pt {
	return pt{tr.ox + (p.x-tr.minX)*tr.scale, tr.oy + (p.y-tr.minY)*tr.scale}
}

func bbox(t *topology, codes []string) (minX, minY, maxX, maxY float64) {
	minX, minY, maxX, maxY = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, c := range codes {
		s := t.shapes[c]
		minX, minY = math.Min(minX, s.minX), math.Min(minY, s.minY)
		maxX, maxY = math.Max(maxX, s.maxX), math.Max(maxY, s.maxY)
	}
	return
}

func isInsetCode(c string) bool { return c == BornholmCode || c == ChristiansoCode }

// buildLayout fits codes into a map of the given width: the main map fills
// the width; Bornholm and Christiansø, if drawn with others, go in an inset
// in the top-right corner, or beside the map when the corner is not empty.
func buildLayout(t *topology, codes []string, width float64) *layout {
	l := &layout{paths: map[string]string{}}
	for _, c := range codes {
		if isInsetCode(c) {
			l.inset = append(l.inset, c)
		} else {
			l.main = append(l.main, c)
		}
	}
	if len(l.main) == 0 {
		l.main, l.inset = l.inset, nil
	}

	minX, minY, maxX, maxY := bbox(t, l.main)
	bw, bh := math.Max(maxX-minX, 1e-9), math.Max(maxY-minY, 1e-9)
	scale := (width - 2*mapPad) / bw
	main := transform{scale: scale, ox: mapPad, oy: mapPad, minX: minX, minY: minY}
	l.width = width
	l.height = math.Ceil(bh*scale + 2*mapPad)

	var ins transform
	if len(l.inset) > 0 {
		iMinX, iMinY, iMaxX, iMaxY := bbox(t, l.inset)
		ibw, ibh := math.Max(iMaxX-iMinX, 1e-9), math.Max(iMaxY-iMinY, 1e-9)
		fit := func(frac float64) (transform, rect) {
			max := frac * width
			s := math.Min(scale, math.Min((max-2*insetPad)/ibw, (max-2*insetPad)/ibh))
			w, h := ibw*s+2*insetPad, ibh*s+2*insetPad
			r := rect{x: width - 1 - w, y: 1, w: w, h: h}
			return transform{scale: s, ox: r.x + insetPad, oy: r.y + insetPad, minX: iMinX, minY: iMinY}, r
		}
		placed := false
		for _, frac := range insetFracs {
			tr, r := fit(frac)
			if r.h < l.height-2 && !overlaps(t, l.main, main, rect{r.x - 3, r.y, r.w + 3, r.h + 3}) {
				ins, l.insetFrame, placed = tr, r, true
				break
			}
		}
		if !placed {
			tr, r := fit(insetFracs[0])
			dx := width + insetGap - r.x
			tr.ox += dx
			r.x += dx
			ins, l.insetFrame, l.insetBeside = tr, r, true
			l.width = math.Ceil(r.x + r.w + 1)
			l.height = math.Max(l.height, math.Ceil(r.y+r.h+1))
		}
	}

	for c, d := range groupPaths(t, l.main, main) {
		l.paths[c] = d
	}
	if len(l.inset) > 0 {
		for c, d := range groupPaths(t, l.inset, ins) {
			l.paths[c] = d
		}
	}
	return l
}

// overlaps reports whether any boundary position of codes falls in r.
func overlaps(t *topology, codes []string, tr transform, r rect) bool {
	for _, c := range codes {
		for _, poly := range t.shapes[c].polys {
			for _, ring := range poly {
				for _, p := range ringPoints(t.arcs, ring, nil) {
					if r.contains(tr.apply(p)) {
						return true
					}
				}
			}
		}
	}
	return false
}

// numWriter writes numbers in tenths compactly: no leading zero, no
// separator before a minus sign or before ".5" after a number that already
// has a decimal point (valid SVG path grammar).
type numWriter struct {
	b    *strings.Builder
	prev string
}

func (w *numWriter) num(tenths int) {
	s := tenthsString(tenths)
	if w.prev != "" {
		sep := true
		if s[0] == '-' || (s[0] == '.' && strings.Contains(w.prev, ".")) {
			sep = false
		}
		if sep {
			w.b.WriteByte(' ')
		}
	}
	w.b.WriteString(s)
	w.prev = s
}

func tenthsString(n int) string {
	neg := n < 0
	if neg {
		n = -n
	}
	ip, fp := n/10, n%10
	var s string
	switch {
	case fp == 0:
		s = strconv.Itoa(ip)
	case ip == 0:
		s = "." + strconv.Itoa(fp)
	default:
		s = strconv.Itoa(ip) + "." + strconv.Itoa(fp)
	}
	if neg && n != 0 {
		s = "-" + s
	}
	return s
}

// normalizeCodes validates, deduplicates and sorts a subset. An empty subset
// means the 98 municipalities.
func normalizeCodes(t *topology, codes []string) ([]string, error) {
	if len(codes) == 0 {
		return append([]string(nil), t.codes...), nil
	}
	seen := map[string]bool{}
	var out, unknown []string
	for _, c := range codes {
		if len(c) == 4 && c[0] == '0' {
			c = c[1:]
		}
		if seen[c] {
			continue
		}
		seen[c] = true
		if _, ok := t.shapes[c]; !ok {
			unknown = append(unknown, c)
			continue
		}
		out = append(out, c)
	}
	if len(unknown) > 0 {
		return nil, errUnknown(unknown)
	}
	sort.Strings(out)
	return out, nil
}
