// Package gen fills a database with a national-scale, made-up data set for load tests and
// benchmarks: regions and municipalities, a theme taxonomy, one climate plan and many
// actions per municipality, indicators with yearly values (some split into parts that
// add up exactly to the total), joint projects and the knowledge library's items.
// Everything is derived from Config.Seed, so two runs with the same Config produce the same
// records; plans, actions, indicators, values and library items are all marked
// example = true.
package gen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"math/rand/v2"
	"time"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// Config says how much to generate.
type Config struct {
	Seed                   uint64
	Regions                int     // parents of the municipalities, 1–9
	Municipalities         int     // 1–899
	ActionsPerMunicipality int     // actions in each municipality's plan
	Indicators             int     // each has values for every municipality and year
	FirstYear              int     // first year with values
	Years                  int     // years of values; 0 generates no values
	BreakdownShare         float64 // share of the indicators whose totals are split into parts, 0–1
	BreakdownParts         int     // parts of a split total, 2–5
	TxRows                 int     // indicator values per write transaction
	Projects               int     // joint projects of one programme, which library items link to
	LibraryItems           int     // the knowledge library's items
}

// National is the size of the real thing: 98 municipalities in 5 regions, 200 actions each,
// 300 indicators over 20 years (588,000 totals), a third of them split into 5 parts
// (980,000 parts): 1,568,000 indicator values; and 10,000 library items linked to 12 joint
// projects.
func National() Config {
	return Config{Seed: 2024, Regions: 5, Municipalities: 98, ActionsPerMunicipality: 200, Indicators: 300,
		FirstYear: 2004, Years: 20, BreakdownShare: 1.0 / 3, BreakdownParts: 5, TxRows: 100_000,
		Projects: 12, LibraryItems: 10_000}
}

// Small is a quick data set of the same shape, for trying things out.
func Small() Config {
	return Config{Seed: 2024, Regions: 5, Municipalities: 10, ActionsPerMunicipality: 20, Indicators: 30,
		FirstYear: 2014, Years: 10, BreakdownShare: 1.0 / 3, BreakdownParts: 5, TxRows: 100_000,
		Projects: 6, LibraryItems: 500}
}

func (c Config) check() error {
	switch {
	case c.Regions < 1 || c.Regions > 9:
		return errors.New("gen: Regions must be 1–9")
	case c.Municipalities < 1 || c.Municipalities > 899:
		return errors.New("gen: Municipalities must be 1–899")
	case c.ActionsPerMunicipality < 0 || c.Indicators < 0 || c.Years < 0 || c.Projects < 0 || c.LibraryItems < 0:
		return errors.New("gen: counts must not be negative")
	case c.Years > 0 && (c.FirstYear < 1900 || c.FirstYear+c.Years-1 > 2099):
		return errors.New("gen: the years must lie within 1900–2099")
	case c.BreakdownShare < 0 || c.BreakdownShare > 1:
		return errors.New("gen: BreakdownShare must be between 0 and 1")
	case c.BreakdownShare > 0 && (c.BreakdownParts < 2 || c.BreakdownParts > 5):
		return errors.New("gen: BreakdownParts must be 2–5")
	}
	return nil
}

// Stats tells what Generate made and how long it took.
type Stats struct {
	Organisations, Themes, Plans, Actions, Indicators int
	Projects, LibraryItems                            int
	Totals, Parts                                     int // indicator values: totals and breakdown parts
	Records                                           time.Duration
	Values                                            time.Duration
	Total                                             time.Duration
}

// IndicatorValues is the number of indicator values written.
func (s Stats) IndicatorValues() int { return s.Totals + s.Parts }

func (s Stats) String() string {
	rate := 0.0
	if s.Values > 0 {
		rate = float64(s.IndicatorValues()) / s.Values.Seconds()
	}
	return fmt.Sprintf("%d organisations, %d themes, %d plans, %d actions, %d indicators, %d projects, %d library items (%.1fs); "+
		"%d indicator values = %d totals + %d parts (%.1fs, %.0f rows/s); total %.1fs",
		s.Organisations, s.Themes, s.Plans, s.Actions, s.Indicators, s.Projects, s.LibraryItems, s.Records.Seconds(),
		s.IndicatorValues(), s.Totals, s.Parts, s.Values.Seconds(), rate, s.Total.Seconds())
}

