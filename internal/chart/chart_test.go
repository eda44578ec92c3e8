package chart

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// daFormat formats like Danish locale with the given decimals: 1.234,5.
func daFormat(dec int) Formatter {
	return func(v float64) string {
		s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
		intPart, frac, _ := strings.Cut(s, ".")
		var b strings.Builder
		for i, r := range intPart {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteByte('.')
			}
			b.WriteRune(r)
		}
		out := b.String()
		if frac != "" {
			out += "," + frac
		}
		if v < 0 && strings.Trim(out, "0.,") != "" {
			out = "−" + out
		}
		return out
	}
}

func pctFormat(v float64) string { return strconv.FormatFloat(math.Round(v), 'f', 0, 64) + " %" }

type elem struct {
	name  string
	attrs map[string]string
	text  string
}

func (e elem) hasClass(c string) bool {
	for _, f := range strings.Fields(e.attrs["class"]) {
		if f == c {
			return true
		}
	}
	return false
}

// parse checks that s is well-formed XML and returns its elements in
// document order.
func parse(t *testing.T, s string) []elem {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	var out []elem
	var stack []int
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, s)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := elem{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			out = append(out, e)
			stack = append(stack, len(out)-1)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				out[stack[len(stack)-1]].text += string(tok)
			}
		}
	}
	return out
}

func count(es []elem, class string) int {
	n := 0
	for _, e := range es {
		if e.hasClass(class) {
			n++
		}
	}
	return n
}

// checkRoot verifies the accessible root: role, aria-labelledby, title, desc.
func checkRoot(t *testing.T, es []elem, id, title, desc string) {
	t.Helper()
	if len(es) == 0 || es[0].name != "svg" {
		t.Fatalf("root is not svg")
	}
	r := es[0]
	if r.attrs["role"] != "img" {
		t.Errorf("role = %q", r.attrs["role"])
	}
	if want := id + "-title " + id + "-desc"; r.attrs["aria-labelledby"] != want {
		t.Errorf("aria-labelledby = %q, want %q", r.attrs["aria-labelledby"], want)
	}
	if r.attrs["width"] != "100%" || r.attrs["viewBox"] == "" {
		t.Errorf("width/viewBox = %q/%q", r.attrs["width"], r.attrs["viewBox"])
	}
	if es[1].name != "title" || es[1].attrs["id"] != id+"-title" || es[1].text != title {
		t.Errorf("title element = %+v", es[1])
	}
	if es[2].name != "desc" || es[2].attrs["id"] != id+"-desc" || es[2].text != desc {
		t.Errorf("desc element = %+v", es[2])
	}
	for _, e := range es {
		if e.name == "script" || e.name == "foreignObject" {
			t.Errorf("forbidden element %s", e.name)
		}
		for k := range e.attrs {
			if strings.HasPrefix(strings.ToLower(k), "on") {
				t.Errorf("event handler attribute %s", k)
			}
		}
		if e.name == "text" {
			size := 14.0
			if fs, ok := e.attrs["font-size"]; ok {
				size, _ = strconv.ParseFloat(fs, 64)
			}
			if size < 12 {
				t.Errorf("text %q has font-size %v < 12", e.text, size)
			}
		}
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 853, 5, []float64{0, 200, 400, 600, 800, 1000}},
		{0, 1, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{-120, 450, 5, []float64{-200, 0, 200, 400, 600}},
		{1.05, 1.2, 5, []float64{1.05, 1.1, 1.15, 1.2}},
		{853, 0, 5, []float64{0, 200, 400, 600, 800, 1000}},
		{0, 0, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{5, 5, 5, []float64{4.4, 4.6, 4.8, 5, 5.2, 5.4, 5.6}},
		{0, 12345, 5, []float64{0, 5000, 10000, 15000}},
		{-3.2, -0.4, 5, []float64{-4, -3, -2, -1, 0}},
		{math.NaN(), 1, 5, nil},
		{0, math.Inf(1), 5, nil},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.lo, "_", tc.hi), func(t *testing.T) {
			got := NiceTicks(tc.lo, tc.hi, tc.n)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("NiceTicks(%v, %v) mismatch (-want +got):\n%s", tc.lo, tc.hi, diff)
			}
		})
	}
}

