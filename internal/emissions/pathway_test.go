package emissions

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"klimaspor/internal/model"
)

// pathRow is a PathwayYear with NaN for "no value", so that tables can be written flat.
type pathRow struct {
	Year                                           int
	Actual, Required, Gap, Wedges, Expected, Manko float64
}

var noValue = math.NaN()

func pathRows(p Pathway) []pathRow {
	v := func(f *float64) float64 {
		if f == nil {
			return noValue
		}
		return *f
	}
	var rs []pathRow
	for _, y := range p.Years {
		rs = append(rs, pathRow{y.Year, v(y.Actual), v(y.Required), v(y.Gap), v(y.Wedges), v(y.Expected), v(y.Manko)})
	}
	return rs
}

// approxTonnes compares to a thousandth of a tonne.
var approxTonnes = cmp.Options{cmpopts.EquateApprox(0, 1e-3), cmpopts.EquateNaNs()}

func mustPathway(t testing.TB, actual Series, targets []Target, m Method) Pathway {
	t.Helper()
	p, err := RequiredPathway(actual, targets, m)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLinearPathwayFromTheLatestYearToA70PercentTarget(t *testing.T) {
	// 1,000,000 t in 1990, 70 % by 2030 → 300,000 t; 600,000 t in 2023 leaves 300,000 t to
	// cut in 7 years: 42,857.142857… t a year.
	p := mustPathway(t, Series{{2021, 640_000}, {2022, 620_000}, {2023, 600_000}}, []Target{kbh1990(2030, 70)}, "")
	step := 300_000.0 / 7
	want := []pathRow{
		{2021, 640_000, noValue, noValue, noValue, noValue, noValue},
		{2022, 620_000, noValue, noValue, noValue, noValue, noValue},
		{2023, 600_000, 600_000, 0, noValue, noValue, noValue},
	}
	for k := 1; k <= 7; k++ {
		req := 600_000 - step*float64(k)
		want = append(want, pathRow{2023 + k, noValue, req, 600_000 - req, 0, 600_000, 600_000 - req})
	}
	if diff := cmp.Diff(want, pathRows(p), approxTonnes); diff != "" {
		t.Errorf("years (-want +got):\n%s", diff)
	}
	if r := *p.Years[3].Required; math.Abs(r-557_142.857142857) > 1e-6 {
		t.Errorf("required 2024 = %v; want 600,000 − 300,000/7 = 557,142.857…", r)
	}
	if r := *p.Years[len(p.Years)-1].Required; r != 300_000 {
		t.Errorf("required 2030 = %v; want exactly the target's 300,000", r)
	}
	if p.Method != Linear || p.Boundary != BoundaryTerritorial || p.Latest != (YearValue{2023, 600_000}) {
		t.Errorf("method %s, boundary %s, latest %v", p.Method, p.Boundary, p.Latest)
	}
	if len(p.Targets) != 1 || p.Targets[0].Level != 300_000 || p.Targets[0].Required != 300_000 || !p.Targets[0].Ahead {
		t.Errorf("targets = %+v", p.Targets)
	}
}

func TestNetZeroPathwayEndsAtZero(t *testing.T) {
	p := mustPathway(t, Series{{2023, 600_000}}, []Target{{BaseYear: 1990, BaseTCO2e: 1_000_000, BaseSource: "x", TargetYear: 2050, NetZero: true}}, Linear)
	rs := pathRows(p)
	if len(rs) != 28 || rs[27].Year != 2050 || rs[27].Required != 0 || rs[27].Gap != 600_000 {
		t.Fatalf("last year %+v of %d", rs[len(rs)-1], len(rs))
	}
	if want := 600_000 - 600_000.0/27; math.Abs(rs[1].Required-want) > 1e-6 {
		t.Errorf("required 2024 = %v; want %v", rs[1].Required, want)
	}
}

func TestTargetsInSequence2030Then2050(t *testing.T) {
	// 600,000 (2023) → 300,000 (2030, 70 %) → 0 (2050, net zero): 15,000 t a year after 2030.
	targets := []Target{kbh1990(2050, 100), kbh1990(2030, 70)} // out of order on purpose
	p := mustPathway(t, Series{{2023, 600_000}}, targets, Linear)
	rs := pathRows(p)
	at := func(y int) float64 { return rs[y-2023].Required }
	for y, want := range map[int]float64{2030: 300_000, 2031: 285_000, 2040: 150_000, 2049: 15_000, 2050: 0} {
		if got := at(y); math.Abs(got-want) > 1e-6 {
			t.Errorf("required %d = %v; want %v", y, got, want)
		}
	}
	if len(rs) != 2050-2023+1 {
		t.Errorf("%d years; want 2023–2050", len(rs))
	}
	if p.Targets[0].Target.TargetYear != 2030 || p.Targets[1].Target.TargetYear != 2050 {
		t.Errorf("targets not by year: %+v", p.Targets)
	}
	if p.Assessment.NextTarget != 2030 || p.Assessment.NextLevel != 300_000 {
		t.Errorf("the verdict looks at %d (%v t); want the next target, 2030 (300,000 t)", p.Assessment.NextTarget, p.Assessment.NextLevel)
	}
}

func TestPathwayNeverRisesAndPastTargetsDoNotShapeIt(t *testing.T) {
	// Already at 250,000 t, below the 2030 level of 300,000 t: the path stays at 250,000 t
	// to 2030, then falls to 0 in 2050. The 2020 target (40 %) is past.
	targets := []Target{kbh1990(2020, 40), kbh1990(2030, 70), kbh1990(2050, 100)}
	p := mustPathway(t, Series{{2022, 260_000}, {2023, 250_000}}, targets, Linear)
	rs := pathRows(p)
	for _, r := range rs[1:9] { // 2023–2030
		if r.Required != 250_000 || r.Gap != 0 {
			t.Errorf("%d: required %v, gap %v; want 250,000 and 0", r.Year, r.Required, r.Gap)
		}
	}
	if got := rs[2040-2022].Required; got != 125_000 {
		t.Errorf("required 2040 = %v; want 125,000", got)
	}
	if p.Targets[0].Ahead || !p.Targets[1].Ahead || p.Targets[1].Required != 250_000 || p.Targets[1].Level != 300_000 {
		t.Errorf("targets = %+v", p.Targets)
	}
	if p.Assessment.Verdict != OnTrack || !p.Assessment.AtOrBelowLevel {
		t.Errorf("assessment = %+v; want on track, at or below the level", p.Assessment)
	}
}

func TestBudgetPathwayKeepsTheLinearBudgetAtAConstantRate(t *testing.T) {
	t.Run("hand-computed: 100 t to 0 in 3 years falls by the golden ratio", func(t *testing.T) {
		// Linear: 66.67, 33.33, 0 (100 t in all). Budget: 100·q + 100·q² = 100 → q = (√5−1)/2.
		p := mustPathway(t, Series{{2027, 100}}, []Target{{BaseYear: 1990, BaseTCO2e: 1000, BaseSource: "x", TargetYear: 2030, NetZero: true}}, Budget)
		q := (math.Sqrt(5) - 1) / 2
		want := []float64{100, 100 * q, 100 * q * q, 0}
		var got []float64
		for _, y := range p.Years {
			got = append(got, *y.Required)
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
			t.Errorf("required (-want +got):\n%s", diff)
		}
	})

	cases := []struct {
		name    string
		actual  Series
		targets []Target
	}{
		{"70 % by 2030", Series{{2023, 600_000}}, []Target{kbh1990(2030, 70)}},
		{"2030 then net zero 2050", Series{{2022, 640_000}, {2023, 600_000}}, []Target{kbh1990(2030, 70), kbh1990(2050, 100)}},
		{"a deep cut in 25 years", Series{{2025, 2_345_678}}, []Target{kbh1990(2050, 95)}},
		{"two years: one constant-rate year, then the target", Series{{2028, 500_000}}, []Target{kbh1990(2030, 70)}},
		{"one year to the target", Series{{2029, 500_000}}, []Target{kbh1990(2030, 70)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lin := mustPathway(t, c.actual, c.targets, Linear)
			bud := mustPathway(t, c.actual, c.targets, Budget)
			if len(lin.Years) != len(bud.Years) {
				t.Fatalf("%d and %d years", len(lin.Years), len(bud.Years))
			}
			// Stretch by stretch: the same cumulative emissions, the same end at the target
			// level, and a constant rate from the latest (or the previous target's) level
			// until the year before the target.
			from := c.actual[len(c.actual)-1]
			prev := from.TCO2e
			i := len(c.actual)
			for _, tl := range bud.Targets {
				var sumLin, sumBud float64
				rate := -1.0
				for y := from.Year + 1; y <= tl.Target.TargetYear; y, i = y+1, i+1 {
					l, b := *lin.Years[i].Required, *bud.Years[i].Required
					if bud.Years[i].Year != y {
						t.Fatalf("pathRow %d is %d; want %d", i, bud.Years[i].Year, y)
					}
					sumLin += l
					sumBud += b
					if y < tl.Target.TargetYear {
						r := b / prev
						if rate >= 0 && math.Abs(r-rate) > 1e-9 {
							t.Errorf("%d: rate %v; want the stretch's constant %v", y, r, rate)
						}
						rate = r
						if y == from.Year+1 && b > l {
							t.Errorf("%d: budget %v above linear %v; it should cut earlier", y, b, l)
						}
					}
					prev = b
				}
				if math.Abs(sumLin-sumBud) > 1e-6*sumLin {
					t.Errorf("to %d: budget path emits %v t, linear %v t", tl.Target.TargetYear, sumBud, sumLin)
				}
				if prev != tl.Level {
					t.Errorf("%d: ends at %v; want the target level %v", tl.Target.TargetYear, prev, tl.Level)
				}
				from = YearValue{tl.Target.TargetYear, prev}
			}
			if bud.Assessment != lin.Assessment {
				t.Errorf("the verdict depends on the method: %+v and %+v", bud.Assessment, lin.Assessment)
			}
		})
	}
}

func TestVerdictAtEachThreshold(t *testing.T) {
	// 600,000 t in 2023, 300,000 t by 2029 (70 % of 1,000,000): 50,000 t a year required.
	// The actual reduction is averaged from 2020 (3 years back): (x − 600,000) / 3.
	target := []Target{kbh1990(2029, 70)}
	tests := []struct {
		name      string
		actual    Series
		want      Verdict
		rate      float64
		trendFrom int
	}{
		{"exactly the required rate", Series{{2020, 750_000}, {2023, 600_000}}, OnTrack, 50_000, 2020},
		{"faster than required", Series{{2020, 900_000}, {2023, 600_000}}, OnTrack, 100_000, 2020},
		{"a tonne short of the required rate", Series{{2020, 749_999}, {2023, 600_000}}, AtRisk, 149_999.0 / 3, 2020},
		{"exactly half the required rate", Series{{2020, 675_000}, {2023, 600_000}}, AtRisk, 25_000, 2020},
		{"a tonne short of half", Series{{2020, 674_999}, {2023, 600_000}}, OffTrack, 74_999.0 / 3, 2020},
		{"rising emissions", Series{{2020, 550_000}, {2023, 600_000}}, OffTrack, -50_000.0 / 3, 2020},
		{"only the years in the window count", Series{{2015, 9_000_000}, {2019, 5_000_000}, {2020, 675_000}, {2022, 630_000}, {2023, 600_000}}, AtRisk, 25_000, 2020},
		{"a shorter window when a year is missing", Series{{2019, 5_000_000}, {2021, 700_000}, {2023, 600_000}}, OnTrack, 50_000, 2021},
		{"two years of accounts", Series{{2022, 640_000}, {2023, 600_000}}, AtRisk, 40_000, 2022},
		{"one year of accounts counts as no reduction", Series{{2023, 600_000}}, OffTrack, 0, 2023},
		{"at the target level already", Series{{2020, 200_000}, {2023, 300_000}}, OnTrack, -100_000.0 / 3, 2020},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mustPathway(t, tt.actual, target, Linear).Assessment
			if a.Verdict != tt.want || math.Abs(a.ActualRate-tt.rate) > 1e-9 || a.TrendFrom != tt.trendFrom {
				t.Errorf("verdict %s, rate %v from %d; want %s, %v from %d", a.Verdict, a.ActualRate, a.TrendFrom, tt.want, tt.rate, tt.trendFrom)
			}
			latest := tt.actual[len(tt.actual)-1].TCO2e
			if want := (latest - 300_000) / 6; a.RequiredRate != want {
				t.Errorf("required rate %v; want %v", a.RequiredRate, want)
			}
			if a.RuleDA != RuleDA || a.RuleEN != RuleEN {
				t.Error("the assessment does not carry the rule verbatim")
			}
		})
	}
}

