package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"klimaspor/internal/model"
)

// The example climate plans are generated: the capital-region municipalities' real plans are
// not in the data set (only København's). Everything below is invented, flagged example=true
// and sourced as such. The kinds of actions are the ones the sources describe (the VIP
// projects, Roadmap 2025, Klimaalliancen's transition indicators); the titles, dates, status,
// effects and costs are not anyone's real figures.

// actionTemplate is a kind of action a municipal climate plan typically holds.
type actionTemplate struct {
	title, description, sector string
	themes                     []string
	partners                   []string // organisation codes the action may be done with
	wasteCompany               bool     // may be done with a waste company
	neighbours                 bool     // may be done with neighbouring municipalities
	rural                      bool     // only where there is farming
	effect                     [2]float64
	cost                       [2]float64
}

// effect is t CO2e a year for a municipality of 50,000 inhabitants; zero when the action has
// no direct reduction.
var actionTemplates = []actionTemplate{
	{"Offentlig ladeinfrastruktur på kommunale parkeringspladser", "Udbud og etablering af ladestandere til elbiler på kommunale arealer.", "transport",
		[]string{"transport.charging", "transport.ev"}, nil, false, true, false, [2]float64{100, 600}, [2]float64{2e6, 15e6}},
	{"Elbiler i kommunens egen bilflåde", "Kommunens person- og varebiler udskiftes til elbiler, når de skal fornyes.", "transport",
		[]string{"transport.fleet", "transport.ev"}, nil, false, false, false, [2]float64{30, 200}, [2]float64{3e6, 20e6}},
	{"Krav om fossilfri kørsel i udbud af flextrafik og hjemmeplejens kørsel", "Krav om emissionsfri eller fossilfri drivmidler i kommunens udbud af kørsel.", "transport",
		[]string{"transport.fleet", "consumption.procurement"}, []string{orgMovia}, false, false, false, [2]float64{50, 400}, [2]float64{0.5e6, 5e6}},
	{"Samkørselsaftale og pendlerkampagne", "Aftale med en samkørselsudbyder og en årlig kampagne for kommunens medarbejdere og lokale virksomheder.", "transport",
		[]string{"transport.carpooling", "transport.habits"}, []string{regionH}, false, true, false, [2]float64{20, 150}, [2]float64{0.2e6, 1.5e6}},
	{"Nye cykelstier og cykelparkering ved stationer", "Sammenhængende cykelruter og overdækket cykelparkering ved stationer og skoler.", "transport",
		[]string{"transport.cycling", "transport.habits"}, nil, false, true, false, [2]float64{50, 300}, [2]float64{10e6, 80e6}},
	{"Emissionsfri busser på de kommunale buslinjer", "Krav om emissionsfri busser, når de kommunale buslinjer sendes i udbud.", "transport",
		[]string{"transport.public"}, []string{orgMovia}, false, false, false, [2]float64{300, 1500}, [2]float64{5e6, 40e6}},
	{"Fossilfri arbejdsmaskiner i kommunens drift", "Entreprenørmaskiner og materiel i vej- og parkdriften skifter til el eller fossilfrie brændstoffer.", "transport",
		[]string{"transport.heavy", "transport.fleet"}, nil, false, false, false, [2]float64{20, 150}, [2]float64{1e6, 8e6}},
	{"Udfasning af olie- og gasfyr uden for fjernvarmeområderne", "Rådgivning og tilskud til boligejere, der skifter olie- eller gasfyr ud med en varmepumpe.", "energy",
		[]string{"energy.individual-heating"}, nil, false, false, false, [2]float64{300, 2500}, [2]float64{1e6, 6e6}},
	{"Udbygning af fjernvarmen i naturgasområder", "Varmeplanlægning og projektforslag for konvertering af naturgasområder til fjernvarme.", "energy",
		[]string{"energy.district-heating"}, nil, false, true, false, [2]float64{1000, 8000}, [2]float64{50e6, 400e6}},
	{"Solceller på kommunale bygninger", "Solcelleanlæg på tagene af skoler, daginstitutioner og administrationsbygninger.", "energy",
		[]string{"energy.renewables"}, nil, false, false, false, [2]float64{20, 200}, [2]float64{2e6, 15e6}},
	{"Arealer til sol- og vindenergi i kommuneplanen", "Udpegning af arealer til solceller og vindmøller og dialog med naboer og lodsejere.", "energy",
		[]string{"energy.renewables"}, nil, false, false, true, [2]float64{2000, 15000}, [2]float64{0.5e6, 3e6}},
	{"Gratis energitjek til parcelhusejere", "Energitjek af enfamilieshuse i udbud, med VIP-projektets udbudskit som grundlag.", "energy",
		[]string{"buildings.energy-savings"}, nil, false, true, false, [2]float64{100, 800}, [2]float64{0.5e6, 3e6}},
	{"Energirenovering af kommunale bygninger", "Efterisolering, nye vinduer, ventilation og bedre styring i kommunens egne bygninger.", "energy",
		[]string{"buildings.energy-savings"}, nil, false, false, false, [2]float64{100, 1000}, [2]float64{10e6, 120e6}},
	{"Energispring-netværk for almene boligafdelinger", "Benchmarking af energiforbruget og netværk for driftspersonale i almene boligafdelinger.", "energy",
		[]string{"buildings.energy-savings", "cross.engagement"}, nil, false, true, false, [2]float64{50, 400}, [2]float64{0.3e6, 2e6}},
	{"Indsamling af madaffald og flere fraktioner fra husholdningerne", "Ensartet indsamling af madaffald, plast, metal, papir, pap, glas og tekstil ved alle husstande.", "waste_wastewater",
		[]string{"waste.sorting", "waste.food"}, nil, true, false, false, [2]float64{300, 2000}, [2]float64{5e6, 30e6}},
	{"Mindre madspild i kommunale køkkener og plejecentre", "Måling af madspild, bedre planlægning af portioner og samarbejde med madspildsorganisationer.", "waste_wastewater",
		[]string{"waste.food"}, nil, false, false, false, [2]float64{10, 80}, [2]float64{0.2e6, 1.5e6}},
	{"Bedre plastsortering i boligområder og institutioner", "Flere og bedre beholdere til plast og information til beboere og personale.", "waste_wastewater",
		[]string{"waste.plastic", "waste.sorting"}, nil, true, false, false, [2]float64{50, 500}, [2]float64{1e6, 6e6}},
	{"Energi- og klimaoptimering af renseanlæg", "Mindre lattergas fra rensningen og energineutral drift af renseanlæggene.", "waste_wastewater",
		[]string{"waste.wastewater"}, nil, false, false, false, [2]float64{100, 900}, [2]float64{5e6, 50e6}},
	{"Cirkulære krav til møbler, emballage og tekstiler i udbud", "Fælles principper for cirkulære indkøb anvendes i kommunens udbud og indkøbsaftaler.", "consumption_procurement",
		[]string{"consumption.circular", "consumption.procurement"}, nil, false, true, false, [2]float64{20, 200}, [2]float64{0.2e6, 2e6}},
	{"Klimakrav og livscyklusvurdering i kommunalt byggeri", "Krav til klimaaftryk (LCA) i kommunens nybyggeri og større renoveringer.", "consumption_procurement",
		[]string{"buildings.construction", "consumption.procurement"}, nil, false, false, false, [2]float64{50, 500}, [2]float64{0.5e6, 3e6}},
	{"Klimavenlig mad i kommunale køkkener", "Mere plantebaseret mad og sæsonens råvarer i kantiner, skoler og plejecentre.", "consumption_procurement",
		[]string{"consumption.procurement", "consumption.citizens"}, nil, false, false, false, [2]float64{30, 300}, [2]float64{0.5e6, 3e6}},
	{"Klimafamilier og borgerrettede forbrugsindsatser", "Borgere, der vil ændre deres forbrug, får redskaber og en kanal til lokalpolitikerne.", "consumption_procurement",
		[]string{"consumption.citizens", "cross.engagement"}, []string{orgCONCITO, regionH}, false, false, false, [2]float64{}, [2]float64{0.3e6, 1.5e6}},
	{"Skybrudssikring af udsatte byområder", "Regnvandsbassiner, grønne veje og forsinkelse af regnvand på terræn i de mest udsatte områder.", "adaptation",
		[]string{"adaptation.cloudburst"}, nil, false, true, false, [2]float64{}, [2]float64{20e6, 300e6}},
	{"Udtagning af kulstofrige lavbundsjorde", "Aftaler med lodsejere om at udtage og vådlægge kulstofrige lavbundsjorde.", "land_use",
		[]string{"land.lowland"}, nil, false, false, true, [2]float64{300, 3000}, [2]float64{2e6, 20e6}},
	{"Skovrejsning på kommunale arealer", "Ny skov på kommunale arealer, gerne over grundvandsinteresser.", "land_use",
		[]string{"land.forest"}, nil, false, false, false, [2]float64{50, 500}, [2]float64{2e6, 15e6}},
	{"Klimavenlig drift af landbrugsjord i partnerskab med landmænd", "Rådgivning og partnerskab om efterafgrøder, mindre kvælstof og klimavenlig husdyrproduktion.", "agriculture",
		[]string{"land.farming"}, nil, false, false, true, [2]float64{200, 2000}, [2]float64{0.5e6, 4e6}},
	{"Klimarådgivning til lokale virksomheder", "Klimaregnskaber og handleplaner for små og mellemstore virksomheder.", "cross_cutting",
		[]string{"cross.business"}, []string{orgEHH}, false, false, false, [2]float64{100, 1000}, [2]float64{0.5e6, 3e6}},
	{"Årligt klimaregnskab og opfølgning på klimaplanen", "Opgørelse af udledningen med Energi- og CO2-regnskabet og årlig status til kommunalbestyrelsen.", "cross_cutting",
		[]string{"cross.climate-plans"}, []string{orgGate21}, false, false, false, [2]float64{}, [2]float64{0.2e6, 1e6}},
}