func TestThinLabels(t *testing.T) {
	var pos, w []float64
	for i := 0; i < 34; i++ { // 1990..2023 in 400 px
		pos = append(pos, float64(i)*12)
		w = append(w, 30)
	}
	show := thinLabels(pos, w, []int{0, 33}, 8)
	if !show[0] || !show[33] {
		t.Errorf("first/last not shown: %v", show)
	}
	last := -1
	n := 0
	for i, s := range show {
		if !s {
			continue
		}
		n++
		if last >= 0 && pos[i]-pos[last] < 38 {
			t.Errorf("labels %d and %d overlap", last, i)
		}
		last = i
	}
	if n < 5 {
		t.Errorf("only %d labels shown", n)
	}
	// Few labels: all shown.
	show = thinLabels([]float64{0, 100, 200}, []float64{30, 30, 30}, []int{0, 2}, 8)
	if diff := cmp.Diff([]bool{true, true, true}, show); diff != "" {
		t.Error(diff)
	}
}

func years(from int, vals ...float64) []Point {
	var ps []Point
	for i, v := range vals {
		ps = append(ps, Point{X: strconv.Itoa(from + i), Y: v})
	}
	return ps
}

// emissionsChart is a line chart with everything: two series with gaps, a baseline and
// labelled targets.
func emissionsChart() LineChart {
	return LineChart{
		Meta: Meta{ID: "co2", Title: "Udledning", Desc: "Udledningen falder", NoData: "Ingen data", Missing: "–"},
		Series: []Series{
			{Name: "Kommunen", Points: years(2015, 900, 853, 820, 790, 760, 700)},
			{Name: "Landsgennemsnit", Points: years(2015, 950, 930, math.NaN(), 880, math.Inf(1), 820)},
		},
		Baseline:    &Reference{Label: "Basisår 1990", X: "1990", Y: 1200},
		Targets:     []Target{{X: "2050", Y: 0, Label: "0"}, {X: "2030", Y: 360, Label: "−70 %"}},
		TargetLabel: "Mål",
		XLabel:      "År",
		YLabel:      "ton CO₂e",
		Format:      daFormat(0),
	}
}

