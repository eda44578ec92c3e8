package demo

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"klimaspor/internal/model"
)

// indicatorInfo describes an indicator the data files name only by code.
type indicatorInfo struct {
	da, en, unit, direction, theme string
}

// vipIndicators describes the indicators of the VIP projects' goals and measurements.
var vipIndicators = map[string]indicatorInfo{
	"municipalities_with_approved_climate_plan":       {"Kommuner med en politisk godkendt klimaplan", "Municipalities with a politically approved climate plan", "kommuner", "higher", "cross.climate-plans"},
	"municipalities_round1_submitted_or_approved":     {"Kommuner i 1. runde af DK2020, hvis plan er sendt til forhåndsvurdering eller godkendt af C40", "Round-1 DK2020 municipalities whose plan was sent for pre-assessment or approved by C40", "kommuner", "higher", "cross.climate-plans"},
	"food_waste_public_kitchens":                      {"Reduktion af madspild i offentlige køkkener", "Reduction of food waste in public kitchens", "% reduktion", "higher", "waste.food"},
	"municipalities_collecting_biowaste":              {"Kommuner der indsamler bioaffald fra husholdninger", "Municipalities collecting bio-waste from households", "kommuner", "higher", "waste.food"},
	"household_waste_recycling_pct":                   {"Genanvendelse af husholdningsaffald", "Recycling of household waste", "%", "higher", "waste.sorting"},
	"green_fuel_share_public_transport_pct":           {"Andel af regionalt eller kommunalt finansieret transport drevet af grønne drivmidler", "Share of regionally or municipally financed transport run on green fuels", "%", "higher", "transport.public"},
	"municipalities_with_circular_procurement_policy": {"Kommuner med en indkøbspolitik eller -strategi, der fremmer cirkulære indkøb", "Municipalities with a procurement policy or strategy that promotes circular procurement", "kommuner", "higher", "consumption.circular"},
	"persons_per_car_commuting":                       {"Personer pr. bil i pendlingen", "Persons per car in commuting", "personer pr. bil", "higher", "transport.carpooling"},
	"energy_savings_single_family_gwh":                {"Energibesparelse i enfamilieshuse", "Energy savings in single-family houses", "GWh", "higher", "buildings.energy-savings"},
	"plastic_sorted_out_of_incineration_pct":          {"Udsortering af plast fra forbrændingen", "Plastic sorted out of incineration", "%", "higher", "waste.plastic"},
	"municipalities_tendered_charging_infrastructure": {"Kommuner der har gennemført udbud af ladeinfrastruktur", "Municipalities that have tendered charging infrastructure", "kommuner", "higher", "transport.charging"},
	"carpool_campaign_municipalities":                 {"Kommuner der deltog i den regionale samkørselskampagne", "Municipalities taking part in the regional carpooling campaign", "kommuner", "higher", "transport.carpooling"},
}

// extraMeasurements are results the VIP file states as facts in prose; the figures are the
// sources' own.
var extraMeasurements = map[string][]struct {
	indicator, period, note, source string
	value                           float64
}{
	"VIP3": {{"municipalities_tendered_charging_infrastructure", "2023-10",
		"Rundspørge i oktober 2023 besvaret af 22 kommuner: mindst 13 har gennemført et udbud af ladeinfrastruktur, og mindst 8 er i gang eller har planlagt et udbud.", "S001", 13}},
	"VIP5": {{"carpool_campaign_municipalities", "2021-11",
		"Samkørselskampagnen »Alle har brug for en sidemakker« i november 2021: 15 kommuner, Region Hovedstaden og 14 virksomheder deltog.", "S001", 15}},
}

// measurementNotes are Danish notes for the file's measurements, by indicator.
var measurementNotes = map[string]string{
	"municipalities_with_approved_climate_plan":   "27 af 29 kommuner ved udgangen af februar 2024; 2 er i proces og forventes godkendt inden udgangen af 2024.",
	"municipalities_round1_submitted_or_approved": "De 11 første kommuner i 1. runde af DK2020 har sendt deres klimaplan til forhåndsvurdering eller fået den endeligt godkendt hos C40.",
}