// ruralThreshold: a municipality whose farming emissions were at least this in 2023 (t CO2e)
// gets the farming and land actions.
const ruralThreshold = 10000

// exampleToday is the fixed "now" of the generated status, so the data set does not change
// from one day to the next.
var exampleToday = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)

// examplePlans adds a generated example climate plan with actions for each capital-region
// municipality except København, whose real plan is loaded instead.
func (l *loader) examplePlans() error {
	// Farming in the accounts' latest year decides which municipalities are rural.
	var latest int64
	for _, r := range l.d.accounts {
		latest = max(latest, r.Year)
	}
	farming := map[string]float64{}
	for _, r := range l.d.accounts {
		if r.Year == latest && r.Sector == model.EmissionAgriculture {
			farming[r.Code] = r.Value
		}
	}
	kkr := l.d.kkrMunicipalities()
	var examples []municipality
	for _, m := range kkr {
		if m.Code != "101" {
			examples = append(examples, m)
		}
	}
	al, err := l.alignment(examples)
	if err != nil {
		return err
	}
	for _, m := range examples {
		if err := l.examplePlan(m, farming[m.Code] >= ruralThreshold, kkr, al.adopted[m.Code], al.wanted[m.Code]); err != nil {
			return fmt.Errorf("municipality %s: %w", m.Code, err)
		}
	}
	// The following writes, if any, are dated now again.
	l.tx.AsOf(time.Now())
	return nil
}