// Counts returns what Generate will make with cfg, without making it.
func Counts(cfg Config) Stats {
	l := newLayout(cfg)
	s := Stats{Organisations: cfg.Regions + cfg.Municipalities, Plans: cfg.Municipalities,
		Actions: cfg.Municipalities * cfg.ActionsPerMunicipality, Indicators: cfg.Indicators,
		Projects: cfg.Projects, LibraryItems: cfg.LibraryItems}
	for _, t := range themeTree {
		s.Themes += 1 + len(t.children)
	}
	for _, ind := range l.indicators {
		n := cfg.Municipalities * cfg.Years
		s.Totals += n
		s.Parts += n * len(ind.parts)
	}
	return s
}

// Generate fills an empty, migrated database. Progress lines go to progress (may be nil).
func Generate(ctx context.Context, db *store.DB, cfg Config, progress io.Writer) (Stats, error) {
	if err := cfg.check(); err != nil {
		return Stats{}, err
	}
	if progress == nil {
		progress = io.Discard
	}
	if n, err := db.Count(ctx, model.Organisations); err != nil {
		return Stats{}, err
	} else if n > 0 {
		return Stats{}, fmt.Errorf("gen: the database already holds %d organisations; generate into an empty database", n)
	}
	start := time.Now()
	g := &generator{db: db, l: newLayout(cfg), progress: progress}
	if err := g.records(ctx); err != nil {
		return g.stats, err
	}
	g.stats.Records = time.Since(start)
	vstart := time.Now()
	if err := g.values(ctx); err != nil {
		return g.stats, err
	}
	g.stats.Values = time.Since(vstart)
	g.stats.Total = time.Since(start)
	fmt.Fprintf(progress, "gen: done: %s\n", g.stats)
	return g.stats, nil
}

// layout is everything about the data set that does not depend on database ids.
type layout struct {
	cfg        Config
	regions    []org
	munis      []org
	indicators []indicator
	lastYear   int
}

type org struct {
	code, name, nameEn string
	region             int // index in regions, for a municipality
	population         int64
}

type indicator struct {
	code, name, nameEn string
	kind               *indicatorKind
	level              float64   // the variant's scale
	parts              []string  // breakdown labels; nil when not split
	weights            []float64 // the parts' typical shares
}

func newLayout(cfg Config) *layout {
	l := &layout{cfg: cfg, lastYear: 2023}
	if cfg.Years > 0 {
		l.lastYear = cfg.FirstYear + cfg.Years - 1
	}
	regionNames := []string{"Nord", "Midt", "Syd", "Øst", "Vest", "Nordvest", "Sydøst", "Centrum", "Øerne"}
	for i := range cfg.Regions {
		l.regions = append(l.regions, org{code: fmt.Sprint(1081 + i), name: "Region " + regionNames[i], nameEn: "Region " + regionNames[i]})
	}
	step := 7
	for step > 1 && 101+(cfg.Municipalities-1)*step > 999 {
		step--
	}
	for i := range cfg.Municipalities {
		r := rng(cfg.Seed, 1, uint64(i))
		k := (i * 37) % 256
		place := placeStart[k/16] + placeEnd[k%16]
		if i >= 256 {
			place += fmt.Sprint(i / 256)
		}
		pop := int64(math.Round(45000 * math.Exp(0.7*r.NormFloat64())))
		pop = min(max(pop, 2000), 700000)
		l.munis = append(l.munis, org{code: fmt.Sprint(101 + i*step), name: place + " Kommune", nameEn: place + " Municipality",
			region: i * cfg.Regions / cfg.Municipalities, population: pop})
	}
	var additive []int
	for k, kind := range indicatorKinds {
		if kind.breakdown >= 0 {
			additive = append(additive, k)
		}
	}
	uses := make([]int, len(indicatorKinds))
	split, whole := 0, 0
	for j := range cfg.Indicators {
		// Spread the split indicators evenly: j is split when the running share passes a whole number.
		isSplit := math.Floor(float64(j+1)*cfg.BreakdownShare+1e-9) > math.Floor(float64(j)*cfg.BreakdownShare+1e-9)
		var k int
		if isSplit {
			k = additive[split%len(additive)]
			split++
		} else {
			k = whole % len(indicatorKinds)
			whole++
		}
		uses[k]++
		kind := &indicatorKinds[k]
		r := rng(cfg.Seed, 2, uint64(j))
		ind := indicator{
			code:   fmt.Sprintf("gen-ind-%03d", j+1),
			name:   fmt.Sprintf("%s, serie %d", kind.da, uses[k]),
			nameEn: fmt.Sprintf("%s, series %d", kind.en, uses[k]),
			kind:   kind,
			level:  kind.scale * math.Exp(0.4*r.NormFloat64()),
		}
		if kind.percent {
			ind.level = min(kind.scale*math.Exp(0.3*r.NormFloat64()), 90)
		}
		if isSplit {
			set := breakdownSets[kind.breakdown]
			ind.parts = set[:cfg.BreakdownParts]
			sum := 0.0
			for range ind.parts {
				w := 0.2 + r.Float64()
				ind.weights = append(ind.weights, w)
				sum += w
			}
			for p := range ind.weights {
				ind.weights[p] /= sum
			}
		}
		l.indicators = append(l.indicators, ind)
	}
	return l
}

