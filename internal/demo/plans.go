package demo

import (
	"fmt"
	"strings"

	"klimaspor/internal/model"
)

// cphRule maps a Copenhagen action to our sector and themes by a word in its title. The
// first rule whose word occurs wins; sector "" keeps the sector read from the sector column.
var cphRules = []struct {
	word, sector string
	themes       []string
}{
	{"afforestation", "land_use", []string{"land.forest"}},
	{"trees", "land_use", []string{"land.forest"}},
	{"wastewater", "waste_wastewater", []string{"waste.wastewater"}},
	{"waste sorting", "waste_wastewater", []string{"waste.sorting"}},
	{"carbon capture", "", []string{"energy.biogas-ccs-ptx"}},
	{"town gas", "", []string{"energy.biogas-ccs-ptx"}},
	{"single-family", "", []string{"energy.district-heating", "buildings.energy-savings"}},
	{"district heating", "", []string{"energy.district-heating"}},
	{"district cooling", "", []string{"energy.district-heating"}},
	{"biomass", "", []string{"energy.district-heating"}},
	{"peak load", "", []string{"energy.district-heating"}},
	{"wind", "", []string{"energy.renewables"}},
	{"power generation", "", []string{"energy.renewables"}},
	{"bus", "", []string{"transport.public"}},
	{"road traffic", "", []string{"transport.ev", "transport.habits"}},
	{"shore-side power", "", []string{"transport.heavy"}},
	{"non-road machinery", "", []string{"transport.heavy"}},
	{"life cycle", "", []string{"buildings.construction"}},
	{"energy leap", "", []string{"buildings.energy-savings", "cross.engagement"}},
	{"task force", "", []string{"cross.engagement"}},
	{"ambassador", "", []string{"cross.engagement"}},
	{"science centre", "", []string{"cross.engagement"}},
	{"energy", "", []string{"buildings.energy-savings"}},
	{"led street", "", []string{"buildings.energy-savings"}},
}

// cphSector maps the sector column of Copenhagen's actions to our sectors.
func cphSector(col string) (string, bool) {
	c := strings.ToLower(col)
	switch {
	case strings.Contains(c, "mobility"), strings.Contains(c, "transport"):
		return model.SectorTransport, true
	case strings.Contains(c, "cross-cutting"):
		return model.SectorCrossCutting, true
	case strings.Contains(c, "carbon capture"), strings.Contains(c, "energy"), strings.Contains(c, "buildings"):
		return model.SectorEnergy, true
	}
	return "", false
}

// copenhagen adds Copenhagen's real climate plan (KBH 2025) with its actions as the city
// reported them in its Climate City Contract.
func (l *loader) copenhagen() error {
	p := l.d.cphPlan
	if p.Code != "101" {
		return fmt.Errorf("the Copenhagen file is for municipality %q", p.Code)
	}
	org, err := l.org("101")
	if err != nil {
		return err
	}
	planID, err := l.create(model.Plans, model.Record{
		"code": "KP-101", "organisation_id": org, "kind": "climate_plan", "title": "KBH 2025 Klimaplan",
		"description": p.Plan + ".\n" + strings.Join(p.Notes, "\n"),
		"period_end":  int64(2025), "baseline_year": int64(2010), "status": "adopted", "example": false, "source": p.Source,
	}, "KP-101")
	if err != nil {
		return err
	}
	if _, err := l.create(model.Goals, model.Record{
		"plan_id": planID, "position": int64(1), "text_da": "København skal være CO2-neutral i 2025.",
		"text_en": "Copenhagen is to be carbon neutral by 2025.", "target_year": int64(2025),
		"source": p.Source + " (målet blev ikke nået: mobilitet og CO2-fangst på ARC kom bagud)",
	}, "1"); err != nil {
		return err
	}
	for i, a := range l.d.cphActions {
		sector, ok := cphSector(a.Sector)
		if !ok {
			return fmt.Errorf("action %d: sector %q not understood", i+1, a.Sector)
		}
		title := strings.ToLower(a.Title)
		var themes []string
		for _, r := range cphRules {
			if strings.Contains(title, r.word) {
				themes = r.themes
				if r.sector != "" {
					sector = r.sector
				}
				break
			}
		}
		if themes == nil {
			return fmt.Errorf("action %q: no theme rule matches", a.Title)
		}
		themeIDs, err := l.themeIDs(themes...)
		if err != nil {
			return err
		}
		var partners []int64
		if strings.Contains(a.Responsible, "HOFOR") {
			partners = append(partners, l.orgs[orgHOFOR])
		}
		if strings.Contains(a.Title, "at ARC") {
			partners = append(partners, l.orgs[orgARC])
		}
		desc := a.Description
		if a.Responsible != "" {
			desc += "\nAnsvarlig: " + a.Responsible + "."
		}
		if a.Timeline != "" {
			desc += "\nTidsplan: " + a.Timeline + "."
		}
		status := "in_progress"
		if strings.Contains(title, "on hold") {
			status = "delayed"
		}
		rec := model.Record{
			"plan_id": planID, "title": a.Title, "description": desc, "sector": sector, "theme_ids": themeIDs,
			"organisation_id": org, "status": status, "joint": len(partners) > 0, "partner_ids": partners,
			"example": false, "source": a.Source,
			// The city's plan is published in English: its actions' titles and
			// descriptions are English, and pages mark them so.
			"language": "en",
		}
		if partners == nil {
			rec["partner_ids"] = []int64{}
		}
		if strings.Contains(a.Timeline, "end-2025") {
			rec["end_date"] = "2025-12-31"
		}
		if a.Reduction != nil {
			rec["effect_t_co2e"] = *a.Reduction
		}
		if _, err := l.create(model.Actions, rec, a.Title); err != nil {
			return err
		}
	}
	return nil
}