// analysisDay is the day of the published cross-plan shares' analysis in the demo's history:
// the shares' date is the year 2024 (the final report's, S001), with no day given, so the
// demo takes the year's first day. The analysis covered the 26 plans approved then; S001 says
// 27 of 29 by the end of February 2024 and the last two expected in 2024.
const analysisDay = "2024-01-01"

// analysisPlans is how many plans the analysis covered (issue 13: the 26 plans approved at
// the time).
const analysisPlans = 26

// alignment is how the example plans are made to agree with the published cross-plan shares
// at analysisDay: each example plan's adoption day, and for the plans adopted by then which
// of the eight published themes each has (nil for the others: no constraint).
type alignment struct {
	adopted map[string]time.Time       // adoption day by municipality code
	wanted  map[string]map[string]bool // published theme code → has it, by municipality code
}

// alignment dates the example plans and shares out the published themes. København's real
// plan is loaded as of the load, without an adoption day, so the demo's history has it only
// from then: the 26 plans of the analysis are example plans, the last two in file order are
// adopted after analysisDay. A theme with share p% goes to round(26 × p / 100) of the 26,
// chosen by a fixed draw; the rounded count must give p back as a whole per cent.
func (l *loader) alignment(examples []municipality) (alignment, error) {
	al := alignment{adopted: map[string]time.Time{}, wanted: map[string]map[string]bool{}}
	if len(examples) < analysisPlans {
		return al, fmt.Errorf("%d example plans; the analysis covered %d", len(examples), analysisPlans)
	}
	day, _ := time.Parse(time.DateOnly, analysisDay)
	early := examples[:analysisPlans]
	for i, m := range examples {
		code, _ := strconv.ParseUint(m.Code, 10, 64)
		rng := rand.New(rand.NewPCG(code, 0x61646f7074656421))
		if i < analysisPlans {
			// Between the start of 2022 and the analysis day.
			al.adopted[m.Code] = day.AddDate(-2, 0, rng.IntN(730)).Add(12 * time.Hour)
		} else {
			// After February 2024 (S001: 27 by its end), within 2024.
			al.adopted[m.Code] = time.Date(2024, 3, 1+rng.IntN(270), 12, 0, 0, 0, time.UTC)
		}
	}
	for _, m := range early {
		al.wanted[m.Code] = map[string]bool{}
	}
	rng := rand.New(rand.NewPCG(analysisPlans, 0x73686172657321))
	for _, s := range l.crossPlanCounts() {
		if got := math.Round(100 * float64(s.count) / analysisPlans); got != s.pct {
			return al, fmt.Errorf("theme %s: %d of %d is %v %%, not the published %v %%", s.code, s.count, analysisPlans, got, s.pct)
		}
		for i, j := range rng.Perm(analysisPlans) {
			al.wanted[early[j].Code][s.code] = i < s.count
		}
	}
	return al, nil
}

