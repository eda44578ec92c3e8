package geo

import (
	"math"
	"sort"
	"strings"
)

// ipt is a position snapped to the grid (multiples of gridTenths tenths).
type ipt struct{ x, y int32 }

// Simplification works on the projected map, per group of codes drawn with
// one transform:
//
//  1. Every ring position is snapped to a fine grid. Snapping is a function
//     of the position alone, so neighbours' shared borders stay identical,
//     and it collapses the slivers where the source's borders differ by a
//     quantum (those split its arcs into ~2-point pieces, which defeats
//     per-arc simplification).
//  2. The snapped rings form a graph; vertices where other than two
//     distinct edges meet are junctions and are kept.
//  3. Each chain of edges between junctions (or closed loop without one) is
//     simplified once with Douglas–Peucker, and every ring keeps exactly the
//     chain vertices kept there, so neighbours keep sharing borders.
//  4. Rings are filtered, cleaned of spikes, and dropped when smaller than
//     minRingArea.
func groupPaths(t *topology, codes []string, tr transform) map[string]string {
	g := float64(gridTenths) / 10
	rings := snapRings(t, codes, tr, g)
	keep := keptVertices(rings, simplifyTol/g)
	return ringPaths(t, codes, tr, g, rings, keep)
}

// codeRing is one ring of a code's shape, snapped to the grid.
type codeRing struct {
	code string
	pts  []ipt
}

// snapRings returns the codes' rings snapped to the grid of g units (step 1), in code order,
// leaving out those that collapse to fewer than 3 positions.
func snapRings(t *topology, codes []string, tr transform, g float64) []codeRing {
	var rings []codeRing
	for _, c := range codes {
		for _, poly := range t.shapes[c].polys {
			for _, ring := range poly {
				src := ringPoints(t.arcs, ring, nil)
				q := make([]ipt, 0, len(src))
				for _, p := range src {
					v := tr.apply(p)
					q = append(q, ipt{int32(math.Round(v.x / g)), int32(math.Round(v.y / g))})
				}
				if q = cleanRing(q); len(q) >= 3 {
					rings = append(rings, codeRing{c, q})
				}
			}
		}
	}
	return rings
}

// ringGraph is the graph of distinct neighbouring positions of the snapped rings (step 2),
// with what the simplification of its chains has visited and kept (step 3).
type ringGraph struct {
	nb    map[ipt][]ipt
	seen  map[ringEdge]bool
	keep  map[ipt]bool
	tol   float64
	path  []pt
	flags []bool
}

type ringEdge struct{ a, b ipt }

// keptVertices returns the positions the simplification with tolerance tol (in grid units)
// keeps: the junctions and the chain vertices Douglas–Peucker keeps.
func keptVertices(rings []codeRing, tol float64) map[ipt]bool {
	gr := ringGraph{nb: map[ipt][]ipt{}, seen: map[ringEdge]bool{}, keep: map[ipt]bool{}, tol: tol}
	for _, r := range rings {
		for i, a := range r.pts {
			b := r.pts[(i+1)%len(r.pts)]
			gr.link(a, b)
			gr.link(b, a)
		}
	}
	verts := make([]ipt, 0, len(gr.nb))
	for v := range gr.nb {
		verts = append(verts, v)
	}
	sort.Slice(verts, func(i, j int) bool {
		if verts[i].x != verts[j].x {
			return verts[i].x < verts[j].x
		}
		return verts[i].y < verts[j].y
	})
	for _, v := range verts {
		if !gr.junction(v) {
			continue
		}
		gr.keep[v] = true
		for _, n := range gr.nb[v] {
			if !gr.seen[ringEdge{v, n}] {
				gr.walk(v, n)
			}
		}
	}
	// Closed loops without junctions (islands): start at their least vertex.
	for _, v := range verts {
		if !gr.junction(v) && !gr.seen[ringEdge{v, gr.nb[v][0]}] {
			gr.keep[v] = true
			gr.walk(v, gr.nb[v][0])
		}
	}
	return gr.keep
}

func (gr *ringGraph) link(a, b ipt) {
	for _, x := range gr.nb[a] {
		if x == b {
			return
		}
	}
	gr.nb[a] = append(gr.nb[a], b)
}

// junction reports whether other than two distinct edges meet at v.
func (gr *ringGraph) junction(v ipt) bool { return len(gr.nb[v]) != 2 }

func (gr *ringGraph) mark(a, b ipt) { gr.seen[ringEdge{a, b}], gr.seen[ringEdge{b, a}] = true, true }