// goalsEN translates the VIP goals.
var goalsEN = map[string]string{
	"Alle kommuner i hovedstadsregionen har vedtaget en klima- og energiplan inden udgangen af 2022.":                                      "All municipalities in the capital region have adopted a climate and energy plan by the end of 2022.",
	"Fossilfri el- og varmeforsyning i 2035.":                                                                                              "Fossil-free electricity and heat supply by 2035.",
	"Fossilfri transportsektor i 2050.":                                                                                                    "A fossil-free transport sector by 2050.",
	"Madspild i offentlige køkkener halveres inden 2030.":                                                                                  "Food waste in public kitchens is halved by 2030.",
	"Alle kommuner indsamler bioaffald fra husholdninger senest i 2022.":                                                                   "All municipalities collect bio-waste from households by 2022 at the latest.",
	"EU-mål for genanvendelse af husholdningsaffald: 55 % i 2025, 60 % i 2030, 65 % i 2035.":                                               "EU targets for recycling of household waste: 55 % in 2025, 60 % in 2030, 65 % in 2035.",
	"Mindst 50 % af regionalt eller kommunalt finansieret transport er drevet af grønne drivmidler i 2025.":                                "At least 50 % of regionally or municipally financed transport runs on green fuels in 2025.",
	"I 2030 er den transport 100 % fossilfri.":                                                                                             "By 2030 that transport is 100 % fossil-free.",
	"Alle kommuner har inden udgangen af 2022 besluttet en indkøbspolitik eller -strategi, der fremmer cirkulære indkøb.":                  "By the end of 2022 every municipality has decided on a procurement policy or strategy that promotes circular procurement.",
	"Tre til fem områder med cirkulære krav i kommende udbud, valgt blandt kategorierne med størst potentiale for CO2-reduktion.":          "Three to five areas with circular requirements in coming tenders, chosen among the categories with the largest potential for CO2 reduction.",
	"Antallet af personer pr. bil i pendlingen stiger fra 1,05 (2014) til 1,2 i 2022.":                                                     "The number of persons per car in commuting rises from 1.05 (2014) to 1.2 in 2022.",
	"Øge tempoet for renovering af eksisterende boliger og skabe energibesparelser.":                                                       "Speed up the renovation of existing housing and achieve energy savings.",
	"Ca. 300.000 enfamilieshuse i regionen forventes at kunne spare 15 % energi frem til 2030, svarende til 1.000 GWh og 700.000 ton CO2.": "About 300,000 single-family houses in the region are expected to be able to save 15 % of their energy by 2030, equal to 1,000 GWh and 700,000 tonnes of CO2.",
	"Minimere plastaffald i kommunale indkøb og drift.":                                                                                    "Minimise plastic waste in municipal procurement and operations.",
	"Øge sortering til genanvendelse og forbedre genanvendelsesprocenten for plastaffald.":                                                 "Increase sorting for recycling and improve the recycling rate of plastic waste.",
	"National mål: 80 % udsortering af plast fra forbrændingen i 2030.":                                                                    "National target: 80 % of plastic sorted out of incineration by 2030.",
}

// vipDescriptions summarise each project in Danish, from the compendium (S003c) and the final
// report (S001).
var vipDescriptions = map[string]string{
	"VIP1": "Alle kommuner udarbejder en klima- og energiplan, der løfter den fælles vision om en fossilfri el- og varmeforsyning i 2035 og en fossilfri transportsektor i 2050. Planerne dækker energi, transport, landbrug, affald, spildevand og proces og indeholder kortlægning, mål og vision, analyse af handlemuligheder samt konkrete indsatser. Projektet blev i praksis lagt sammen med DK2020-samarbejdet.",
	"VIP2": "Mindre madspild i de offentlige køkkener, indsamling af bioaffald fra husholdninger i alle kommuner, og kampagner for mindre madspild og bedre indsamling. Vidensdeling, rundture i kommunale køkkener og dialog med madspildsorganisationer.",
	"VIP3": "Videndeling om planer og udbud af ladeinfrastruktur, udskiftning af den kommunale køretøjsflåde og emissionsfri drivmidler i udbud af transport.",
	"VIP4": "Cirkulære indkøb i tre spor: emballage, møbler og tekstiler. Fælles principper for emballage i kommunale udbud og markedsdialog med leverandører.",
	"VIP5": "Nye og grønnere pendlervaner med hovedvægt på samkørsel: en regional samkørselskampagne, en guide til kampagner på arbejdspladser og samarbejde med samkørselsudbydere.",
	"VIP6": "Energibesparelser i boliger i to spor: parcelhuse (udbudskit for energitjek) og etageboliger (benchmarking med Energispring).",
	"VIP7": "Mindre plastaffald i kommunale indkøb og drift og mere sortering af plast til genanvendelse, bl.a. gennem en fælles kontrakt for sortering og behandling af plastaffald.",
}

