package geo

import (
	"encoding/xml"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// municipalityCodes are the 98 3-digit kommunekoder (shared/data/dk/municipalities.csv).
var municipalityCodes = strings.Fields(`101 147 151 153 155 157 159 161 163 165 167 169 173 175
183 185 187 190 201 210 217 219 223 230 240 250 253 259 260 265 269 270 306 316 320 326 329
330 336 340 350 360 370 376 390 400 410 420 430 440 450 461 479 480 482 492 510 530 540 550
561 563 573 575 580 607 615 621 630 657 661 665 671 706 707 710 727 730 740 741 746 751 756
760 766 773 779 787 791 810 813 820 825 840 846 849 851 860`)

func TestDecodeEmbedded(t *testing.T) {
	tp, err := load()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(tp.shapes); got != 99 {
		t.Errorf("features = %d, want 99", got)
	}
	if diff := cmp.Diff(municipalityCodes, Codes()); diff != "" {
		t.Errorf("Codes() (-want +got):\n%s", diff)
	}
	names := Names()
	for _, c := range municipalityCodes {
		s := tp.shapes[c]
		if s == nil || names[c] == "" {
			t.Errorf("code %s: no shape or name", c)
			continue
		}
		if len(ringPoints(tp.arcs, s.polys[0][0], nil)) < 4 {
			t.Errorf("code %s: degenerate first ring", c)
		}
	}
	for code, want := range map[string]string{"101": "København", "400": "Bornholm", "851": "Aalborg", ChristiansoCode: "Christiansø"} {
		if got, ok := Name(code); !ok || got != want {
			t.Errorf("Name(%q) = %q, %v; want %q", code, got, ok, want)
		}
	}
	if _, ok := names[ChristiansoCode]; ok {
		t.Error("Names() includes Christiansø")
	}
}

func TestDecodeSynthetic(t *testing.T) {
	// Two squares sharing arc 0 (the second uses it reversed), quantized
	// with a transform and delta-encoded; the second is a MultiPolygon.
	const src = `{"type":"Topology",
	 "transform":{"scale":[0.5,0.25],"translate":[10,55]},
	 "arcs":[[[2,0],[0,4]], [[2,4],[-2,0],[0,-4],[2,0]], [[2,0],[2,0],[0,4],[-2,0]]],
	 "objects":{"k":{"type":"GeometryCollection","geometries":[
	  {"type":"Polygon","arcs":[[0,1]],"properties":{"kode":"0101","navn":"A & <B>"}},
	  {"type":"MultiPolygon","arcs":[[[2,-1]]],"properties":{"kode":"0147","navn":"C"}}]}}}`
	tp, err := decodeTopology([]byte(src), "k")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		code string
		want []pt
	}{
		{"101", []pt{{11, 55}, {11, 56}, {10, 56}, {10, 55}, {11, 55}}},
		{"147", []pt{{11, 55}, {12, 55}, {12, 56}, {11, 56}, {11, 55}}},
	}
	for _, tc := range tests {
		s := tp.shapes[tc.code]
		if s == nil {
			t.Fatalf("no shape %s", tc.code)
		}
		got := ringPoints(tp.lonlat, s.polys[0][0], nil)
		if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(pt{})); diff != "" {
			t.Errorf("%s ring (-want +got):\n%s", tc.code, diff)
		}
	}
	if tp.shapes["101"].name != "A & <B>" {
		t.Errorf("name = %q", tp.shapes["101"].name)
	}
	for _, bad := range []string{`{"type":"Feature"}`, `{"type":"Topology","arcs":[],"objects":{}}`,
		`{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"k":{"type":"Polygon","arcs":[[5]],"properties":{"kode":"0101"}}}}`} {
		if _, err := decodeTopology([]byte(bad), "k"); err == nil {
			t.Errorf("decodeTopology(%s): no error", bad)
		}
	}
}

func TestCentroids(t *testing.T) {
	kbhLon, kbhLat, ok1 := Centroid("101")
	balLon, _, ok2 := Centroid("151") // Ballerup
	if !ok1 || !ok2 {
		t.Fatal("no centroid")
	}
	if kbhLon <= balLon {
		t.Errorf("København lon %.3f not east of Ballerup %.3f", kbhLon, balLon)
	}
	if math.Abs(kbhLon-12.57) > 0.1 || math.Abs(kbhLat-55.67) > 0.1 {
		t.Errorf("København centroid %.3f,%.3f, want near 12.57,55.67", kbhLon, kbhLat)
	}
	bLon, _, _ := Centroid("400")
	if bLon < 14.6 || bLon > 15.2 {
		t.Errorf("Bornholm centroid lon %.3f", bLon)
	}
}