// rng returns the random source of one part of the data set, so that each part comes out
// the same whatever else is generated.
func rng(seed, stream, n uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed^0x6b6c696d61, stream<<48|n))
}

// value is one indicator value, by index into the layout.
type value struct {
	ind, muni, year int
	part            int // index in the indicator's parts, or -1 for the total
	value           float64
}

func quarter(x float64) float64 { return math.Round(x*4) / 4 }

// values yields every indicator value: by indicator, municipality and year, each total
// followed by its parts. Parts are multiples of 0.25 and the total is their sum, which is
// exact in binary floating point, so the parts add up to the total in any order.
func (l *layout) values() iter.Seq[*value] {
	return func(yield func(*value) bool) {
		var v value
		parts := make([]float64, 5)
		for j, ind := range l.indicators {
			for i, m := range l.munis {
				r := rng(l.cfg.Seed, 3, uint64(j)<<20|uint64(i))
				level := ind.level * math.Exp(0.25*r.NormFloat64())
				if !ind.kind.percent {
					level *= float64(m.population) / 50000
				}
				growth := ind.kind.trend + 0.01*r.NormFloat64()
				for y := range l.cfg.Years {
					x := level * math.Pow(1+growth, float64(y)) * (1 + 0.03*r.NormFloat64())
					v = value{ind: j, muni: i, year: l.cfg.FirstYear + y, part: -1}
					switch {
					case ind.kind.percent:
						v.value = math.Round(min(max(x, 0), 100)*10) / 10
					case ind.parts != nil:
						total := 0.0
						for p, w := range ind.weights {
							parts[p] = quarter(max(x*w*math.Exp(0.15*r.NormFloat64()), 0))
							total += parts[p]
						}
						v.value = total
					default:
						v.value = quarter(max(x, 0))
					}
					if !yield(&v) {
						return
					}
					for p := range ind.parts {
						v.part, v.value = p, parts[p]
						if !yield(&v) {
							return
						}
					}
				}
			}
		}
	}
}

const valueSource = "Genereret eksempel (klimaspor gen)"

// vintage is when a year's figure was "published": the summer after.
func vintage(year int) string { return fmt.Sprintf("%04d-06-30", year+1) }

type generator struct {
	db       *store.DB
	l        *layout
	progress io.Writer
	stats    Stats

	regionIDs, muniIDs, indicatorIDs []int64
	planIDs                          []int64
	projectIDs                       []int64
	familyIDs                        []int64   // parent theme ids, by themeTree index
	childIDs                         [][]int64 // child theme ids, by themeTree index
}

func (g *generator) create(ctx context.Context, tx *store.Tx, res *model.Resource, rec model.Record) (int64, error) {
	out, err := tx.Create(ctx, res, rec)
	if err != nil {
		return 0, fmt.Errorf("gen: create %s %v: %w", res.Singular, rec["code"], err)
	}
	return out.ID(), nil
}