// vipSectors is the sector of each project's actions.
var vipSectors = map[string]string{
	"VIP1": "cross_cutting", "VIP2": "waste_wastewater", "VIP3": "transport", "VIP4": "consumption_procurement",
	"VIP5": "transport", "VIP6": "energy", "VIP7": "waste_wastewater",
}

// vipActions are the activities the sources report the projects carried out (or dropped).
// Dates are given only where the source states them.
var vipActions = []struct {
	project, org, title, description, status, start, end, source string
	themes, partners                                             []string
}{
	{"VIP1", regionH, "Sparring og feedback til kommunernes klimaplaner",
		"Kommunerne i hovedstadsregionen fik jævnlig sparring og feedback fra den regionale DK2020-organisering under KKR Hovedstaden ved Region Hovedstaden og Gate 21, mens de udarbejdede deres klimaplaner.",
		"completed", "", "", "S001", []string{"cross.climate-plans"}, []string{orgGate21}},
	{"VIP1", regionH, "Overblik over indsatserne i de sjællandske DK2020-planer",
		"Der er udarbejdet et overblik over, hvilke indsatser kommunerne fra pilotfasen og første runde af DK2020 på hele Sjælland har i deres planer.",
		"completed", "", "", "S003h", []string{"cross.climate-plans"}, []string{orgGate21}},
	{"VIP2", "Albertslund", "Videndeling og rundture i kommunale køkkener om madspild",
		"Kommunerne har delt viden og erfaringer, været i dialog med madspildsorganisationer og besøgt kommunale køkkener for at få indblik i forudsætningerne for at arbejde med madspild.",
		"completed", "", "", "S001", []string{"waste.food"}, nil},
	{"VIP3", "Frederiksberg", "Arrangementer og webinarer om grønne drivmidler",
		"Cirka 15 arrangementer eller webinarer med op til 50 deltagere om planer og udbud af ladeinfrastruktur, udskiftning af den kommunale køretøjsflåde og emissionsfri drivmidler i udbud, samt vejledning om AFI-loven fra april 2022.",
		"completed", "", "", "S001", []string{"transport.charging", "transport.fleet"}, []string{regionH}},
	{"VIP4", "Gladsaxe", "Kommunale principper for cirkulær emballage i udbud",
		"De deltagende kommuner har udviklet principper for indkøb af emballage i kommunale udbud og anvender dem i egne udbud; SKI medtager principperne i kommende relevante udbud.",
		"completed", "", "", "S003h, S001", []string{"consumption.circular", "consumption.procurement"}, nil},
	{"VIP4", "Gladsaxe", "Hierarki for cirkulære møbler omsat til retningslinjer",
		"Gladsaxe Kommune har omsat et hierarki for cirkulære møbler til retningslinjer vedtaget af ledelsen: aftaler med møbelreparatører, en intern genbrugsbørs for møbler og en afgrænsning af sortimentet til miljømærket inventar.",
		"completed", "", "", "S001", []string{"consumption.circular"}, nil},
	{"VIP5", "Ballerup", "Regional samkørselskampagne »Alle har brug for en sidemakker«",
		"Kampagne med kampagnematerialer, konkurrenceelementer, vejledning og presseindsats; 15 kommuner, Region Hovedstaden og 14 virksomheder deltog i november 2021.",
		"completed", "2021-11-01", "2021-11-30", "S001", []string{"transport.carpooling"}, []string{regionH}},
	{"VIP5", "Ballerup", "Gentagelse af samkørselskampagnen i november 2022",
		"Planen var at gentage fokus på samkørsel i november 2022; det blev ikke gennemført på grund af manglende tilslutning blandt kommunerne.",
		"cancelled", "", "", "S001", []string{"transport.carpooling"}, nil},
	{"VIP6", "Fredensborg", "Udbudskit for energitjek til parcelhuse",
		"Generisk tilbudsmateriale, som kommunerne kan bruge, når de sender energitjek til parcelhusejere i udbud; udsendt i april 2022.",
		"completed", "", "2022-04-30", "S003h, S001", []string{"buildings.energy-savings"}, nil},
	{"VIP6", "Fredensborg", "Pilotforløb med Energispring i almene boligafdelinger",
		"Pilotprojekt i Fredensborg Kommune med bygninger fra almene boligforeninger. Det viste, at det er svært at engagere boligafdelinger lokalt, at datakvaliteten er lav, og at benchmark viser et stort besparelsespotentiale.",
		"completed", "", "", "S003h, S001", []string{"buildings.energy-savings"}, nil},
	{"VIP7", "København", "Fælles kontrakt for sortering og behandling af plastaffald",
		"Fælles udbud (sommer 2021) og kontrakt fra januar 2022 på tværs af affaldsselskaberne ARGO, Vestforbrænding og ARC; kontrakten dækker op til 21.000 tons plastaffald om året med en sorteringsprocent på 75.",
		"completed", "2022-01-01", "", "S003h", []string{"waste.plastic"}, []string{orgARGO, orgVestfor, orgARC}},
	{"VIP7", "København", "Fælles krav og retningslinjer for plastemballage i kommunale indkøb",
		"Udarbejdet i samarbejde med VIP-projektet om cirkulære indkøb.",
		"completed", "", "", "S003h, S001", []string{"waste.plastic", "consumption.circular"}, nil},
}