// walk follows degree-2 vertices from start via next until a junction
// or a visited edge, then simplifies the path.
func (gr *ringGraph) walk(start, next ipt) {
	chain := []ipt{start}
	prev, cur := start, next
	gr.mark(prev, cur)
	for {
		chain = append(chain, cur)
		if gr.junction(cur) || cur == start {
			break
		}
		n := gr.nb[cur][0]
		if n == prev {
			n = gr.nb[cur][1]
		}
		if gr.seen[ringEdge{cur, n}] {
			break
		}
		gr.mark(cur, n)
		prev, cur = cur, n
	}
	path := gr.path[:0]
	for _, v := range chain {
		path = append(path, pt{float64(v.x), float64(v.y)})
	}
	flags := append(gr.flags[:0], make([]bool, len(path))...)
	gr.path, gr.flags = path, flags
	last := len(path) - 1
	flags[0], flags[last] = true, true
	if path[0] == path[last] {
		far, best := 0, -1.0
		for i, p := range path {
			if d := math.Hypot(p.x-path[0].x, p.y-path[0].y); d > best {
				far, best = i, d
			}
		}
		flags[far] = true
		douglasPeucker(path, flags, 0, far, gr.tol)
		douglasPeucker(path, flags, far, last, gr.tol)
	} else {
		douglasPeucker(path, flags, 0, last, gr.tol)
	}
	for i, f := range flags {
		if f {
			gr.keep[chain[i]] = true
		}
	}
}

// ringPaths writes each code's path from its rings reduced to the kept vertices (step 4),
// so that every code has a shape: the largest unsimplified ring when every ring vanished,
// a dot when none survived snapping.
func ringPaths(t *topology, codes []string, tr transform, g float64, rings []codeRing, keep map[ipt]bool) map[string]string {
	var sb strings.Builder
	out := map[string]string{}
	cur := ""
	var largest []ipt // the code's largest ring before simplification
	var largestArea float64
	flush := func() {
		if cur != "" && sb.Len() == 0 {
			// Every ring vanished (Christiansø at country scale): draw the
			// largest unsimplified one, or a dot, so each code has a shape.
			if len(largest) < 3 {
				largest = dotRing(t, cur, tr, g)
			}
			writeRing(&sb, largest)
		}
		if cur != "" {
			out[cur] = sb.String()
		}
		sb.Reset()
		largest, largestArea = nil, 0
	}
	var q []ipt
	for _, r := range rings {
		if r.code != cur {
			flush()
			cur = r.code
		}
		if a := ringArea(r.pts); a > largestArea {
			largest, largestArea = r.pts, a
		}
		q = q[:0]
		for _, v := range r.pts {
			if keep[v] {
				q = append(q, v)
			}
		}
		q = cleanRing(q)
		if len(q) < 3 || ringArea(q)*g*g < minRingArea {
			continue
		}
		writeRing(&sb, q)
	}
	flush()
	for _, c := range codes {
		if out[c] == "" { // no ring survived snapping
			writeRing(&sb, dotRing(t, c, tr, g))
			out[c] = sb.String()
			sb.Reset()
		}
	}
	return out
}

// writeRing writes the closed ring q as an SVG path in tenths of viewBox units.
func writeRing(sb *strings.Builder, q []ipt) {
	w := numWriter{b: sb}
	sb.WriteByte('M')
	w.num(int(q[0].x) * gridTenths)
	w.num(int(q[0].y) * gridTenths)
	sb.WriteByte('l')
	w.prev = ""
	for i := 1; i < len(q); i++ {
		w.num(int(q[i].x-q[i-1].x) * gridTenths)
		w.num(int(q[i].y-q[i-1].y) * gridTenths)
	}
	sb.WriteByte('z')
}

// dotRing returns a small square at the centre of code's bounding box, on the grid of g
// units.
func dotRing(t *topology, code string, tr transform, g float64) []ipt {
	s := t.shapes[code]
	c := tr.apply(pt{(s.minX + s.maxX) / 2, (s.minY + s.maxY) / 2})
	x, y := int32(math.Round(c.x/g)), int32(math.Round(c.y/g))
	d := int32(math.Max(1, math.Round(0.5/g)))
	return []ipt{{x - d, y - d}, {x + d, y - d}, {x + d, y + d}, {x - d, y + d}}
}

// ringArea returns the unsigned area of a ring in grid units².
func ringArea(q []ipt) float64 {
	var a2 float64
	for i := range q {
		j := (i + 1) % len(q)
		a2 += float64(q[i].x)*float64(q[j].y) - float64(q[j].x)*float64(q[i].y)
	}
	return math.Abs(a2) / 2
}

// cleanRing removes repeated positions and spikes (A→B→A) from a closed
// ring, including across its closing point. It reuses q's storage.
func cleanRing(q []ipt) []ipt {
	s := q[:0]
	for _, p := range q {
		n := len(s)
		switch {
		case n > 0 && s[n-1] == p:
		case n > 1 && s[n-2] == p:
			s = s[:n-1]
		default:
			s = append(s, p)
		}
	}
	for {
		n := len(s)
		switch {
		case n < 3:
			return s
		case s[n-1] == s[0]:
			s = s[:n-1]
		case s[n-1] == s[1]: // s[0] is a spike tip
			s = s[1 : n-1]
		case s[n-2] == s[0]: // s[n-1] is a spike tip
			s = s[:n-2]
		default:
			return s
		}
	}
}