func TestLine(t *testing.T) {
	base := emissionsChart()
	noBase := base
	noBase.Baseline, noBase.Targets = nil, nil
	empty := base
	empty.Series = []Series{{Name: "x", Points: years(2020, math.NaN())}}
	empty.Targets, empty.Baseline = nil, nil
	none := LineChart{Meta: Meta{ID: "e", Title: "T", Desc: "D", NoData: "Ingen data"}}
	categorical := LineChart{
		Meta:   Meta{ID: "cat", Title: "T", Desc: "D"},
		Series: []Series{{Name: "s", Points: []Point{{"jan", 1}, {"feb", 2}, {"mar", -1}}}},
	}

	tests := []struct {
		name                       string
		c                          LineChart
		points, targets, baselines int
		noData                     bool
	}{
		{"full", base, 6 + 4, 2, 1, false},
		{"no targets", noBase, 10, 0, 0, false},
		{"all NaN", empty, 0, 0, 0, true},
		{"no series", none, 0, 0, 0, true},
		{"categorical", categorical, 3, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := string(Line(tc.c))
			es := parse(t, out)
			checkRoot(t, es, tc.c.ID, tc.c.Title, tc.c.Desc)
			if got := count(es, "chart-point"); got != tc.points {
				t.Errorf("points = %d, want %d", got, tc.points)
			}
			if got := count(es, "chart-target"); got != tc.targets {
				t.Errorf("targets = %d, want %d", got, tc.targets)
			}
			if got := count(es, "chart-baseline"); got != tc.baselines {
				t.Errorf("baselines = %d, want %d", got, tc.baselines)
			}
			if got := count(es, "chart-nodata") == 1; got != tc.noData {
				t.Errorf("no-data shown = %v, want %v", got, tc.noData)
			}
			if out != string(Line(tc.c)) {
				t.Error("output not deterministic")
			}
			if strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
				t.Error("output contains NaN/Inf")
			}
		})
	}

	// The full chart shows the y ticks formatted by the caller's formatter
	// and the x axis in numeric order (1990 left of 2015 left of 2050).
	es := parse(t, string(Line(base)))
	texts := map[string]float64{}
	for _, e := range es {
		if e.name == "text" {
			x, _ := strconv.ParseFloat(e.attrs["x"], 64)
			texts[e.text] = x
		}
	}
	for _, want := range []string{"1.000", "500", "0", "Kommunen", "Mål", "Basisår 1990", "ton CO₂e", "−70 %"} {
		if _, ok := texts[want]; !ok {
			t.Errorf("missing text %q", want)
		}
	}
	if !(texts["1990"] < texts["2030"] && texts["2030"] < texts["2050"]) {
		t.Errorf("x axis not in numeric order: %v", texts)
	}

	// Table alternative.
	td := base.TableData()
	if diff := cmp.Diff([]string{"Kommunen", "Landsgennemsnit", "Basisår 1990", "Mål"}, td.Columns); diff != "" {
		t.Error(diff)
	}
	var headers []string
	for _, r := range td.Rows {
		headers = append(headers, r.Header)
	}
	if diff := cmp.Diff([]string{"1990", "2015", "2016", "2017", "2018", "2019", "2020", "2030", "2050"}, headers); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff([]string{"853", "930", "–", "–"}, td.Rows[2].Cells); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff([]string{"–", "–", "–", "360"}, td.Rows[7].Cells); diff != "" {
		t.Error(diff)
	}
}