func (l *loader) vipProjects() error {
	v := l.d.vip
	kkr, err := l.org(orgKKR)
	if err != nil {
		return err
	}
	start, end, err := yearRange(v.Programme.Period)
	if err != nil {
		return fmt.Errorf("programme period: %w", err)
	}
	progID, err := l.create(model.Programmes, model.Record{
		"code": "VIP", "name_da": v.Programme.NameDA, "name_en": v.Programme.NameEN,
		"period_start": start, "period_end": end, "organisation_id": kkr,
		"description": "Syv tværkommunale klimaprojekter besluttet af KKR Hovedstaden i 2020. Hvert projekt har en eller to tovholdere, som sammen med Gate 21 rapporterer status halvårligt (marts–april og oktober–november) og ved projektperiodens afslutning på et skema til KKR-sekretariatet. Programstyregruppe: Embedsmandsudvalget for Klima og Infrastruktur (EKI) under KKR Hovedstaden. Arbejdet fortsætter fra 2023 i Klimaalliancen i Hovedstadsregionen.",
		"source":      ref("S003c, S003h, S001"),
	}, "VIP")
	if err != nil {
		return err
	}
	all29 := l.d.kkrMunicipalities()
	for _, p := range v.Projects {
		if err := l.vipProject(progID, p, start, end, all29); err != nil {
			return fmt.Errorf("%s: %w", p.Code, err)
		}
	}
	return nil
}

func (l *loader) vipProject(progID int64, p vipProject, start, end int64, all29 []municipality) error {
	projID, err := l.create(model.Projects, model.Record{
		"programme_id": progID, "code": p.Code, "name_da": p.NameDA, "name_en": p.NameEN,
		"description": vipDescriptions[p.Code], "period_start": start, "period_end": end,
		"source": ref("S003c, S001"),
	}, p.Code)
	if err != nil {
		return err
	}
	if err := l.vipParticipants(projID, p, all29); err != nil {
		return err
	}
	indIDs, err := l.vipProjectIndicators(projID, p)
	if err != nil {
		return err
	}
	if err := l.vipGoals(projID, p, indIDs); err != nil {
		return err
	}
	if err := l.vipValues(p, indIDs); err != nil {
		return err
	}

	// Activities the sources describe.
	for _, a := range vipActions {
		if a.project != p.Code {
			continue
		}
		if err := l.projectAction(projID, vipSectors[p.Code], a.org, a.title, a.description, a.status, a.start, a.end, a.source, a.themes, a.partners); err != nil {
			return err
		}
	}
	return nil
}