// records creates everything but the indicator values.
func (g *generator) records(ctx context.Context) error {
	start := time.Now()
	err := g.db.Tx(ctx, func(tx *store.Tx) error {
		for _, step := range []func(context.Context, *store.Tx) error{g.organisations, g.themes, g.plans, g.indicators, g.projects} {
			if err := step(ctx, tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(g.progress, "gen: %d organisations, %d themes, %d plans, %d indicators, %d projects (%.1fs)\n",
		g.stats.Organisations, g.stats.Themes, g.stats.Plans, g.stats.Indicators, g.stats.Projects, time.Since(start).Seconds())
	if err := g.allActions(ctx, start); err != nil {
		return err
	}
	return g.allLibrary(ctx, start)
}

// organisations creates the regions, each with its municipalities' population, and the
// municipalities.
func (g *generator) organisations(ctx context.Context, tx *store.Tx) error {
	l := g.l
	regionPop := make([]int64, len(l.regions))
	for _, m := range l.munis {
		regionPop[m.region] += m.population
	}
	for i, r := range l.regions {
		id, err := g.create(ctx, tx, model.Organisations, model.Record{"kind": "region", "code": r.code, "name_da": r.name, "name_en": r.nameEn,
			"population": []model.Population{{Year: int64(l.lastYear), Value: regionPop[i], Source: valueSource}}})
		if err != nil {
			return err
		}
		g.regionIDs = append(g.regionIDs, id)
	}
	for _, m := range l.munis {
		id, err := g.create(ctx, tx, model.Organisations, model.Record{"kind": "municipality", "code": m.code, "name_da": m.name, "name_en": m.nameEn,
			"parent_id": g.regionIDs[m.region], "population": []model.Population{{Year: int64(l.lastYear), Value: m.population, Source: valueSource}}})
		if err != nil {
			return err
		}
		g.muniIDs = append(g.muniIDs, id)
	}
	g.stats.Organisations = len(g.regionIDs) + len(g.muniIDs)
	return nil
}

// themes creates the theme families with their children.
func (g *generator) themes(ctx context.Context, tx *store.Tx) error {
	for _, t := range themeTree {
		pid, err := g.create(ctx, tx, model.Themes, model.Record{"code": "gen-" + t.parent.code, "name_da": t.parent.da, "name_en": t.parent.en})
		if err != nil {
			return err
		}
		g.familyIDs = append(g.familyIDs, pid)
		var kids []int64
		for _, c := range t.children {
			id, err := g.create(ctx, tx, model.Themes, model.Record{"code": "gen-" + t.parent.code + "-" + c.code, "name_da": c.da, "name_en": c.en, "parent_id": pid})
			if err != nil {
				return err
			}
			kids = append(kids, id)
		}
		g.childIDs = append(g.childIDs, kids)
		g.stats.Themes += 1 + len(kids)
	}
	return nil
}

// plans creates a climate plan for each municipality.
func (g *generator) plans(ctx context.Context, tx *store.Tx) error {
	cfg, l := g.l.cfg, g.l
	for i, m := range l.munis {
		r := rng(cfg.Seed, 4, uint64(i))
		id, err := g.create(ctx, tx, model.Plans, model.Record{
			"code": "gen-plan-" + m.code, "organisation_id": g.muniIDs[i], "kind": "climate_plan", "published": true,
			"title":        "Klimaplan 2030 for " + m.name,
			"description":  "Genereret eksempel på en kommunal klimaplan med mål for 2030 og en handlingsplan.",
			"adopted_on":   fmt.Sprintf("2021-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28)),
			"period_start": int64(2021), "period_end": int64(2030), "baseline_year": int64(1990),
			"status": planStatuses[r.IntN(len(planStatuses))], "example": true, "source": valueSource,
		})
		if err != nil {
			return err
		}
		g.planIDs = append(g.planIDs, id)
	}
	g.stats.Plans = len(g.planIDs)
	return nil
}

// indicators creates the indicators, each with a target for 2030.
func (g *generator) indicators(ctx context.Context, tx *store.Tx) error {
	cfg, l := g.l.cfg, g.l
	for j, ind := range l.indicators {
		target := ind.level * 0.5
		if ind.kind.direction == "higher" {
			target = ind.level * 2
		}
		if ind.kind.percent {
			target = min(target, 100)
		}
		rec := model.Record{
			"code": ind.code, "name_da": ind.name, "name_en": ind.nameEn, "unit": ind.kind.unit, "direction": ind.kind.direction,
			"description":           "Genereret eksempelindikator: " + ind.name + ", målt for hver kommune.",
			"method":                "Tilfældige tal med en trend, trukket af klimaspor gen.",
			"owner_organisation_id": g.regionIDs[j%len(g.regionIDs)],
			"theme_id":              g.familyIDs[ind.kind.theme],
			"targets":               []model.Target{{Year: 2030, Value: math.Round(target*10) / 10}},
			"example":               true, "source": valueSource,
		}
		if cfg.Years > 0 {
			rec["baseline_year"] = int64(cfg.FirstYear)
		}
		id, err := g.create(ctx, tx, model.Indicators, rec)
		if err != nil {
			return err
		}
		g.indicatorIDs = append(g.indicatorIDs, id)
	}
	g.stats.Indicators = len(g.indicatorIDs)
	return nil
}

// allActions creates the actions of every municipality's plan, a few municipalities per
// transaction, reporting the time since start.
func (g *generator) allActions(ctx context.Context, start time.Time) error {
	cfg, l := g.l.cfg, g.l
	per := max(1, 2000/max(1, cfg.ActionsPerMunicipality))
	for first := 0; first < len(l.munis) && cfg.ActionsPerMunicipality > 0; first += per {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := g.db.Tx(ctx, func(tx *store.Tx) error {
			for i := first; i < min(first+per, len(l.munis)); i++ {
				if err := g.actions(ctx, tx, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		g.stats.Actions = min(first+per, len(l.munis)) * cfg.ActionsPerMunicipality
		fmt.Fprintf(g.progress, "gen: actions %d/%d (%.1fs)\n", g.stats.Actions, len(l.munis)*cfg.ActionsPerMunicipality, time.Since(start).Seconds())
	}
	return nil
}

var descriptionTails = []string{
	"Indsatsen gennemføres i samarbejde med lokale virksomheder og borgere.",
	"Effekten opgøres årligt i kommunens klimaregnskab.",
	"Projektet finansieres delvist af statslige puljer.",
	"Indsatsen er en del af kommunens DK2020-klimaplan.",
	"Der følges op på fremdriften hvert halve år i udvalget.",
}

// actions creates municipality i's actions.
func (g *generator) actions(ctx context.Context, tx *store.Tx, i int) error {
	cfg, m := g.l.cfg, g.l.munis[i]
	r := rng(cfg.Seed, 5, uint64(i))
	var neighbours []int64
	for n, o := range g.l.munis {
		if n != i && o.region == m.region {
			neighbours = append(neighbours, g.muniIDs[n])
		}
	}
	for k := range cfg.ActionsPerMunicipality {
		s := model.Sectors[r.IntN(len(model.Sectors))]
		title := fmt.Sprintf("%s, etape %d", actionTitles[s][r.IntN(len(actionTitles[s]))], 1+k%4)
		family := sectorTheme[s]
		if family < 0 {
			family = r.IntN(len(themeTree))
		}
		themes := []int64{g.childIDs[family][r.IntN(len(g.childIDs[family]))]}
		if r.IntN(10) < 3 {
			f2 := r.IntN(len(themeTree))
			if t := g.childIDs[f2][r.IntN(len(g.childIDs[f2]))]; t != themes[0] {
				themes = append(themes, t)
			}
		}
		w := r.IntN(100)
		status := actionStatusWeights[0].status
		for _, sw := range actionStatusWeights {
			if w < sw.weight {
				status = sw.status
				break
			}
			w -= sw.weight
		}
		startYear := 2018 + r.IntN(10)
		endYear := startYear + 1 + r.IntN(6)
		var progress any
		switch status {
		case "planned":
			progress = 0.0
		case "in_progress":
			progress = float64(10 + r.IntN(81))
		case "completed":
			progress = 100.0
		case "delayed":
			progress = float64(5 + r.IntN(56))
		}
		rec := model.Record{
			"plan_id": g.planIDs[i], "title": title,
			"description":     fmt.Sprintf("Genereret eksempel. %s i %s. %s", title, m.name, descriptionTails[r.IntN(len(descriptionTails))]),
			"sector":          s,
			"theme_ids":       themes,
			"organisation_id": g.muniIDs[i],
			"start_date":      fmt.Sprintf("%d-%02d-01", startYear, 1+r.IntN(12)),
			"end_date":        fmt.Sprintf("%d-12-31", endYear),
			"status":          status, "progress": progress,
			"cost_dkk": math.Round(1e5*math.Exp(3*r.Float64())) * 10,
			"example":  true, "source": valueSource,
		}
		if s != model.SectorAdaptation {
			rec["effect_t_co2e"] = math.Round(50 * math.Exp(1.5*r.NormFloat64()))
			rec["effect_start_year"] = int64(endYear)
		}
		if len(neighbours) > 0 && r.IntN(10) == 0 {
			rec["joint"] = true
			p := neighbours[r.IntN(len(neighbours))]
			partners := []int64{p}
			if q := neighbours[r.IntN(len(neighbours))]; q != p && r.IntN(2) == 0 {
				partners = append(partners, q)
			}
			rec["partner_ids"] = partners
		}
		rec["published"] = true
		if _, err := tx.Create(ctx, model.Actions, rec); err != nil {
			return fmt.Errorf("gen: create action %d of %s: %w", k+1, m.code, err)
		}
	}
	return nil
}

// chunk is how many values go to the store at a time; their records are reused.
const chunk = 10_000

// values writes every indicator value, TxRows to a transaction.
func (g *generator) values(ctx context.Context) error {
	cfg, l := g.l.cfg, g.l
	want := Counts(cfg)
	total := want.IndicatorValues()
	if total == 0 {
		return nil
	}
	txRows := cfg.TxRows
	if txRows <= 0 {
		txRows = 100_000
	}
	// Boxed once, shared by every row.
	inds := boxAll(g.indicatorIDs)
	munis := boxAll(g.muniIDs)
	periods := make([]any, cfg.Years)
	years := make([]any, cfg.Years)
	vintages := make([]any, cfg.Years)
	for y := range cfg.Years {
		periods[y] = fmt.Sprint(cfg.FirstYear + y)
		years[y] = int64(cfg.FirstYear + y)
		vintages[y] = vintage(cfg.FirstYear + y)
	}
	var yearKind, noBreakdown, source any = "year", "", valueSource
	breakdowns := map[string]any{}
	for _, ind := range l.indicators {
		for _, p := range ind.parts {
			breakdowns[p] = p
		}
	}

	batch := make([]model.Record, min(chunk, txRows, total))
	for i := range batch {
		batch[i] = make(model.Record, 12)
	}
	next, stop := iter.Pull(l.values())
	defer stop()
	start := time.Now()
	done := 0
	for done < total {
		if err := ctx.Err(); err != nil {
			return err
		}
		inTx, totals, parts := 0, 0, 0
		err := g.db.Tx(ctx, func(tx *store.Tx) error {
			for inTx < txRows && done+inTx < total {
				n := 0
				for n < len(batch) && inTx+n < txRows {
					v, ok := next()
					if !ok {
						break
					}
					rec := batch[n]
					y := v.year - cfg.FirstYear
					rec["indicator_id"] = inds[v.ind]
					rec["organisation_id"] = munis[v.muni]
					rec["period"] = periods[y]
					rec["period_kind"] = yearKind
					rec["period_year"] = years[y]
					rec["breakdown"] = noBreakdown
					if v.part >= 0 {
						rec["breakdown"] = breakdowns[l.indicators[v.ind].parts[v.part]]
						parts++
					} else {
						totals++
					}
					rec["value"] = v.value
					rec["source"] = source
					rec["note"] = nil
					rec["vintage"] = vintages[y]
					rec["example"] = true
					n++
				}
				if n == 0 {
					return fmt.Errorf("gen: ran out of values after %d of %d", done+inTx, total)
				}
				if err := tx.InsertValues(ctx, batch[:n]); err != nil {
					return err
				}
				inTx += n
			}
			return nil
		})
		if err != nil {
			return err
		}
		g.stats.Totals += totals
		g.stats.Parts += parts
		done += inTx
		secs := time.Since(start).Seconds()
		fmt.Fprintf(g.progress, "gen: indicator values %d/%d (%.1fs, %.0f rows/s)\n", done, total, secs, float64(done)/secs)
	}
	return nil
}

func boxAll(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