func TestBars(t *testing.T) {
	c := BarChart{
		Meta: Meta{ID: "cmp", Title: "Sammenligning", Desc: "Kommuner", NoData: "Ingen data", Missing: "–"},
		Bars: []Bar{
			{Label: "Aarhus", Value: 5.2},
			{Label: "Lemvig", Value: -1.5, Highlight: true},
			{Label: "Ukendt", Value: math.NaN()},
			{Label: "Odense", Value: 7.26},
		},
		Sort:          SortDescending,
		CategoryLabel: "Kommune",
		ValueLabel:    "ton pr. indbygger",
		Format:        daFormat(1),
	}
	out := string(Bars(c))
	es := parse(t, out)
	checkRoot(t, es, "cmp", c.Title, c.Desc)
	if got := count(es, "chart-bar"); got != 3 {
		t.Errorf("bars = %d, want 3", got)
	}
	if got := count(es, "chart-highlight"); got != 1 {
		t.Errorf("highlighted = %d, want 1", got)
	}
	var zero float64
	var rects []elem
	for _, e := range es {
		if e.hasClass("chart-zero") {
			_, err := fmt.Sscanf(e.attrs["d"], "M%f,", &zero)
			if err != nil {
				t.Fatal(err)
			}
		}
		if e.hasClass("chart-bar") {
			rects = append(rects, e)
		}
	}
	// Sorted descending: Odense, Aarhus, Lemvig (negative, left of zero).
	f := func(e elem, k string) float64 { v, _ := strconv.ParseFloat(e.attrs[k], 64); return v }
	for i, r := range rects {
		x, w := f(r, "x"), f(r, "width")
		if i < 2 && math.Abs(x-zero) > 0.01 {
			t.Errorf("positive bar %d starts at %v, zero at %v", i, x, zero)
		}
		if i == 2 && math.Abs(x+w-zero) > 0.01 {
			t.Errorf("negative bar ends at %v, zero at %v", x+w, zero)
		}
	}
	if !(f(rects[0], "width") > f(rects[1], "width")) {
		t.Error("bars not sorted by value")
	}
	for _, want := range []string{"7,3", "5,2", "−1,5"} {
		if !strings.Contains(out, ">"+want+"</text>") {
			t.Errorf("missing value label %q", want)
		}
	}
	if !regexp.MustCompile(`class="chart-bar chart-highlight" stroke="#000000" stroke-width="2.5"><title>[^<]*</title></rect><svg [^>]*aria-hidden="true"[^>]*><path d="M`).MatchString(out) || !strings.Contains(out, `font-weight="700"`) {
		t.Error("highlight not marked by outline, hatch and bold text")
	}

	td := c.TableData()
	want := []TableRow{
		{Header: "Odense", Cells: []string{"7,3"}},
		{Header: "Aarhus", Cells: []string{"5,2"}},
		{Header: "Lemvig", Cells: []string{"−1,5"}, Highlight: true},
		{Header: "Ukendt", Cells: []string{"–"}},
	}
	if diff := cmp.Diff(want, td.Rows); diff != "" {
		t.Errorf("table rows (-want +got):\n%s", diff)
	}

	// Ascending and unsorted orders.
	c.Sort = SortAscending
	if got := c.TableData().Rows[0].Header; got != "Lemvig" {
		t.Errorf("ascending first = %q", got)
	}
	c.Sort = SortNone
	if got := c.TableData().Rows[0].Header; got != "Aarhus" {
		t.Errorf("unsorted first = %q", got)
	}

	// Empty and all-negative.
	for _, bars := range [][]Bar{nil, {{Label: "a", Value: math.Inf(-1)}}, {{Label: "a", Value: -2}, {Label: "b", Value: -1}}, {{Label: "z", Value: 0}}} {
		c.Bars = bars
		es := parse(t, string(Bars(c)))
		checkRoot(t, es, "cmp", c.Title, c.Desc)
	}
}

func TestStackedBars(t *testing.T) {
	c := StackedBarChart{
		Meta:       Meta{ID: "sec", Title: "Sektorer", Desc: "Udledning pr. sektor", NoData: "Ingen data", Missing: "–"},
		Categories: []string{"2020", "2021", "2022"},
		Parts:      []string{"Energi", "Transport", "Landbrug", "Arealanvendelse"},
		Values: [][]float64{
			{100, 50, 30, -20},
			{90, math.NaN(), 30, -25},
			{80, 45}, // short row
		},
		NetLabel: "Netto",
		XLabel:   "År",
		YLabel:   "kt CO₂e",
		Format:   daFormat(0),
	}
	out := string(StackedBars(c))
	es := parse(t, out)
	checkRoot(t, es, "sec", c.Title, c.Desc)
	if got := count(es, "chart-seg"); got != 4+3+2 {
		t.Errorf("segments = %d, want 9", got)
	}
	if got := count(es, "chart-net"); got != 3 {
		t.Errorf("net markers = %d, want 3", got)
	}
	var zeroY float64
	for _, e := range es {
		if e.hasClass("chart-zero") {
			fmt.Sscanf(e.attrs["d"], "M%f,%f", new(float64), &zeroY)
		}
	}
	// Negative segments lie below the zero line, positive above.
	for _, e := range es {
		if !e.hasClass("chart-seg") {
			continue
		}
		y, _ := strconv.ParseFloat(e.attrs["y"], 64)
		h, _ := strconv.ParseFloat(e.attrs["height"], 64)
		neg := strings.HasPrefix(childTitle(out, e), "Arealanvendelse")
		if neg && math.Abs(y-zeroY) > 0.01 {
			t.Errorf("negative segment starts at %v, zero at %v", y, zeroY)
		}
		// y and height are each rounded to 0.01, so their sum may be 0.01 off.
		if !neg && y+h > zeroY+0.02 {
			t.Errorf("positive segment extends below zero: %v+%v > %v", y, h, zeroY)
		}
	}
	// Parts after the first are hatched with lines drawn in a clipping <svg> (not SVG
	// patterns, which print as pictures), in the segments and in the legend.
	if strings.Contains(out, "<pattern") || strings.Contains(out, "url(#") {
		t.Error("the chart uses an SVG pattern")
	}
	if n := strings.Count(out, `aria-hidden="true" pointer-events="none"><path d="M`); n < 3 {
		t.Errorf("%d hatches, want one per hatched segment and legend swatch", n)
	}

	td := c.TableData()
	want := []TableRow{
		{Header: "2020", Cells: []string{"100", "50", "30", "−20", "160"}},
		{Header: "2021", Cells: []string{"90", "–", "30", "−25", "95"}},
		{Header: "2022", Cells: []string{"80", "45", "–", "–", "125"}},
	}
	if diff := cmp.Diff(want, td.Rows); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}

	c.Values = [][]float64{{math.NaN()}}
	es = parse(t, string(StackedBars(c)))
	if count(es, "chart-nodata") != 1 {
		t.Error("no-data text missing")
	}
}