// vipParticipants stores the project's participants: the listed ones, plus any lead the
// list leaves out.
func (l *loader) vipParticipants(projID int64, p vipProject, all29 []municipality) error {
	var names []string
	partSource := ref("S003h")
	var all string
	if json.Unmarshal(p.Participants, &all) == nil {
		if all != "all 29 municipalities" {
			return fmt.Errorf("participants %q not understood", all)
		}
		for _, m := range all29 {
			names = append(names, m.Name)
		}
		partSource = ref("S001")
	} else if err := json.Unmarshal(p.Participants, &names); err != nil {
		return fmt.Errorf("participants: %w", err)
	}
	listed := slices.Clone(names)
	for _, lead := range p.Leads {
		if !slices.Contains(names, lead) {
			names = append(names, lead)
		}
	}
	for _, name := range names {
		org, err := l.named(name)
		if err != nil {
			return err
		}
		lead := slices.Contains(p.Leads, name)
		src := partSource
		switch {
		case !slices.Contains(listed, name):
			src = ref("S001") + " (tovholder ifølge oversigten over tovholdere; ikke på deltagerlisten)"
		case lead:
			src += "; tovholder: " + ref("S001")
		}
		if _, err := l.create(model.Participants, model.Record{
			"project_id": projID, "organisation_id": org, "role": "member", "lead": lead, "source": src,
		}, name); err != nil {
			return err
		}
	}
	return nil
}

// vipIndicator is what the project's goals say of one of its indicators.
type vipIndicator struct {
	targets      []model.Target
	baseline     *float64
	baselineYear *int64
	source       string
}

// vipIndicatorGoals returns the indicators the project's goals and measurements name, in
// order of first use, each with the targets and baseline of every goal that uses it.
func vipIndicatorGoals(p vipProject) (map[string]*vipIndicator, []string, error) {
	inds := map[string]*vipIndicator{}
	var order []string
	use := func(code, source string) *vipIndicator {
		if i, ok := inds[code]; ok {
			return i
		}
		i := &vipIndicator{source: source}
		inds[code] = i
		order = append(order, code)
		return i
	}
	for _, g := range p.Goals {
		if g.Indicator == "" {
			continue
		}
		i := use(g.Indicator, g.Source)
		target := g.Target
		if target == nil {
			target = g.ReductionPct
		}
		if target != nil && g.TargetYear != nil {
			i.targets = append(i.targets, model.Target{Year: *g.TargetYear, Value: *target})
		}
		for y, val := range g.Targets {
			year, err := strconv.ParseInt(y, 10, 64)
			if err != nil {
				return nil, nil, fmt.Errorf("goal target year %q: %w", y, err)
			}
			i.targets = append(i.targets, model.Target{Year: year, Value: val})
		}
		if g.Baseline != nil {
			i.baseline, i.baselineYear = g.Baseline, g.BaselineYear
		}
	}
	for _, m := range p.Measurements {
		use(m.Indicator, m.Source)
	}
	for _, m := range extraMeasurements[p.Code] {
		use(m.indicator, m.source)
	}
	return inds, order, nil
}

// vipProjectIndicators stores the project's indicators, one per named indicator, and
// returns their ids by code.
func (l *loader) vipProjectIndicators(projID int64, p vipProject) (map[string]int64, error) {
	inds, order, err := vipIndicatorGoals(p)
	if err != nil {
		return nil, err
	}
	indIDs := map[string]int64{}
	for _, code := range order {
		info, ok := vipIndicators[code]
		if !ok {
			return nil, fmt.Errorf("indicator %q is not described", code)
		}
		i := inds[code]
		sort.Slice(i.targets, func(a, b int) bool { return i.targets[a].Year < i.targets[b].Year })
		theme, err := l.themeIDs(info.theme)
		if err != nil {
			return nil, err
		}
		rec := model.Record{
			"code": code, "name_da": info.da, "name_en": info.en, "unit": info.unit, "direction": info.direction,
			"owner_project_id": projID, "theme_id": theme[0], "targets": i.targets, "source": ref(i.source),
		}
		if i.baseline != nil {
			rec["baseline_value"] = *i.baseline
			if i.baselineYear != nil {
				rec["baseline_year"] = *i.baselineYear
			}
		}
		if indIDs[code], err = l.create(model.Indicators, rec, code); err != nil {
			return nil, err
		}
	}
	return indIDs, nil
}

