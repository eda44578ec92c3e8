package geo

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
)

//go:embed data/dk_kommuner_dagi_simplified.topo.json
var topoJSON []byte

// topoObject is the name of the object in the embedded topology.
const topoObject = "kommuner-wgs84"

// ChristiansoCode is the code of Christiansø, which belongs to no
// municipality. It has a shape but is not among Codes and is drawn only when
// a subset names it explicitly.
const ChristiansoCode = "411"

// BornholmCode is the code of Bornholm, drawn in an inset together with
// Christiansø when other municipalities are in the same map.
const BornholmCode = "400"

// Projection constants: an equirectangular projection around 56°N with x
// scaled by cos(56°), in kilometres. Over Denmark's 3.2° of latitude the
// scale error is under ±3 %, which is invisible at map size.
const (
	refLat   = 56.0
	refLon   = 11.0
	kmPerDeg = 111.32
)

type pt struct{ x, y float64 }

// shape is one feature: a municipality (or Christiansø).
type shape struct {
	code, name string
	polys      [][][]int // polygons → rings → arc references (negative = ~i, reversed)
	minX, minY float64   // bounding box in projected km (y grows southwards)
	maxX, maxY float64
}

// topology is the decoded, projected embedded TopoJSON.
type topology struct {
	arcs   [][]pt            // projected km, y grows southwards
	lonlat [][]pt            // the same positions as lon/lat degrees
	shapes map[string]*shape // by 3-digit code
	codes  []string          // the 98 municipality codes, sorted
}

var (
	topoOnce sync.Once
	topoData *topology
	topoErr  error
)

// load decodes the embedded topology once.
func load() (*topology, error) {
	topoOnce.Do(func() {
		topoData, topoErr = decodeTopology(topoJSON, topoObject)
	})
	return topoData, topoErr
}

type rawTopology struct {
	Type      string `json:"type"`
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][]float64              `json:"arcs"`
	Objects map[string]json.RawMessage `json:"objects"`
}

type rawGeometry struct {
	Type       string          `json:"type"`
	Arcs       json.RawMessage `json:"arcs"`
	Geometries []rawGeometry   `json:"geometries"`
	Properties struct {
		Kode string `json:"kode"`
		Navn string `json:"navn"`
	} `json:"properties"`
}

// project maps lon/lat degrees to km east/south of (refLon, refLat).
func project(lon, lat float64) pt {
	return pt{
		x: (lon - refLon) * math.Cos(refLat*math.Pi/180) * kmPerDeg,
		y: -(lat - refLat) * kmPerDeg,
	}
}

// shortCode maps the 4-digit DAGI code "0101" to the 3-digit kommunekode "101".
func shortCode(kode string) string {
	if len(kode) == 4 && kode[0] == '0' {
		return kode[1:]
	}
	return kode
}

func decodeTopology(data []byte, object string) (*topology, error) {
	var raw rawTopology
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("geo: decode topology: %w", err)
	}
	if raw.Type != "Topology" {
		return nil, fmt.Errorf("geo: type %q, want Topology", raw.Type)
	}
	t := &topology{shapes: map[string]*shape{}}
	var err error
	if t.lonlat, t.arcs, err = decodeArcs(&raw); err != nil {
		return nil, err
	}

	obj, ok := raw.Objects[object]
	if !ok {
		return nil, fmt.Errorf("geo: topology has no object %q", object)
	}
	var root rawGeometry
	if err := json.Unmarshal(obj, &root); err != nil {
		return nil, fmt.Errorf("geo: decode object %q: %w", object, err)
	}
	geoms := root.Geometries
	if root.Type != "GeometryCollection" {
		geoms = []rawGeometry{root}
	}
	for i, g := range geoms {
		code := shortCode(g.Properties.Kode)
		if code == "" {
			return nil, fmt.Errorf("geo: geometry %d has no kode", i)
		}
		if _, dup := t.shapes[code]; dup {
			return nil, fmt.Errorf("geo: duplicate kode %q", g.Properties.Kode)
		}
		s, err := decodeShape(code, g, t.arcs)
		if err != nil {
			return nil, err
		}
		t.shapes[code] = s
		if code != ChristiansoCode {
			t.codes = append(t.codes, code)
		}
	}
	sort.Strings(t.codes)
	return t, nil
}