// childTitle returns the tooltip title of a segment (tests only; relies on
// the segment's x/y attributes being unique).
func childTitle(out string, e elem) string {
	key := `x="` + e.attrs["x"] + `" y="` + e.attrs["y"] + `"`
	i := strings.Index(out, key)
	if i < 0 {
		return ""
	}
	rest := out[i:]
	a := strings.Index(rest, "<title>")
	b := strings.Index(rest, "</title>")
	if a < 0 || b < a {
		return ""
	}
	return rest[a+len("<title>") : b]
}

func TestProgressPercent(t *testing.T) {
	tests := []struct {
		name                     string
		baseline, target, actual float64
		want                     float64
		ok                       bool
	}{
		{"higher is better", 1.05, 1.2, 1.1, 100.0 / 3, true},
		{"lower is better", 100, 30, 65, 50, true},
		{"reached", 100, 30, 30, 100, true},
		{"overshoot", 100, 30, 10, 128.57142857142858, true},
		{"wrong way", 100, 30, 120, -28.571428571428573, true},
		{"baseline equals target", 5, 5, 5, 0, false},
		{"NaN", 1, 2, math.NaN(), 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ProgressPercent(tc.baseline, tc.target, tc.actual)
			if ok != tc.ok || math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("ProgressPercent = %v, %v; want %v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestProgress(t *testing.T) {
	tests := []struct {
		name                     string
		baseline, target, actual float64
		text                     string
		fill                     float64 // fraction of the track
	}{
		{"higher is better", 1.05, 1.2, 1.1, "33 %", 1.0 / 3},
		{"lower is better", 100, 30, 65, "50 %", 0.5},
		{"clamped above", 100, 30, 0, "143 %", 1},
		{"clamped below", 100, 30, 130, "−43 %", 0},
		{"undefined", 1, 1, 1, "Ingen data", -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := ProgressBar{
				Meta:     Meta{ID: "p1", Title: "Fremdrift", Desc: "Fra basis mod mål", NoData: "Ingen data", Missing: "–"},
				Baseline: tc.baseline, Target: tc.target, Actual: tc.actual,
				Format: daFormat(2),
				PercentFormat: func(v float64) string {
					s := pctFormat(v)
					return strings.Replace(s, "-", "−", 1)
				},
				Labels: ProgressLabels{"Indikator", "Basis", "Mål", "Aktuel", "Fremdrift"},
			}
			out := string(Progress(c))
			es := parse(t, out)
			checkRoot(t, es, "p1", c.Title, c.Desc)
			var track, fill float64
			var text string
			for _, e := range es {
				switch {
				case e.hasClass("chart-progress-track"):
					track, _ = strconv.ParseFloat(e.attrs["width"], 64)
				case e.hasClass("chart-progress-fill"):
					fill, _ = strconv.ParseFloat(e.attrs["width"], 64)
				case e.hasClass("chart-progress-text"), e.hasClass("chart-nodata"):
					text = e.text
				}
			}
			if text != tc.text {
				t.Errorf("text = %q, want %q", text, tc.text)
			}
			if tc.fill >= 0 && math.Abs(fill/track-tc.fill) > 0.01 {
				t.Errorf("fill = %v of %v, want fraction %v", fill, track, tc.fill)
			}
			row := c.TableData().Rows[0]
			if tc.fill >= 0 && row.Cells[3] != tc.text {
				t.Errorf("table progress = %q, want %q", row.Cells[3], tc.text)
			}
		})
	}
}

func TestEscapingAndTable(t *testing.T) {
	evil := `<b>&"x'</b>`
	m := Meta{ID: `id "x" <y>`, Title: evil, Desc: evil, NoData: evil, Missing: evil}
	outs := map[string]string{
		"line": string(Line(LineChart{Meta: m, Series: []Series{{Name: evil, Points: []Point{{evil, 1}, {"b", 2}}}},
			Baseline: &Reference{Label: evil, X: evil, Y: 1}, Targets: []Target{{X: "c", Y: 0, Label: evil}}, TargetLabel: evil, YLabel: evil,
			Format: func(float64) string { return evil }})),
		"bar": string(Bars(BarChart{Meta: m, Bars: []Bar{{Label: evil, Value: 1, Highlight: true}},
			Format: func(float64) string { return evil }})),
		"stacked": string(StackedBars(StackedBarChart{Meta: m, Categories: []string{evil}, Parts: []string{evil, evil},
			Values: [][]float64{{1, -1}}, NetLabel: evil, YLabel: evil, Format: func(float64) string { return evil }})),
		"progress": string(Progress(ProgressBar{Meta: m, Baseline: 0, Target: 1, Actual: 0.5,
			PercentFormat: func(float64) string { return evil }})),
		"nodata": string(Line(LineChart{Meta: m})),
	}
	for name, out := range outs {
		t.Run(name, func(t *testing.T) {
			if strings.Contains(out, "<b>") || strings.Contains(out, `&"`) {
				t.Errorf("unescaped text in %s", out)
			}
			es := parse(t, out)
			checkRoot(t, es, "id--x---y-", evil, evil)
			found := false
			for _, e := range es {
				if e.name == "text" && e.text == evil {
					found = true
				}
			}
			if !found {
				t.Error("escaped label does not round-trip")
			}
		})
	}

	td := TableData{
		Caption: evil, Corner: "År", Columns: []string{"A", evil},
		Rows: []TableRow{{Header: "2020", Cells: []string{"1.234,5", evil}}, {Header: evil, Cells: []string{"1"}, Highlight: true}},
	}
	out := string(Table(td))
	want := `<table class="chart-table"><caption>&lt;b&gt;&amp;&#34;x&#39;&lt;/b&gt;</caption>` +
		`<thead><tr><th scope="col">År</th><th scope="col">A</th><th scope="col">&lt;b&gt;&amp;&#34;x&#39;&lt;/b&gt;</th></tr></thead>` +
		`<tbody><tr><th scope="row">2020</th><td class="num">1.234,5</td><td class="num">&lt;b&gt;&amp;&#34;x&#39;&lt;/b&gt;</td></tr>` +
		`<tr class="chart-highlight"><th scope="row">&lt;b&gt;&amp;&#34;x&#39;&lt;/b&gt;</th><td class="num">1</td><td class="num"></td></tr></tbody></table>`
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("Table (-want +got):\n%s", diff)
	}
	parse(t, out)

	empty := string(Table(TableData{Caption: "c", Columns: []string{"a"}, Empty: "Ingen data"}))
	if !strings.Contains(empty, `<td colspan="2">Ingen data</td>`) {
		t.Errorf("empty table = %s", empty)
	}
}

func TestDeterminism(t *testing.T) {
	c := StackedBarChart{
		Meta:       Meta{ID: "d", Title: "T", Desc: "D"},
		Categories: []string{"a", "b"}, Parts: []string{"p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"},
		Values: [][]float64{{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, {-1, 2, -3, 4, -5, 6, -7, 8, -9, 10, -11}},
	}
	first := StackedBars(c)
	for i := 0; i < 20; i++ {
		if StackedBars(c) != first {
			t.Fatal("StackedBars not deterministic")
		}
	}
	parse(t, string(first))
	lc := LineChart{Meta: Meta{ID: "l", Title: "T", Desc: "D"}}
	for i := 0; i < 9; i++ {
		lc.Series = append(lc.Series, Series{Name: strconv.Itoa(i), Points: years(2000, float64(i), float64(i*2))})
	}
	l1 := Line(lc)
	for i := 0; i < 20; i++ {
		if Line(lc) != l1 {
			t.Fatal("Line not deterministic")
		}
	}
	parse(t, string(l1))
}

// TestLineMarkers checks that a short series is marked at every point and a long one only at
// its ends.
func TestLineMarkers(t *testing.T) {
	for _, n := range []int{5, maxMarkedPoints, maxMarkedPoints + 1, 20} {
		s := Series{Name: "A"}
		for i := range n {
			s.Points = append(s.Points, Point{X: fmt.Sprint(2000 + i), Y: float64(i)})
		}
		svg := string(Line(LineChart{Meta: Meta{ID: "m", Title: "t"}, Series: []Series{s}}))
		want := n
		if n > maxMarkedPoints {
			want = 2
		}
		if got := strings.Count(svg, `class="chart-point"`); got != want {
			t.Errorf("%d points: %d markers, want %d", n, got, want)
		}
	}
}

// TestLineTargetsOnly checks that a chart with targets but no measured value yet draws the
// targets and says that nothing is measured, and that a chart with nothing at all draws no
// axes.
func TestLineTargetsOnly(t *testing.T) {
	c := LineChart{Meta: Meta{ID: "t", Title: "Grønne brændstoffer", NoData: "Ingen målinger endnu"},
		Targets: []Target{{X: "2025", Y: 50}, {X: "2030", Y: 100}}, TargetLabel: "Mål"}
	svg := string(Line(c))
	for _, want := range []string{"2025", "2030", "Ingen målinger endnu", "chart-grid"} {
		if !strings.Contains(svg, want) {
			t.Errorf("targets only: the chart lacks %q", want)
		}
	}
	empty := string(Line(LineChart{Meta: Meta{ID: "e", Title: "Tom", NoData: "Ingen data"}}))
	if strings.Contains(empty, "chart-grid") || !strings.Contains(empty, "Ingen data") {
		t.Error("a chart with nothing draws axes or does not say so")
	}
}

// TestLineSmallChartTicks: a small chart draws few gridlines, so their labels stay apart.
func TestLineSmallChartTicks(t *testing.T) {
	s := Series{Name: "A"}
	for i, y := range []float64{2.55, 2.87, 3.42, 2.79, 2.93, 2.97} {
		s.Points = append(s.Points, Point{X: fmt.Sprint(2018 + i), Y: y})
	}
	for _, c := range []struct {
		h        float64
		min, max int
	}{{152, 2, 4}, {360, 4, 8}} {
		svg := string(Line(LineChart{Meta: Meta{ID: "s", Title: "t", Width: 320, Height: c.h}, Series: []Series{s}}))
		grid := svg[strings.Index(svg, `<g class="chart-grid">`):]
		grid = grid[:strings.Index(grid, "</g>")]
		if n := strings.Count(grid, "<text"); n < c.min || n > c.max {
			t.Errorf("height %v: %d gridline labels, want %d–%d", c.h, n, c.min, c.max)
		}
	}
}