func TestRuleTextSaysTheThresholds(t *testing.T) {
	for _, want := range []string{fmt.Sprintf("op til %d år", TrendYears), fmt.Sprintf("mindst %g %%", AtRiskShare*100), "På sporet", "I risiko", "ikke på sporet"} {
		if !strings.Contains(RuleDA, want) {
			t.Errorf("RuleDA lacks %q: %s", want, RuleDA)
		}
	}
	for _, want := range []string{fmt.Sprintf("up to %d years", TrendYears), fmt.Sprintf("at least %g %%", AtRiskShare*100), "On track", "At risk", "off track"} {
		if !strings.Contains(RuleEN, want) {
			t.Errorf("RuleEN lacks %q: %s", want, RuleEN)
		}
	}
	if !strings.Contains(RuleDA, "3 år") || !strings.Contains(RuleDA, "50 %") {
		t.Errorf("RuleDA should read 3 years and 50 %%: %s", RuleDA)
	}
}

func TestWedgesAndManko(t *testing.T) {
	// 1,000,000 t in 2023 to 600,000 t in 2027 (70 % of 2,000,000): gaps 100,000, 200,000,
	// 300,000 and 400,000 t.
	target := []Target{{BaseYear: 1990, BaseTCO2e: 2_000_000, BaseSource: "x", TargetYear: 2027, ReductionPct: 70}}
	p := mustPathway(t, Series{{2022, 1_050_000}, {2023, 1_000_000}}, target, Linear)
	wedges := []Wedge{
		{Label: "Fjernvarme", TCO2e: 150_000, Start: 2020},               // running already: counts from 2024
		{Label: "Kampagne", TCO2e: 100_000, Start: 2026, End: 2026},      // one year
		{Label: "Biogas", TCO2e: 500_000, Start: 2027},                   // from the target year
		{Label: "Efter målet", TCO2e: 1_000_000, Start: 2028, End: 2040}, // never in the window
	}
	pw, err := p.WithWedges(wedges)
	if err != nil {
		t.Fatal(err)
	}
	want := []pathRow{
		{2022, 1_050_000, noValue, noValue, noValue, noValue, noValue},
		{2023, 1_000_000, 1_000_000, 0, noValue, noValue, noValue},
		{2024, noValue, 900_000, 100_000, 150_000, 850_000, 0}, // more than the gap: no manko
		{2025, noValue, 800_000, 200_000, 150_000, 850_000, 50_000},
		{2026, noValue, 700_000, 300_000, 250_000, 750_000, 50_000},
		{2027, noValue, 600_000, 400_000, 650_000, 350_000, 0},
	}
	if diff := cmp.Diff(want, pathRows(pw), approxTonnes); diff != "" {
		t.Errorf("years (-want +got):\n%s", diff)
	}
	chart := pw.WedgeChart()
	wantChart := WedgeChart{
		Labels: []string{"Fjernvarme", "Kampagne", "Biogas", "Efter målet"},
		Years: []WedgeChartYear{
			{2024, []float64{150_000, 0, 0, 0}, 150_000, 100_000, 0},
			{2025, []float64{150_000, 0, 0, 0}, 150_000, 200_000, 50_000},
			{2026, []float64{150_000, 100_000, 0, 0}, 250_000, 300_000, 50_000},
			{2027, []float64{150_000, 0, 500_000, 0}, 650_000, 400_000, 0},
		},
	}
	if diff := cmp.Diff(wantChart, chart, approxTonnes); diff != "" {
		t.Errorf("chart (-want +got):\n%s", diff)
	}
	// Without wedges the manko is the whole gap, and WithWedges left p as it was.
	for _, y := range p.Years[2:] {
		if *y.Wedges != 0 || *y.Manko != *y.Gap || *y.Expected != 1_000_000 {
			t.Errorf("%d without wedges: %v, manko %v, expected %v", y.Year, *y.Wedges, *y.Manko, *y.Expected)
		}
	}
	if len(p.Wedges) != 0 || len(p.WedgeChart().Labels) != 0 {
		t.Error("WithWedges changed its receiver")
	}
	// Applying noValue again clears them.
	cleared, err := pw.WithWedges(nil)
	if err != nil || *cleared.Years[3].Manko != 200_000 {
		t.Errorf("cleared: %v, %v", err, pathRows(cleared))
	}
}

