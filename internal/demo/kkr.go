package demo

import (
	"fmt"
	"math"
	"strings"

	"klimaspor/internal/model"
)

// crossPlanSource is where the cross-plan shares come from.
var crossPlanSource = ref("S001") + " – afsnittene »Et blik på tværs af de kommunale klimaplaner«, kilde angivet der: Ea Energianalyse"

// crossPlanShares adds one indicator per theme of the cross-plan overview: the share of the
// region's municipalities whose approved climate plan has the theme.
func (l *loader) crossPlanShares() error {
	kkr, err := l.org(orgKKR)
	if err != nil {
		return err
	}
	// The figures are KKR's analysis (it owns the indicators and alone maintains their
	// values) of the capital region's municipalities: each value is for Region Hovedstaden,
	// the group it describes, so coverage shows it beside the region's computed shares.
	region, err := l.org(regionH)
	if err != nil {
		return err
	}
	var vals []model.Record
	for _, p := range l.d.vip.Projects {
		for _, s := range p.CrossPlanShare {
			t, ok := themeByDA(s.ThemeDA)
			if !ok {
				return fmt.Errorf("%s: cross-plan theme %q is not in the taxonomy", p.Code, s.ThemeDA)
			}
			code := model.IndicatorPlanSharePrefix + t.code
			id, err := l.create(model.Indicators, model.Record{
				"code": code, "name_da": "Andel af kommunernes klimaplaner med temaet: " + t.da,
				"name_en": "Share of the municipal climate plans with the theme: " + t.en,
				"unit":    "%", "direction": "higher", "theme_id": l.themes[t.code], "owner_organisation_id": kkr,
				// KKR's analysis of all the plans: a roll-up, not each member's own figure.
				"owner_only":  true,
				"description": "Andelen af kommunerne i hovedstadsregionen, hvis godkendte klimaplan indeholder temaet.",
				"source":      crossPlanSource,
			}, code)
			if err != nil {
				return err
			}
			vals = append(vals, model.Record{"indicator_id": id, "organisation_id": region, "period": "2024", "breakdown": "",
				"value": s.SharePct, "source": crossPlanSource,
				"note": fmt.Sprintf("Opgjort i slutrapporten om VIP-projektet %s.", p.Code)})
		}
	}
	return l.insertValues(vals)
}

func themeByDA(da string) (theme, bool) {
	for _, top := range taxonomy {
		if top.da == da {
			return top, true
		}
		for _, c := range top.children {
			if c.da == da {
				return c, true
			}
		}
	}
	return theme{}, false
}

