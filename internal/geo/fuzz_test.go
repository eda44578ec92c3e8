package geo

import (
	"math"
	"strings"
	"testing"
)

// FuzzDecodeTopology is the TopoJSON reader. Whatever the file, it answers without panicking,
// and a refusal is the reader's own error ("geo: …"); malformed arcs and arc indices out of
// range are refused. A topology it accepts has a shape for each code, every ring of which
// refers only to arcs that exist, and can be laid out and drawn (buildLayout, the map's own
// path) into SVG paths of finite numbers. The seed corpus (testdata/fuzz/FuzzDecodeTopology)
// holds small valid topologies and broken ones; the embedded map is too large to be a seed.
func FuzzDecodeTopology(f *testing.F) {
	for _, s := range []string{
		`{"type":"Topology","transform":{"scale":[0.5,0.25],"translate":[10,55]},
		 "arcs":[[[2,0],[0,4]], [[2,4],[-2,0],[0,-4],[2,0]], [[2,0],[2,0],[0,4],[-2,0]]],
		 "objects":{"k":{"type":"GeometryCollection","geometries":[
		  {"type":"Polygon","arcs":[[0,1]],"properties":{"kode":"0101","navn":"A & <B>"}},
		  {"type":"MultiPolygon","arcs":[[[2,-1]]],"properties":{"kode":"0147","navn":"C"}}]}}}`,
		`{"type":"Topology","arcs":[[[12.5,55.6],[12.6,55.6],[12.6,55.7],[12.5,55.6]],[[14.9,55.1],[15.1,55.1],[15,55.3],[14.9,55.1]],[[15.18,55.32],[15.19,55.32],[15.18,55.33],[15.18,55.32]]],
		 "objects":{"k":{"type":"GeometryCollection","geometries":[
		  {"type":"Polygon","arcs":[[0]],"properties":{"kode":"0101","navn":"København"}},
		  {"type":"Polygon","arcs":[[1]],"properties":{"kode":"0400","navn":"Bornholm"}},
		  {"type":"Polygon","arcs":[[-3]],"properties":{"kode":"0411","navn":"Christiansø"}}]}}}`,
		`{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"k":{"type":"Polygon","arcs":[[5]],"properties":{"kode":"0101"}}}}`,
		`{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"k":{"type":"Polygon","arcs":[[-2]],"properties":{"kode":"0101"}}}}`,
		`{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"k":{"type":"Polygon","arcs":[[-9223372036854775808]],"properties":{"kode":"0101"}}}}`,
		`{"type":"Topology","arcs":[[[0,0]]],"objects":{"k":{"type":"Polygon","arcs":[[0]],"properties":{"kode":"1"}}}}`,
		`{"type":"Topology","arcs":[[[0],[1,1]]],"objects":{"k":{"type":"Polygon","arcs":[[0]],"properties":{"kode":"1"}}}}`,
		`{"type":"Topology","arcs":[[[1e308,1e308],[-1e308,0],[0,1e308]]],"objects":{"k":{"type":"Polygon","arcs":[[0]],"properties":{"kode":"1"}}}}`,
		`{"type":"Topology","transform":{"scale":[1e308,1e308],"translate":[0,0]},"arcs":[[[1,1],[1,0],[0,1]]],"objects":{"k":{"type":"Polygon","arcs":[[0]],"properties":{"kode":"1"}}}}`,
		`{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"k":{"type":"Polygon","arcs":[[]],"properties":{"kode":"1"}}}}`,
		`{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"k":{"type":"MultiPolygon","arcs":[],"properties":{"kode":"1"}}}}`,
		`{"type":"Topology","arcs":[],"objects":{"k":{"type":"GeometryCollection","geometries":[{"type":"Point","arcs":[0],"properties":{"kode":"1"}}]}}}`,
		`{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"k":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0]],"properties":{"kode":"0101"}},{"type":"Polygon","arcs":[[0]],"properties":{"kode":"101"}}]}}}`,
		`{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"k":{"type":"Polygon","arcs":[[0]],"properties":{}}}}`,
		`{"type":"Topology"}`, `{"type":"Feature"}`, `[]`, `{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"k":[]}}`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tp, err := decodeTopology(data, "k")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "geo: ") {
				t.Errorf("refusal not the reader's own: %v", err)
			}
			return
		}
		var codes []string
		for code, s := range tp.shapes {
			codes = append(codes, code)
			if len(s.polys) == 0 {
				t.Errorf("shape %s accepted without polygons", code)
			}
			for _, poly := range s.polys {
				for _, ring := range poly {
					if len(ring) == 0 {
						t.Errorf("shape %s accepted with an empty ring", code)
					}
					for _, ref := range ring {
						if a := arcIndex(ref); a < 0 || a >= len(tp.arcs) {
							t.Fatalf("shape %s accepted with arc index %d of %d arcs", code, ref, len(tp.arcs))
						}
					}
				}
			}
		}
		if len(codes) > 50 || len(data) > 64<<10 {
			return // drawing is bounded by the map's own size, not by what a fuzzer makes
		}
		l := buildLayout(tp, codes, 600)
		for code, d := range l.paths {
			if strings.Trim(d, "Mlz0123456789.- ") != "" {
				t.Errorf("shape %s drawn as %.200q", code, d)
			}
		}
		if math.IsNaN(l.width) || math.IsNaN(l.height) || math.IsInf(l.width, 0) || math.IsInf(l.height, 0) {
			t.Errorf("layout %v x %v", l.width, l.height)
		}
	})
}