func TestCheckWedgesNamesEachProblem(t *testing.T) {
	ok := Wedge{Label: "Fjernvarme", TCO2e: 1000, Start: 2024}
	tests := []struct {
		name  string
		wedge Wedge
		field string
	}{
		{"no label", Wedge{TCO2e: 1000, Start: 2024}, "wedges[1].label"},
		{"negative effect", Wedge{Label: "x", TCO2e: -1, Start: 2024}, "wedges[1].t_co2e"},
		{"effect not a number", Wedge{Label: "x", TCO2e: math.NaN(), Start: 2024}, "wedges[1].t_co2e"},
		{"no start year", Wedge{Label: "x", TCO2e: 1}, "wedges[1].start_year"},
		{"end before start", Wedge{Label: "x", TCO2e: 1, Start: 2024, End: 2023}, "wedges[1].end_year"},
	}
	p := mustPathway(t, Series{{2023, 600_000}}, []Target{kbh1990(2030, 70)}, Linear)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.WithWedges([]Wedge{ok, tt.wedge})
			var ve *model.ValidationError
			if !errors.As(err, &ve) || len(ve.Errors) != 1 || ve.Errors[0].Field != tt.field {
				t.Errorf("WithWedges = %v; want one error on %s", err, tt.field)
			}
		})
	}
	if _, err := p.WithWedges([]Wedge{ok, {Label: "one year", TCO2e: 0, Start: 2025, End: 2025}}); err != nil {
		t.Errorf("valid wedges: %v", err)
	}
}