// crossPlanShare is a published cross-plan share and how many of the analysis's plans it
// stands for.
type crossPlanShare struct {
	code  string
	pct   float64
	count int
}

// crossPlanCounts lists the published cross-plan shares in file order, with their counts of
// the analysis's plans (the themes were checked by crossPlanShares).
func (l *loader) crossPlanCounts() []crossPlanShare {
	var out []crossPlanShare
	for _, p := range l.d.vip.Projects {
		for _, s := range p.CrossPlanShare {
			t, _ := themeByDA(s.ThemeDA)
			out = append(out, crossPlanShare{t.code, s.SharePct, int(math.Round(analysisPlans * s.SharePct / 100))})
		}
	}
	return out
}

// actionPick is an action template as it goes into one plan, with the themes it carries there.
type actionPick struct {
	t      actionTemplate
	themes []string
}

// pickActions chooses a plan's actions from the shuffled pool: the first n, then aligned with
// wanted (nil: as drawn). A published theme the plan should not have is taken off the
// actions (an action left with no theme is dropped), a published theme it should have and
// lacks adds the first template that carries it, and the plan keeps 8–15 actions without
// losing a wanted theme.
func pickActions(pool []actionTemplate, n int, wanted map[string]bool) []actionPick {
	themesOf := func(t actionTemplate) []string {
		var out []string
		for _, th := range t.themes {
			if want, published := wanted[th]; !published || want {
				out = append(out, th)
			}
		}
		return out
	}
	var picks []actionPick
	picked := map[string]bool{}
	add := func(t actionTemplate) {
		if th := themesOf(t); len(th) > 0 && !picked[t.title] {
			picks = append(picks, actionPick{t, th})
			picked[t.title] = true
		}
	}
	for _, t := range pool[:n] {
		add(t)
	}
	if wanted == nil {
		return picks
	}
	has := func(code string) int {
		k := 0
		for _, p := range picks {
			if slices.Contains(p.themes, code) {
				k++
			}
		}
		return k
	}
	for _, t := range actionTemplates {
		for _, th := range t.themes {
			if wanted[th] && has(th) == 0 {
				add(t)
			}
		}
	}
	for i := len(picks) - 1; i >= 0 && len(picks) > 15; i-- {
		needed := false
		for _, th := range picks[i].themes {
			if wanted[th] && has(th) == 1 {
				needed = true
			}
		}
		if !needed {
			picks = slices.Delete(picks, i, i+1)
		}
	}
	for _, t := range pool[n:] {
		if len(picks) >= 8 {
			break
		}
		add(t)
	}
	return picks
}