// decodeArcs returns the topology's arcs in longitude and latitude, undoing the quantization
// and delta encoding when it has a transform, and projected.
func decodeArcs(raw *rawTopology) (lonlat, arcs [][]pt, err error) {
	lonlat = make([][]pt, len(raw.Arcs))
	arcs = make([][]pt, len(raw.Arcs))
	for i, arc := range raw.Arcs {
		if len(arc) < 2 {
			return nil, nil, fmt.Errorf("geo: arc %d has %d positions", i, len(arc))
		}
		ll := make([]pt, len(arc))
		var qx, qy float64 // running sum of delta-encoded quantized positions
		for j, p := range arc {
			if len(p) < 2 {
				return nil, nil, fmt.Errorf("geo: arc %d position %d has %d coordinates", i, j, len(p))
			}
			if tr := raw.Transform; tr != nil {
				qx += p[0]
				qy += p[1]
				ll[j] = pt{qx*tr.Scale[0] + tr.Translate[0], qy*tr.Scale[1] + tr.Translate[1]}
			} else {
				ll[j] = pt{p[0], p[1]}
			}
			// A position beyond the globe (or an overflowing transform) would lay the map
			// out at an infinite size: refused (FuzzDecodeTopology).
			if !(math.Abs(ll[j].x) <= 180 && math.Abs(ll[j].y) <= 90) {
				return nil, nil, fmt.Errorf("geo: arc %d position %d (%g, %g) is not a longitude and latitude", i, j, ll[j].x, ll[j].y)
			}
		}
		lonlat[i] = ll
		pr := make([]pt, len(ll))
		for j, p := range ll {
			pr[j] = project(p.x, p.y)
		}
		arcs[i] = pr
	}
	return lonlat, arcs, nil
}

// decodeShape returns the shape of the geometry with the code: its polygons as arc
// references into arcs, and its projected bounding box.
func decodeShape(code string, g rawGeometry, arcs [][]pt) (*shape, error) {
	var polys [][][]int
	switch g.Type {
	case "Polygon":
		var p [][]int
		if err := json.Unmarshal(g.Arcs, &p); err != nil {
			return nil, fmt.Errorf("geo: %s: polygon arcs: %w", code, err)
		}
		polys = [][][]int{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Arcs, &polys); err != nil {
			return nil, fmt.Errorf("geo: %s: multipolygon arcs: %w", code, err)
		}
	default:
		return nil, fmt.Errorf("geo: %s: unsupported geometry type %q", code, g.Type)
	}
	s := &shape{code: code, name: g.Properties.Navn, polys: polys,
		minX: math.Inf(1), minY: math.Inf(1), maxX: math.Inf(-1), maxY: math.Inf(-1)}
	for _, poly := range polys {
		for _, ring := range poly {
			if len(ring) == 0 {
				return nil, fmt.Errorf("geo: %s: empty ring", code)
			}
			for _, ref := range ring {
				a := arcIndex(ref)
				if a < 0 || a >= len(arcs) {
					return nil, fmt.Errorf("geo: %s: arc index %d out of range", code, ref)
				}
				for _, p := range arcs[a] {
					s.minX, s.maxX = math.Min(s.minX, p.x), math.Max(s.maxX, p.x)
					s.minY, s.maxY = math.Min(s.minY, p.y), math.Max(s.maxY, p.y)
				}
			}
		}
	}
	if len(polys) == 0 {
		return nil, fmt.Errorf("geo: %s: no polygons", code)
	}
	return s, nil
}

// arcIndex resolves a TopoJSON arc reference: negative i means arc ~i reversed.
func arcIndex(ref int) int {
	if ref < 0 {
		return ^ref
	}
	return ref
}