func TestLayoutInset(t *testing.T) {
	tp, _ := load()
	tests := []struct {
		name      string
		codes     []string
		wantInset []string
	}{
		{"capital", CapitalRegionCodes(), []string{"400"}},
		{"denmark", nil, []string{"400"}},
		{"bornholm alone", []string{"400"}, nil},
		{"bornholm and christiansø", []string{"400", "411", "101"}, []string{"400", "411"}},
		{"no bornholm", []string{"101", "147"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			codes, err := normalizeCodes(tp, tc.codes)
			if err != nil {
				t.Fatal(err)
			}
			l := buildLayout(tp, codes, defaultWidth)
			if diff := cmp.Diff(tc.wantInset, l.inset); diff != "" {
				t.Fatalf("inset (-want +got):\n%s", diff)
			}
			if len(l.paths) != len(codes) {
				t.Errorf("%d paths for %d codes", len(l.paths), len(codes))
			}
			f := l.insetFrame
			for _, c := range codes {
				inInset := false
				for _, ic := range l.inset {
					inInset = inInset || ic == c
				}
				for _, p := range pathPoints(t, l.paths[c]) {
					if p.x < 0 || p.y < 0 || p.x > l.width || p.y > l.height {
						t.Fatalf("%s: point %v outside %gx%g", c, p, l.width, l.height)
					}
					if len(l.inset) > 0 && f.contains(p) != inInset {
						t.Fatalf("%s: point %v in inset frame %v = %v", c, p, f, !inInset)
					}
				}
			}
		})
	}
}

// pathPoints returns the absolute positions of path data made of M, l and z.
func pathPoints(t *testing.T, d string) []pt {
	t.Helper()
	var out []pt
	num := regexp.MustCompile(`-?(\d+\.?\d*|\.\d+)`)
	for _, seg := range regexp.MustCompile(`M[^M]*`).FindAllString(d, -1) {
		parts := strings.SplitN(strings.TrimSuffix(seg[1:], "z"), "l", 2)
		var nums []float64
		for _, p := range parts {
			for _, s := range num.FindAllString(p, -1) {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatal(err)
				}
				nums = append(nums, v)
			}
		}
		if len(nums) < 6 || len(nums)%2 != 0 {
			t.Fatalf("bad ring %q", seg)
		}
		cur := pt{nums[0], nums[1]}
		out = append(out, cur)
		for i := 2; i < len(nums); i += 2 {
			cur = pt{cur.x + nums[i], cur.y + nums[i+1]}
			out = append(out, cur)
		}
	}
	return out
}

// node is a parsed XML element.
type node struct {
	name     string
	attrs    map[string]string
	text     string
	children []*node
}

func parseXML(t *testing.T, s string) *node {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	dec.Strict = true
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &node{name: tk.Name.Local, attrs: map[string]string{}}
			for _, a := range tk.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root == nil {
				root = n
			} else {
				t.Fatal("more than one root element")
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tk)
			}
		}
	}
	if root == nil {
		t.Fatal("no root element")
	}
	return root
}

func (n *node) all(name string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		if m.name == name {
			out = append(out, m)
		}
		for _, c := range m.children {
			walk(c)
		}
	}
	walk(n)
	return out
}