func (l *loader) examplePlan(m municipality, rural bool, kkr []municipality, adopted time.Time, wanted map[string]bool) error {
	org, err := l.org(m.Code)
	if err != nil {
		return err
	}
	code, _ := strconv.ParseUint(m.Code, 10, 64)
	rng := rand.New(rand.NewPCG(code, 0x4b6c696d6173706f)) // the same actions on every load

	// The plan and its actions enter the record history on the day the plan was adopted, so
	// that coverage at a past day finds them.
	l.tx.AsOf(adopted)
	planCode := "KP-" + m.Code
	planID, err := l.create(model.Plans, model.Record{
		"code": planCode, "organisation_id": org, "kind": "climate_plan", "title": "Klimaplan for " + m.Name + " (eksempel)",
		"description":  "Genereret eksempel, der viser, hvordan en klimaplan ser ud i Klimaspor. Indsatser, datoer, status, effekter og priser er opdigtede; kommunens rigtige klimaplan er ikke indlæst.",
		"period_start": int64(2022), "period_end": int64(2030), "baseline_year": int64(2018),
		"status": "adopted", "adopted_on": adopted.Format(time.DateOnly), "example": true, "source": exampleSource,
	}, planCode)
	if err != nil {
		return err
	}

	var pool []actionTemplate
	for _, t := range actionTemplates {
		if !t.rural || rural {
			pool = append(pool, t)
		}
	}
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	n := min(8+rng.IntN(8), len(pool))
	scale := float64(m.Population) / 50000
	wasteCompanies := []string{orgARGO, orgVestfor, orgARC}
	for _, p := range pickActions(pool, n, wanted) {
		t := p.t
		status := pickStatus(rng)
		start, end := exampleDates(rng, status)
		rec := model.Record{
			"plan_id": planID, "title": t.title, "description": t.description + " (Eksempel – ikke en rigtig indsats.)",
			"sector": t.sector, "organisation_id": org, "status": status, "example": true, "source": exampleSource,
			"start_date": start.Format(time.DateOnly), "joint": false, "partner_ids": []int64{},
		}
		if rec["theme_ids"], err = l.themeIDs(p.themes...); err != nil {
			return err
		}
		if !end.IsZero() {
			rec["end_date"] = end.Format(time.DateOnly)
		}
		switch status {
		case "planned":
			rec["progress"] = 0.0
		case "completed":
			rec["progress"] = 100.0
		case "in_progress":
			rec["progress"] = float64(10 + 5*rng.IntN(17))
		case "delayed":
			rec["progress"] = float64(5 + 5*rng.IntN(10))
		}
		if t.effect[1] > 0 {
			e := (t.effect[0] + rng.Float64()*(t.effect[1]-t.effect[0])) * scale
			rec["effect_t_co2e"] = roundEffect(e)
			year := end.Year()
			if end.IsZero() {
				year = start.Year() + 1
			}
			rec["effect_start_year"] = int64(year)
		}
		rec["cost_dkk"] = math.Max(100000, math.Round((t.cost[0]+rng.Float64()*(t.cost[1]-t.cost[0]))/100000)*100000)

		// Done jointly with some of the partners the kind of action has.
		var partners []int64
		if rng.Float64() < 0.5 {
			for _, p := range t.partners {
				partners = append(partners, l.orgs[p])
			}
			if t.wasteCompany {
				partners = append(partners, l.orgs[wasteCompanies[rng.IntN(len(wasteCompanies))]])
			}
			if t.neighbours {
				for range 1 + rng.IntN(2) {
					nb := kkr[rng.IntN(len(kkr))]
					id := l.orgs[nb.Code]
					if nb.Code != m.Code && !containsID(partners, id) {
						partners = append(partners, id)
					}
				}
			}
		}
		if len(partners) > 0 {
			rec["joint"], rec["partner_ids"] = true, partners
		}
		if _, err := l.create(model.Actions, rec, t.title); err != nil {
			return err
		}
	}
	return nil
}

func pickStatus(rng *rand.Rand) string {
	x := rng.IntN(100)
	switch {
	case x < 20:
		return "planned"
	case x < 68:
		return "in_progress"
	case x < 88:
		return "completed"
	case x < 97:
		return "delayed"
	}
	return "cancelled"
}

// exampleDates gives start and end dates that fit the status on exampleToday. A cancelled
// action has no end date.
func exampleDates(rng *rand.Rand, status string) (start, end time.Time) {
	month := func(y int) time.Time { return time.Date(y, time.Month(1+rng.IntN(12)), 1, 0, 0, 0, 0, time.UTC) }
	endOf := func(t time.Time, years int) time.Time { return t.AddDate(years, 0, -1) }
	switch status {
	case "planned":
		start = month(2026 + rng.IntN(2))
		end = endOf(start, 1+rng.IntN(4))
	case "completed":
		start = month(2022 + rng.IntN(2))
		end = endOf(start, 1+rng.IntN(2))
	case "cancelled":
		start = month(2022 + rng.IntN(3))
	default: // in_progress, delayed
		start = month(2022 + rng.IntN(3))
		end = endOf(month(2026+rng.IntN(5)), 0)
	}
	// Within the plan period (2022–2030), and a completed action ended before "today".
	if last := time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC); end.After(last) {
		end = last
	}
	if status == "completed" && end.After(exampleToday) {
		end = exampleToday
	}
	return start, end
}

// roundEffect keeps two significant figures, as an estimate should.
func roundEffect(e float64) float64 {
	if e < 10 {
		return math.Max(1, math.Round(e))
	}
	p := math.Pow(10, math.Floor(math.Log10(e))-1)
	return math.Round(e/p) * p
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