// ringPoints returns a ring's positions (from arcs, lon/lat or projected),
// dropping the first position of each arc after the first (it repeats the
// previous arc's last). keep, if not nil, selects positions per arc.
func ringPoints(arcs [][]pt, ring []int, keep [][]bool) []pt {
	var out []pt
	for k, ref := range ring {
		a := arcIndex(ref)
		pts := arcs[a]
		n := len(pts)
		for j := 0; j < n; j++ {
			idx := j
			if ref < 0 {
				idx = n - 1 - j
			}
			if k > 0 && j == 0 {
				continue
			}
			if keep != nil && !keep[a][idx] {
				continue
			}
			out = append(out, pts[idx])
		}
	}
	return out
}

// douglasPeucker marks in keep the positions of pts[i:j+1] needed to stay
// within tol of the original line. pts[i] and pts[j] are kept by the caller.
func douglasPeucker(pts []pt, keep []bool, i, j int, tol float64) {
	for j > i+1 {
		a, b := pts[i], pts[j]
		dx, dy := b.x-a.x, b.y-a.y
		l := math.Hypot(dx, dy)
		far, best := -1, tol
		for k := i + 1; k < j; k++ {
			p := pts[k]
			var d float64
			if l == 0 {
				d = math.Hypot(p.x-a.x, p.y-a.y)
			} else {
				d = math.Abs(dy*(p.x-a.x)-dx*(p.y-a.y)) / l
			}
			if d > best {
				far, best = k, d
			}
		}
		if far < 0 {
			return
		}
		keep[far] = true
		douglasPeucker(pts, keep, i, far, tol)
		i = far // tail call on the second half
	}
}

// Codes returns the 3-digit codes of the 98 municipalities, sorted.
// Christiansø (ChristiansoCode) is not among them.
func Codes() []string {
	t, err := load()
	if err != nil {
		return nil
	}
	return append([]string(nil), t.codes...)
}

// Names returns the names of the 98 municipalities by 3-digit code, from the
// boundary data (e.g. "101" → "København").
func Names() map[string]string {
	t, err := load()
	if err != nil {
		return nil
	}
	m := make(map[string]string, len(t.codes))
	for _, c := range t.codes {
		m[c] = t.shapes[c].name
	}
	return m
}

// Name returns the name of the municipality (or Christiansø) with the given
// 3-digit code.
func Name(code string) (string, bool) {
	t, err := load()
	if err != nil {
		return "", false
	}
	s, ok := t.shapes[code]
	if !ok {
		return "", false
	}
	return s.name, true
}

// CapitalRegionCodes returns the 29 municipalities of Region Hovedstaden,
// Bornholm included.
func CapitalRegionCodes() []string {
	return []string{"101", "147", "151", "153", "155", "157", "159", "161", "163", "165",
		"167", "169", "173", "175", "183", "185", "187", "190", "201", "210", "217", "219",
		"223", "230", "240", "250", "260", "270", "400"}
}

// Centroid returns the area-weighted centroid of a municipality's shape in
// WGS84 longitude and latitude (computed in the projected plane).
func Centroid(code string) (lon, lat float64, ok bool) {
	t, err := load()
	if err != nil {
		return 0, 0, false
	}
	s, found := t.shapes[code]
	if !found {
		return 0, 0, false
	}
	var area, cx, cy float64
	for _, poly := range s.polys {
		for k, ring := range poly {
			p := ringPoints(t.arcs, ring, nil)
			var ra, rx, ry float64
			for i := range p {
				a, b := p[i], p[(i+1)%len(p)]
				c := a.x*b.y - b.x*a.y
				ra += c
				rx += (a.x + b.x) * c
				ry += (a.y + b.y) * c
			}
			// Orientation-independent: exterior rings add, holes subtract.
			sign := 1.0
			if (ra < 0) != (k > 0) {
				sign = -1
			}
			area += sign * ra
			cx += sign * rx
			cy += sign * ry
		}
	}
	if area == 0 {
		return 0, 0, false
	}
	cx /= 3 * area
	cy /= 3 * area
	lat = refLat - cy/kmPerDeg
	lon = refLon + cx/(math.Cos(refLat*math.Pi/180)*kmPerDeg)
	return lon, lat, true
}

// errUnknown reports codes without a shape.
func errUnknown(codes []string) error {
	return errors.New("geo: unknown municipality code(s): " + strings.Join(codes, ", "))
}