func TestChoropleth(t *testing.T) {
	tests := []struct {
		name     string
		codes    []string
		wantN    int
		maxBytes int
		inset    bool
	}{
		{"capital", CapitalRegionCodes(), 29, 60_000, true},
		{"denmark", nil, 98, 120_000, true},
		{"with christiansø", append(CapitalRegionCodes(), "411"), 30, 60_000, true},
		{"two", []string{"0101", "147"}, 2, 60_000, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := sampleOptions(tc.codes)
			o.Title = `Udledning <script>alert("x")</script> & co`
			o.NoDataLabel = "Ingen data <ukendt>"
			missing := 0
			wantCodes := tc.codes
			if wantCodes == nil {
				wantCodes = Codes()
			}
			for _, c := range wantCodes {
				if len(c) == 4 {
					c = c[1:]
				}
				if _, ok := o.Values[c]; !ok {
					missing++
				}
			}
			if tc.name == "two" {
				o.Values = map[string]float64{"101": 3}
				missing = 1
				o.Breaks = []float64{0, 5, 10}
			}
			out, err := Choropleth(o)
			if err != nil {
				t.Fatal(err)
			}
			s := string(out)
			if len(s) > tc.maxBytes {
				t.Errorf("size %d > %d", len(s), tc.maxBytes)
			}
			again, _ := Choropleth(o)
			if string(again) != s {
				t.Error("output not deterministic")
			}
			if strings.Contains(s, "<script") || strings.Contains(s, "style=") {
				t.Error("script or inline style in output")
			}

			root := parseXML(t, s)
			if root.name != "svg" || root.attrs["role"] != "img" {
				t.Fatalf("root %s role=%q", root.name, root.attrs["role"])
			}
			ids := map[string]*node{}
			for _, n := range root.all("*") {
				_ = n
			}
			var index func(*node)
			index = func(n *node) {
				if id := n.attrs["id"]; id != "" {
					if ids[id] != nil {
						t.Errorf("duplicate id %q", id)
					}
					ids[id] = n
				}
				for _, c := range n.children {
					index(c)
				}
			}
			index(root)
			title := ids[root.attrs["aria-labelledby"]]
			desc := ids[root.attrs["aria-describedby"]]
			if title == nil || title.name != "title" || title.text != o.Title {
				t.Errorf("aria-labelledby does not point to the title: %+v", title)
			}
			if desc == nil || desc.name != "desc" || desc.text != o.Description {
				t.Errorf("aria-describedby does not point to the desc: %+v", desc)
			}
			if root.children[0] != title {
				t.Error("<title> is not the first child")
			}

			paths := map[string]*node{}
			hatched := 0
			for _, p := range root.all("path") {
				c := p.attrs["data-code"]
				if paths[c] != nil {
					t.Errorf("two paths for %s", c)
				}
				paths[c] = p
				if p.attrs["fill"] == "url(#m-nodata)" {
					hatched++
				}
				ts := p.all("title")
				name, _ := Name(c)
				if len(ts) != 1 || !strings.HasPrefix(ts[0].text, name+": ") {
					t.Errorf("%s: tooltip %v", c, ts)
				}
				if p.attrs["d"] == "" {
					t.Errorf("%s: empty path", c)
				}
			}
			if len(paths) != tc.wantN {
				t.Errorf("%d paths, want %d", len(paths), tc.wantN)
			}
			if hatched != missing {
				t.Errorf("%d hatched, want %d", hatched, missing)
			}
			if ids["m-nodata"] == nil || ids["m-nodata"].name != "pattern" {
				t.Error("no hatch pattern")
			}
			if p := paths["101"]; p != nil && p.attrs["stroke-width"] == "" {
				t.Error("highlighted 101 has no outline")
			}

			var legend *node
			for _, g := range root.all("g") {
				if g.attrs["class"] == "geo-legend" {
					legend = g
				}
			}
			if legend == nil {
				t.Fatal("no legend")
			}
			var texts []string
			for _, x := range legend.all("text") {
				texts = append(texts, x.text)
			}
			k := len(o.Breaks) - 1
			if len(legend.all("rect")) != k+1 || len(texts) != k+2 {
				t.Errorf("legend has %d swatches, texts %q; want %d classes + no data", len(legend.all("rect")), texts, k)
			}
			if texts[len(texts)-1] != o.NoDataLabel {
				t.Errorf("last legend entry %q", texts[len(texts)-1])
			}
			if want := o.Format(o.Breaks[0]) + "–" + o.Format(o.Breaks[1]); texts[1] != want {
				t.Errorf("first class label %q, want %q", texts[1], want)
			}

			insets := 0
			for _, g := range root.all("g") {
				if g.attrs["class"] == "geo-inset" {
					insets++
					if len(g.all("path")) == 0 || g.all("path")[0].attrs["data-code"] != "400" {
						t.Error("Bornholm not in the inset")
					}
				}
			}
			if (insets == 1) != tc.inset {
				t.Errorf("%d insets, want inset %v", insets, tc.inset)
			}
			if tc.name == "denmark" || tc.name == "capital" {
				t.Logf("%s: %d bytes", tc.name, len(s))
			}
		})
	}
}

func TestChoroplethErrors(t *testing.T) {
	base := sampleOptions(CapitalRegionCodes())
	tests := []struct {
		name string
		mod  func(*Options)
	}{
		{"bad id", func(o *Options) { o.ID = `x"y` }},
		{"empty id", func(o *Options) { o.ID = "" }},
		{"unknown code", func(o *Options) { o.Codes = []string{"101", "999"} }},
		{"no breaks", func(o *Options) { o.Breaks = nil }},
		{"descending breaks", func(o *Options) { o.Breaks = []float64{3, 2, 1} }},
		{"palette size", func(o *Options) { o.Palette = []string{"#000"} }},
		{"javascript link", func(o *Options) { o.Href = func(string) string { return "javascript:alert(1)" } }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := base
			tc.mod(&o)
			if _, err := Choropleth(o); err == nil {
				t.Error("Choropleth: no error")
			}
			if _, err := Table(o); err == nil {
				t.Error("Table: no error")
			}
		})
	}
}