func TestRequiredPathwayRefuses(t *testing.T) {
	target := []Target{kbh1990(2030, 70)}
	tests := []struct {
		name    string
		actual  Series
		targets []Target
		method  Method
		is      error
		want    string
	}{
		{"no accounts", nil, target, Linear, ErrNoActuals, "no accounts"},
		{"no target ahead", Series{{2023, 600_000}}, []Target{kbh1990(2020, 40), kbh1990(2023, 50)}, Linear, ErrNoTargetAhead, "no target lies after"},
		{"no targets", Series{{2023, 600_000}}, nil, Linear, ErrNoTargetAhead, "no target lies after"},
		{"unknown method", Series{{2023, 600_000}}, target, "exponential", nil, `unknown pathway method "exponential"`},
		{"years out of order", Series{{2023, 600_000}, {2022, 620_000}}, target, Linear, nil, "not ordered by year"},
		{"a year twice", Series{{2023, 600_000}, {2023, 620_000}}, target, Linear, nil, "not ordered by year"},
		{"a figure not a number", Series{{2022, math.Inf(1)}, {2023, 620_000}}, target, Linear, nil, "not a number"},
		{"an invalid target", Series{{2023, 600_000}}, []Target{kbh1990(2030, 170)}, Linear, nil, "between 0 and 100 %"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := RequiredPathway(tt.actual, tt.targets, tt.method)
			if err == nil || !strings.Contains(err.Error(), tt.want) || (tt.is != nil && !errors.Is(err, tt.is)) {
				t.Errorf("RequiredPathway = %v; want %q", err, tt.want)
			}
		})
	}
}

