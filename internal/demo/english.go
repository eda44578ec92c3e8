package demo

import "klimaspor/internal/model"

// unitsEN are the English forms of the demo's indicator units; a unit that reads the same in
// both languages (%, GWh, t CO2e, NPS) is in neutralUnits instead. TestUnitsHaveEnglishForms
// holds every unit of the demo to one of the two.
var unitsEN = map[string]string{
	"kommuner":             "municipalities",
	"% reduktion":          "% reduction",
	"personer pr. bil":     "persons per car",
	"abonnenter":           "subscribers",
	"artikler":             "articles",
	"visninger pr. måned":  "views per month",
	"virksomheder":         "companies",
	"forløb":               "programmes",
	"sparringer":           "advisory sessions",
	"samarbejder":          "partnerships",
	"procentpoint":         "percentage points",
	"lærepladser":          "apprenticeships",
	"boliger":              "homes",
	"t CO2e pr. indbygger": "t CO2e per inhabitant",
}

// neutralUnits read the same in Danish and English.
var neutralUnits = map[string]bool{"%": true, "GWh": true, "MWh": true, "NPS": true, "t CO2e": true, "cases": true, "workshops": true, "m2": true, "t CO2e/year": true}

// UnitKnown reports whether the demo knows how unit reads in English (for the tests).
func UnitKnown(unit string) bool { _, ok := unitsEN[unit]; return ok || neutralUnits[unit] }

// withEnglishUnit gives an indicator its unit's English form when the unit has one.
func withEnglishUnit(res *model.Resource, rec model.Record) {
	if res != model.Indicators || rec["unit_en"] != nil {
		return
	}
	if unit, _ := rec["unit"].(string); unitsEN[unit] != "" {
		rec["unit_en"] = unitsEN[unit]
	}
}