func TestTable(t *testing.T) {
	o := sampleOptions(nil)
	o.Caption = "Tabel: <udledning>"
	delete(o.Values, "851")
	out, err := Table(o)
	if err != nil {
		t.Fatal(err)
	}
	root := parseXML(t, string(out))
	if c := root.all("caption"); len(c) != 1 || c[0].text != o.Caption {
		t.Errorf("caption %v", c)
	}
	if ths := root.all("thead")[0].all("th"); len(ths) != 3 || ths[0].text != "Kommune" {
		t.Errorf("headers %v", ths)
	}
	rows := root.all("tbody")[0].all("tr")
	if len(rows) != 98 {
		t.Fatalf("%d rows", len(rows))
	}
	var names []string
	for _, r := range rows {
		a := r.all("a")
		if len(a) != 1 || a[0].attrs["href"] != "/kommuner/"+r.attrs["data-code"] {
			t.Errorf("row %s: link %v", r.attrs["data-code"], a)
			continue
		}
		names = append(names, a[0].text)
		tds := r.all("td")
		if r.attrs["data-code"] == "851" && (tds[0].text != o.NoDataLabel || tds[1].text != "") {
			t.Errorf("Aalborg without data: %q %q", tds[0].text, tds[1].text)
		}
	}
	// Danish order: … Vordingborg, Ærø, Aabenraa, Aalborg, Aarhus.
	if diff := cmp.Diff([]string{"Vordingborg", "Ærø", "Aabenraa", "Aalborg", "Aarhus"}, names[93:]); diff != "" {
		t.Errorf("order of last rows (-want +got):\n%s", diff)
	}
	if names[0] != "Albertslund" {
		t.Errorf("first row %q", names[0])
	}
}

func TestBreaks(t *testing.T) {
	vals := func(xs ...float64) map[string]float64 {
		m := map[string]float64{}
		for i, x := range xs {
			m[strconv.Itoa(i)] = x
		}
		return m
	}
	tests := []struct {
		name string
		f    func(map[string]float64, int) []float64
		in   map[string]float64
		k    int
		want []float64
	}{
		{"quantile 0..10", QuantileBreaks, vals(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 5, []float64{0, 2, 4, 6, 8, 10}},
		{"quantile ties", QuantileBreaks, vals(1, 1, 1, 1, 1, 1, 2), 5, []float64{1, 2}},
		{"quantile single", QuantileBreaks, vals(3), 5, []float64{0, 5}},
		{"quantile all equal", QuantileBreaks, vals(200, 200, 200), 5, []float64{0, 500}},
		{"quantile NaN ignored", QuantileBreaks, vals(math.NaN(), 0, 4), 2, []float64{0, 2, 4}},
		{"quantile empty", QuantileBreaks, vals(), 5, nil},
		{"nice 0..10", NiceBreaks, vals(0, 10), 5, []float64{0, 2, 4, 6, 8, 10}},
		{"nice 1.3..9.7", NiceBreaks, vals(1.3, 9.7), 5, []float64{0, 2, 4, 6, 8, 10}},
		{"nice 0.12..0.93", NiceBreaks, vals(0.12, 0.93), 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{"nice 3.1..17.6", NiceBreaks, vals(3.1, 17.6), 5, []float64{0, 5, 10, 15, 20, 25}},
		{"nice negative", NiceBreaks, vals(-4, 4), 4, []float64{-4, -2, 0, 2, 4}},
		{"nice constant", NiceBreaks, vals(5, 5), 5, []float64{2, 4, 6, 8, 10, 12}},
		{"nice empty", NiceBreaks, vals(), 5, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.f(tc.in, tc.k)
			if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for _, v := range tc.in {
				if c := ClassOf(v, got); !math.IsNaN(v) && len(got) > 1 && (c < 0 || c >= len(got)-1) {
					t.Errorf("ClassOf(%g) = %d", v, c)
				}
			}
		})
	}
	classes := []struct {
		v    float64
		want int
	}{{-1, 0}, {0, 0}, {1.99, 0}, {2, 1}, {9.9, 4}, {10, 4}, {11, 4}, {math.NaN(), -1}}
	for _, c := range classes {
		if got := ClassOf(c.v, []float64{0, 2, 4, 6, 8, 10}); got != c.want {
			t.Errorf("ClassOf(%g) = %d, want %d", c.v, got, c.want)
		}
	}
}

// relLuminance is the WCAG relative luminance of #rrggbb.
func relLuminance(t *testing.T, hex string) float64 {
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		c := float64(v) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l
}

func TestPaletteMonotoneLightness(t *testing.T) {
	for k := 2; k <= 7; k++ {
		p := SequentialPalette(k)
		if len(p) != k {
			t.Fatalf("k=%d: %d colours", k, len(p))
		}
		for i := 1; i < k; i++ {
			if relLuminance(t, p[i]) >= relLuminance(t, p[i-1]) {
				t.Errorf("k=%d: %s not darker than %s", k, p[i], p[i-1])
			}
		}
	}
}