// vipGoals stores the project's goals in order, each linked to its indicator.
func (l *loader) vipGoals(projID int64, p vipProject, indIDs map[string]int64) error {
	for n, g := range p.Goals {
		rec := model.Record{
			"project_id": projID, "position": int64(n + 1), "text_da": g.TextDA, "text_en": goalsEN[g.TextDA],
			"source": ref(g.Source),
		}
		if g.TargetYear != nil {
			rec["target_year"] = *g.TargetYear
		}
		if g.Indicator != "" {
			rec["indicator_id"] = indIDs[g.Indicator]
			if g.Target != nil {
				rec["target_value"] = *g.Target
			} else if g.ReductionPct != nil {
				rec["target_value"] = *g.ReductionPct
			}
		}
		if _, err := l.create(model.Goals, rec, fmt.Sprintf("%d", n+1)); err != nil {
			return err
		}
	}
	return nil
}

// vipValues stores the project's results, reported for KKR Hovedstaden as a whole.
func (l *loader) vipValues(p vipProject, indIDs map[string]int64) error {
	kkr, err := l.org(orgKKR)
	if err != nil {
		return err
	}
	var vals []model.Record
	for _, m := range p.Measurements {
		note := measurementNotes[m.Indicator]
		if note == "" {
			note = m.Note
		}
		vals = append(vals, model.Record{"indicator_id": indIDs[m.Indicator], "organisation_id": kkr, "period": m.Date,
			"breakdown": "", "value": m.Value, "note": note, "source": ref(m.Source)})
	}
	for _, m := range extraMeasurements[p.Code] {
		vals = append(vals, model.Record{"indicator_id": indIDs[m.indicator], "organisation_id": kkr, "period": m.period,
			"breakdown": "", "value": m.value, "note": m.note, "source": ref(m.source)})
	}
	if len(vals) > 0 {
		return l.insertValues(vals)
	}
	return nil
}

// projectAction stores a real activity of a joint project. org is an organisation code or a
// municipality's name.
func (l *loader) projectAction(projID int64, sector, org, title, description, status, start, end, source string, themes, partners []string) error {
	orgID, err := l.orgByCodeOrName(org)
	if err != nil {
		return err
	}
	themeIDs, err := l.themeIDs(themes...)
	if err != nil {
		return err
	}
	var partnerIDs []int64
	for _, p := range partners {
		id, err := l.orgByCodeOrName(p)
		if err != nil {
			return err
		}
		partnerIDs = append(partnerIDs, id)
	}
	rec := model.Record{
		"project_id": projID, "title": title, "description": description, "sector": sector,
		"theme_ids": themeIDs, "organisation_id": orgID, "status": status,
		"start_date": nilIfZero(start), "end_date": nilIfZero(end),
		"joint": len(partnerIDs) > 0, "partner_ids": partnerIDs, "example": false, "source": ref(source),
	}
	if len(partnerIDs) == 0 {
		rec["partner_ids"] = []int64{}
	}
	if status == "completed" {
		rec["progress"] = 100.0
	}
	_, err = l.create(model.Actions, rec, title)
	return err
}

func (l *loader) orgByCodeOrName(s string) (int64, error) {
	if id, ok := l.orgs[s]; ok {
		return id, nil
	}
	return l.named(s)
}

// yearRange reads "2020-2023".
func yearRange(s string) (int64, int64, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, fmt.Errorf("%q is not a year range", s)
	}
	start, err1 := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
	end, err2 := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
	if err := firstErr(err1, err2); err != nil {
		return 0, 0, fmt.Errorf("%q is not a year range", s)
	}
	return start, end, nil
}