func TestSumAddsSeriesYearByYear(t *testing.T) {
	a := Series{{2018, 100}, {2019, 90}, {2020, 80}}
	b := Series{{2019, 10}, {2020, 20}, {2021, 30}}
	c := Series{{2020, -5}} // a sink
	want := Series{{2018, 100}, {2019, 100}, {2020, 95}, {2021, 30}}
	if diff := cmp.Diff(want, Sum(a, b, c)); diff != "" {
		t.Errorf("Sum (-want +got):\n%s", diff)
	}
	if got := Sum(); len(got) != 0 {
		t.Errorf("Sum() = %v", got)
	}
	if err := Sum(a, b, c).Check(); err != nil {
		t.Errorf("a sum is not a valid series: %v", err)
	}
	if diff := cmp.Diff(Series{{2018, 1}, {2023, 2}}, SeriesOf(map[int]float64{2023: 2, 2018: 1})); diff != "" {
		t.Errorf("SeriesOf (-want +got):\n%s", diff)
	}
}

// BenchmarkPathway is one municipality's pathway: 30 years of accounts, targets for 2030 and
// 2050, the budget method and 20 wedges.
func BenchmarkPathway(b *testing.B) {
	actual := make(Series, 30)
	for i := range actual {
		actual[i] = YearValue{1994 + i, 1_000_000 - 10_000*float64(i)}
	}
	targets := []Target{kbh1990(2030, 70), kbh1990(2050, 100)}
	wedges := make([]Wedge, 20)
	for i := range wedges {
		wedges[i] = Wedge{Label: fmt.Sprintf("Indsats %d", i), TCO2e: 5_000, Start: 2024 + i}
	}
	for b.Loop() {
		p, err := RequiredPathway(actual, targets, Budget)
		if err != nil {
			b.Fatal(err)
		}
		if p, err = p.WithWedges(wedges); err != nil {
			b.Fatal(err)
		}
		_ = p.WedgeChart()
	}
}