// rusProjects adds the two projects proposed to Region Hovedstaden's RUS fund: Klimaalliancen
// in the capital region, and the climate-families tools project.
func (l *loader) rusProjects() error {
	k := l.d.kkr
	regionID, err := l.org(regionH)
	if err != nil {
		return err
	}
	progID, err := l.create(model.Programmes, model.Record{
		"code": "RUS", "name_da": "RUS-puljen (Region Hovedstadens regionale udviklingsstrategi)",
		"name_en": "The RUS fund (the Capital Region's regional development strategy)", "organisation_id": regionID,
		"description": "Projekter foreslået til RUS-puljen 2022 og 2022/2023.", "source": ref("S000, S002"),
	}, "RUS")
	if err != nil {
		return err
	}

	ca := k.ClimateAlliance
	if len(ca.Budget.RegionalTotalDKKm) != 2 {
		return fmt.Errorf("climate alliance: regional budget is not a range")
	}
	allianceID, err := l.create(model.Projects, model.Record{
		"programme_id": progID, "code": "KLIMAALLIANCEN", "name_da": ca.NameDA, "name_en": "Climate Alliance of the capital region",
		"description":  "Regionalt partnerskab med KKR Hovedstaden under det nationale partnerskab »Klimaalliancen – et partnerskab mellem kommuner, regioner og Realdania«. Understøtter kommunernes implementering af deres DK2020-klimaplaner: klimaudviklingsspor, data og metoder (bl.a. forbrugets klimaaftryk), kompetenceudvikling og netværk, et fælles system til revision og opfølgning på klimahandleplanerne, vidensopsamling, internationalt samarbejde og fælles arbejde med barrierer. Gate 21 står for den fælles projektledelse; CONCITO og C40 er videnspartnere. Budgettet er den regionale ramme på 10–12 mio. kr.",
		"period_start": int64(2023), "period_end": int64(2027),
		"cost_dkk": millions(ca.Budget.RegionalTotalDKKm[0]), "cost_dkk_high": millions(ca.Budget.RegionalTotalDKKm[1]),
		"source": ref(ca.Source),
	}, "KLIMAALLIANCEN")
	if err != nil {
		return err
	}
	for _, code := range []string{orgKKR, regionH, orgGate21, orgCONCITO, orgC40, orgRealdania} {
		if err := l.participant(allianceID, code, "member", false, ref(ca.Source)); err != nil {
			return err
		}
	}
	for _, m := range l.d.kkrMunicipalities() {
		if err := l.participant(allianceID, m.Code, "member", false, ref("S001")+" (Klimaalliancen i Hovedstadsregionen tæller alle regionens kommuner)"); err != nil {
			return err
		}
	}

	cf := k.ClimateFamilies
	famID, err := l.create(model.Projects, model.Record{
		"programme_id": progID, "code": "KLIMAFAMILIER", "name_da": cf.NameDA,
		"name_en":      "Tools for the municipalities' work with residents and sustainable consumption in the DK2020 plans",
		"description":  "Kommunerne rekrutterer klimafamilier, der forpligter sig til markant at ændre livsstil og forbrug; familierne får en kanal til deres lokalpolitikere, som forpligter sig til at lytte til, hvilke rammer der skal ændres. Værktøjer i tre spor: vidensgrundlag, fremtidsbilleder og forandringsledelse. Periode: medio 2023 – primo 2025. Budget: 2 mio. kr. fra RUS-puljen og 1 mio. kr. i egne timer.",
		"period_start": int64(2023), "period_end": int64(2025),
		"cost_dkk": millions(cf.Budget.RUSDKKm + cf.Budget.OwnHoursDKKm), "source": ref(cf.Source),
	}, "KLIMAFAMILIER")
	if err != nil {
		return err
	}
	src := ref(cf.Source)
	if err := l.participant(famID, regionH, "member", true, src+" (projektleder)"); err != nil {
		return err
	}
	for _, code := range []string{"101", "230", "151", "190", orgCONCITO} { // København, Rudersdal, Ballerup, Furesø
		if err := l.participant(famID, code, "member", false, src); err != nil {
			return err
		}
	}
	for _, code := range []string{"159", "157"} { // Gladsaxe, Gentofte
		if err := l.participant(famID, code, "follower", false, src+" (referencegruppe)"); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) participant(projID int64, orgCode, role string, lead bool, source string) error {
	org, err := l.org(orgCode)
	if err != nil {
		return err
	}
	_, err = l.create(model.Participants, model.Record{"project_id": projID, "organisation_id": org, "role": role, "lead": lead, "source": source}, orgCode)
	return err
}

func millions(m float64) float64 { return math.Round(m * 1e6) }

// ehhGoalsEN translates the result contract's eight goals.
var ehhGoalsEN = map[int64]string{
	1: "Companies' awareness of the business hubs",
	2: "Broad geographical spread",
	3: "Quality, competences and company satisfaction",
	4: "The business hubs' function as a node",
	5: "Green transition and circular economy",
	6: "Effect in the companies",
	7: "Digitalisation and new technologies",
	8: "More internationalisation",
}

// ehhTargets describes each target of the result contract: the sub-goal's Danish text (after
// the contract, S003) and the indicator.
var ehhTargets = map[string]struct {
	text, da, en, unit, theme string
}{
	"awareness_pct":                   {"Virksomhedernes kendskab til erhvervshusene øges til 50 % (33 % på landsplan ved målingen i september 2020).", "Virksomhedernes kendskab til erhvervshusene", "Companies' awareness of the business hubs", "%", ""},
	"new_companies_share_pct":         {"Mindst 50 % af de vejledte virksomheder er nye i forhold til dem, der modtog vejledning året før.", "Andel nye blandt de vejledte virksomheder", "Share of guided companies that are new", "%", ""},
	"newsletter_subscribers_added":    {"3.000 flere abonnenter til nyhedsbrevet.", "Nye abonnenter til nyhedsbrevet", "New newsletter subscribers", "abonnenter", ""},
	"media_articles":                  {"50 artikler og klummer i medier.", "Artikler og klummer i medier", "Articles and columns in media", "artikler", ""},
	"cases":                           {"30 cases.", "Cases", "Cases", "cases", ""},
	"monthly_views":                   {"100.000 månedlige visninger af nyhedsbreve og sociale medier.", "Månedlige visninger af nyhedsbreve og sociale medier", "Monthly views of newsletters and social media", "visninger pr. måned", ""},
	"companies_guided":                {"Vejledning til 4.000 små og mellemstore drifts- og vækstvirksomheder, iværksættere og før-startere, i balance på tværs af de 29 kommuner.", "Vejledte virksomheder", "Companies guided", "virksomheder", ""},
	"one_to_one_courses":              {"Ca. 1.500 specialiserede 1:1-vejledningsforløb, heraf 30 % med mindst 5 ansatte.", "1:1-vejledningsforløb", "One-to-one guidance courses", "forløb", ""},
	"workshops":                       {"Ca. 1.250 kollektive forløb som fysiske og virtuelle workshops.", "Kollektive forløb (workshops)", "Collective workshops", "workshops", ""},
	"hotline_sessions":                {"Ca. 1.250 individuelle hotline-sparringer.", "Hotline-sparringer", "Hotline sessions", "sparringer", ""},
	"outreach_share_pct":              {"Opsøgende arbejde: 10 % af de relevante virksomheder med 5–50 ansatte kontaktes, i første omgang i 10–15 kommuner.", "Andel af relevante virksomheder med 5–50 ansatte, der er kontaktet opsøgende", "Share of relevant companies with 5–50 employees reached by outreach", "%", ""},
	"very_satisfied_pct":              {"Mindst 80 % af de vejledte virksomheder er »meget tilfredse« med medarbejdernes faglige kompetencer, i hvert segment.", "Andel »meget tilfredse« med medarbejdernes faglige kompetencer", "Share 'very satisfied' with the staff's competences", "%", ""},
	"nps":                             {"En Net Promoter Score på mindst 70 for både drifts- og vækstsegmentet.", "Net Promoter Score", "Net Promoter Score", "NPS", ""},
	"core_stakeholder_collaborations": {"Samarbejder med 5 kerneinteressenter om virksomhedsrettede aktiviteter.", "Samarbejder med kerneinteressenter", "Collaborations with core stakeholders", "samarbejder", ""},
	"referrals_used_pct":              {"Mindst 50 % af de henviste virksomheder har benyttet den eksterne rådgivning eller vejledning.", "Andel af henviste virksomheder, der brugte den eksterne rådgivning", "Share of referred companies that used the external advice", "%", ""},
	"green_positive_effect_pct":       {"70 % af de virksomheder, der er vejledt om bæredygtighed, grøn omstilling og cirkulær økonomi, forventer i høj grad en positiv effekt.", "Forventet positiv effekt af vejledning om grøn omstilling", "Expected positive effect of guidance on the green transition", "%", "cross.business"},
	"green_awareness_pp":              {"Kendskabet til de grønne ydelser stiger med 5 procentpoint i forhold til målingen i 2021.", "Stigning i kendskabet til de grønne ydelser", "Rise in awareness of the green services", "procentpoint", "cross.business"},
	"sustainability_degree_shift_pp":  {"Andelen af vejledte virksomheder uden bæredygtighedsgrad falder med 2,5 procentpoint, og andelen med lav, medium eller høj grad stiger tilsvarende.", "Forskydning i de vejledte virksomheders bæredygtighedsgrad", "Shift in the guided companies' degree of sustainability", "procentpoint", "cross.business"},
	"positive_effect_pct":             {"70 % af de vejledte virksomheder forventer i høj grad en positiv effekt af vejledningen.", "Forventet positiv effekt af vejledningen", "Expected positive effect of the guidance", "%", ""},
	"growth_vs_control_pp":            {"Vækstsegmentet: mervækst på mindst 10 procentpoint i omsætning og 5 procentpoint i beskæftigelse i forhold til en kontrolgruppe to år efter vejledningen.", "Mervækst i omsætning i forhold til en kontrolgruppe (vækstsegmentet)", "Extra turnover growth compared with a control group (growth segment)", "procentpoint", ""},
	"productivity_vs_control":         {"Driftssegmentet: højere produktivitet (omsætning pr. årsværk) end en kontrolgruppe to år efter vejledningen.", "Produktivitet i forhold til en kontrolgruppe (driftssegmentet)", "Productivity compared with a control group (operations segment)", "procentpoint", ""},
	"digital_positive_effect_pct":     {"70 % af de virksomheder, der er vejledt om digitalisering og nye teknologier, forventer i høj grad en positiv effekt.", "Forventet positiv effekt af vejledning om digitalisering", "Expected positive effect of guidance on digitalisation", "%", ""},
	"digital_degree_shift_pp":         {"Andelen af vejledte virksomheder med lav digitaliseringsgrad falder med 2,5 procentpoint, og andelen med medium eller høj grad stiger tilsvarende.", "Forskydning i de vejledte virksomheders digitaliseringsgrad", "Shift in the guided companies' degree of digitalisation", "procentpoint", ""},
	"exporters_share_pp":              {"Andelen af vejledte virksomheder med mindst 10 % eksportandel af omsætningen øges med 1 procentpoint fra 2022 til 2023.", "Stigning i andelen af vejledte virksomheder med mindst 10 % eksportandel", "Rise in the share of guided companies with an export share of 10 % or more", "procentpoint", ""},
}

// resultContract adds the 2023 result contract between KKR Hovedstaden and Erhvervshus
// Hovedstaden: a plan with eight goals, each with one sub-goal and indicator per target.
func (l *loader) resultContract() error {
	rc := l.d.kkr.ResultContract
	if rc.Owner != "Erhvervshus Hovedstaden" {
		return fmt.Errorf("result contract owner %q is not Erhvervshus Hovedstaden", rc.Owner)
	}
	owner, err := l.org(orgEHH)
	if err != nil {
		return err
	}
	src := ref(rc.Source)
	planID, err := l.create(model.Plans, model.Record{
		"code": "EHH-RK2023", "organisation_id": owner, "kind": "result_contract", "title": rc.NameDA,
		"description":  "Kontrakten rummer nationalt fastsatte mål fra rammeaftalen 2021–2023 mellem KL og Erhvervsministeriet og lokale mål fra Erhvervshus Hovedstadens Strategi 2025. Erhvervshuset afrapporterer til KKR Hovedstaden mindst én gang om året; de nationale mål opgøres af Erhvervsstyrelsen.",
		"period_start": int64(2023), "period_end": int64(2023), "status": "adopted", "example": false, "source": src,
	}, "EHH-RK2023")
	if err != nil {
		return err
	}
	for _, g := range rc.Goals {
		scope := map[string]string{"national": "Nationalt mål", "local": "Lokalt mål", "national+local": "Nationalt og lokalt mål"}[g.Kind]
		goalID, err := l.create(model.Goals, model.Record{
			"plan_id": planID, "position": g.No, "text_da": g.NameDA, "text_en": ehhGoalsEN[g.No],
			"source": withNote(src, scope),
		}, fmt.Sprintf("%d", g.No))
		if err != nil {
			return err
		}
		for j, t := range g.Targets {
			info, ok := ehhTargets[t.Indicator]
			if !ok {
				return fmt.Errorf("goal %d: target %q is not described", g.No, t.Indicator)
			}
			code := "ehh2023." + t.Indicator
			ind := model.Record{
				"code": code, "name_da": info.da, "name_en": info.en, "unit": info.unit, "direction": "higher",
				"owner_plan_id": planID, "source": src, "targets": []model.Target{},
			}
			if info.theme != "" {
				ind["theme_id"] = l.themes[info.theme]
			}
			if t.Target != nil {
				ind["targets"] = []model.Target{{Year: 2023, Value: *t.Target}}
			}
			if t.Baseline != nil {
				ind["baseline_value"] = *t.Baseline
				if t.Indicator == "awareness_pct" {
					ind["baseline_year"] = int64(2020) // the national measurement of September 2020
				}
			}
			indID, err := l.create(model.Indicators, ind, code)
			if err != nil {
				return err
			}
			sub := model.Record{
				"plan_id": planID, "parent_id": goalID, "position": int64(j + 1), "text_da": info.text, "text_en": t.Text,
				"indicator_id": indID, "source": src,
			}
			if t.Target != nil {
				sub["target_value"] = *t.Target
				sub["target_year"] = int64(2023)
			}
			if _, err := l.create(model.Goals, sub, code); err != nil {
				return err
			}
		}
	}
	return nil
}

// infraNamesEN translates the infrastructure projects, in file order.
var infraNamesEN = []string{
	"Completion of the Hillerød motorway",
	"Completion of the Frederikssund motorway",
	"Improvements of the Coast Line (Kystbanen)",
	"Ring 5 South (Frederikssundsvej–Køge)",
	"Automation of the S-trains",
	"Light rail Gladsaxe–Nørrebro",
	"Eastern Ring Road (immersed tunnel east of Prøvestenen to the airport)",
	"Direct rail link Roskilde–Copenhagen Airport",
	"Rebuilding of Hillerød Station",
	"Metro Ny Ellebjerg–Hvidovre Hospital–Rødovre Centrum",
	"Metro Ny Ellebjerg–Bispebjerg",
	"S-train Farum–Hillerød",
}

// infrastructure adds the capital area's jointly prioritised infrastructure projects (7+3).
// The source lists twelve; all are kept.
func (l *loader) infrastructure() error {
	in := l.d.kkr.Infrastructure
	if len(in.Projects) != len(infraNamesEN) {
		return fmt.Errorf("%d projects in the file but %d English names", len(in.Projects), len(infraNamesEN))
	}
	kkr, err := l.org(orgKKR)
	if err != nil {
		return err
	}
	var crit []string
	for _, c := range in.Criteria {
		var subs []string
		for _, s := range c.Sub {
			subs = append(subs, s.No+" "+s.NameDA)
		}
		crit = append(crit, fmt.Sprintf("%s. %s (%s)", c.No, c.NameDA, strings.Join(subs, "; ")))
	}
	src := ref(in.Source)
	progID, err := l.create(model.Programmes, model.Record{
		"code": "INFRA", "name_da": in.NameDA, "name_en": "The capital area's joint priority infrastructure projects (7+3 VIP)",
		"organisation_id": kkr, "source": src,
		"description": "Pejlemærker for prioriteringen: " + strings.Join(crit, " ") +
			" Pejlemærkerne kan vurderes på flere niveauer, fra et simpelt ja/nej til fulde samfundsøkonomiske beregninger; det vigtige er en fælles ramme for at sammenligne mange forskellige projekter.",
	}, "INFRA")
	if err != nil {
		return err
	}
	for i, p := range in.Projects {
		code := fmt.Sprintf("INFRA%02d", i+1)
		rec := model.Record{"programme_id": progID, "code": code, "name_da": p.NameDA, "name_en": infraNamesEN[i], "source": src}
		switch {
		case len(p.CostRange) == 2:
			rec["cost_dkk"], rec["cost_dkk_high"] = billions(p.CostRange[0]), billions(p.CostRange[1])
		case len(p.CostRange) != 0:
			return fmt.Errorf("%s: cost range %v is not two numbers", code, p.CostRange)
		case p.CostBn != nil:
			rec["cost_dkk"] = billions(*p.CostBn)
		}
		if _, err := l.create(model.Projects, rec, code); err != nil {
			return err
		}
	}
	return nil
}

func billions(bn float64) float64 { return math.Round(bn * 1e9) }

// sosu adds the allocation of SOSU apprenticeship places among the 29 municipalities.
func (l *loader) sosu() error {
	kkr, err := l.org(orgKKR)
	if err != nil {
		return err
	}
	src := ref("S003") + ", afsnit 3.8 »Dimensionering på SOSU-området« (fordeling af lærepladser for 2023)"
	var total [2][2]int64
	for _, r := range l.d.sosu.Rows {
		for y := range 2 {
			total[0][y] += r.Helper[y]
			total[1][y] += r.Assistant[y]
		}
	}
	var ids [2]int64
	for k, ind := range []struct{ code, da, en string }{
		{"sosu_helper_places", "SOSU-hjælper lærepladser", "Social and health care helper apprenticeships"},
		{"sosu_assistant_places", "SOSU-assistent lærepladser", "Social and health care assistant apprenticeships"},
	} {
		desc := fmt.Sprintf("Fordelingen af lærepladser mellem de 29 kommuner i KKR Hovedstaden (dimensionering). I alt %d i 2022 og %d i 2023.", total[k][0], total[k][1])
		id, err := l.create(model.Indicators, model.Record{
			"code": ind.code, "name_da": ind.da, "name_en": ind.en, "unit": "lærepladser", "direction": "higher",
			"owner_organisation_id": kkr, "description": desc, "source": src,
			// KKR allocates the places among its members; they do not report them.
			"owner_only": true,
		}, ind.code)
		if err != nil {
			return err
		}
		ids[k] = id
	}
	var vals []model.Record
	for _, r := range l.d.sosu.Rows {
		org, err := l.named(r.Municipality)
		if err != nil {
			return err
		}
		for y, period := range []string{"2022", "2023"} {
			vals = append(vals,
				model.Record{"indicator_id": ids[0], "organisation_id": org, "period": period, "breakdown": "", "value": float64(r.Helper[y]), "source": src},
				model.Record{"indicator_id": ids[1], "organisation_id": org, "period": period, "breakdown": "", "value": float64(r.Assistant[y]), "source": src},
			)
		}
	}
	return l.insertValues(vals)
}
