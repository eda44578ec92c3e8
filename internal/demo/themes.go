package demo

import (
	"fmt"

	"klimaspor/internal/model"
)

type theme struct {
	code, da, en string
	children     []theme
}

// taxonomy is the demo's two-level theme tree. The children include the themes of the
// cross-plan overview in the VIP final report (S001, named exactly as there), the tracks of
// the VIP projects, and the sectors of the climate plans and of Klimaalliancen's transition
// indicators. Codes are stable: spreadsheets and imports refer to themes by code.
var taxonomy = []theme{
	{"energy", "Energi", "Energy", []theme{
		{"energy.renewables", "Vedvarende energi: vind og sol", "Renewable power: wind and solar", nil},
		{"energy.district-heating", "Fossilfri fjernvarme og fjernkøling", "Fossil-free district heating and cooling", nil},
		{"energy.individual-heating", "Udfasning af olie- og gasfyr", "Phasing out oil and gas boilers", nil},
		{"energy.biogas-ccs-ptx", "Biogas, CO2-fangst og Power-to-X", "Biogas, carbon capture and Power-to-X", nil},
	}},
	{"transport", "Transport", "Transport", []theme{
		{"transport.ev", "Elektrificering af person- og varebiler", "Electrification of cars and vans", nil},
		{"transport.charging", "Ladeinfrastruktur og parkering for elbiler", "Charging infrastructure and parking for electric vehicles", nil},
		{"transport.fleet", "Omstilling af kommunens køretøjsflåde via udbud og indkøb", "Converting the municipal vehicle fleet through tenders and procurement", nil},
		{"transport.habits", "Ændre borgernes transportvaner", "Changing residents' travel habits", nil},
		{"transport.carpooling", "Samkørsel og grøn transport for virksomheder", "Carpooling and green transport for businesses", nil},
		{"transport.public", "Grøn kollektiv transport", "Green public transport", nil},
		{"transport.cycling", "Fremme af cykling", "Promoting cycling", nil},
		{"transport.heavy", "Tung transport og arbejdsmaskiner", "Heavy transport and non-road machinery", nil},
	}},
	{"waste", "Affald og ressourcer", "Waste and resources", []theme{
		{"waste.food", "Madspild og genanvendelse af madaffald", "Food waste and recycling of food waste", nil},
		{"waste.plastic", "Plastaffald", "Plastic waste", nil},
		{"waste.sorting", "Affaldssortering og genanvendelse", "Waste sorting and recycling", nil},
		{"waste.wastewater", "Spildevand", "Wastewater", nil},
	}},
	{"consumption", "Forbrug og indkøb", "Consumption and procurement", []theme{
		{"consumption.procurement", "Grønne udbud og indkøb", "Green tenders and procurement", nil},
		{"consumption.circular", "Cirkulære indkøb: emballage, møbler og tekstiler", "Circular procurement: packaging, furniture and textiles", nil},
		{"consumption.citizens", "Borgernes forbrug og klimaaftryk", "Residents' consumption and climate footprint", nil},
	}},
	{"buildings", "Bygninger", "Buildings", []theme{
		{"buildings.energy-savings", "Energibesparelser, energirenovering og bygningsdrift", "Energy savings, energy renovation and building operation", nil},
		{"buildings.construction", "Klimavenligt byggeri", "Low-carbon construction", nil},
	}},
	{"adaptation", "Klimatilpasning", "Climate adaptation", []theme{
		{"adaptation.cloudburst", "Skybrud og regnvand", "Cloudbursts and rainwater", nil},
		{"adaptation.coast", "Stormflod og kystbeskyttelse", "Storm surges and coastal protection", nil},
	}},
	{"land", "Landbrug og natur", "Agriculture and nature", []theme{
		{"land.lowland", "Udtagning af lavbundsjorde", "Taking carbon-rich lowland soils out of farming", nil},
		{"land.forest", "Skovrejsning og træer", "Afforestation and trees", nil},
		{"land.farming", "Klimavenligt landbrug", "Climate-friendly farming", nil},
	}},
	{"cross", "Tværgående", "Cross-cutting", []theme{
		{"cross.climate-plans", "Klimaplaner og opfølgning", "Climate plans and follow-up", nil},
		{"cross.business", "Grøn omstilling i virksomheder", "Green transition in businesses", nil},
		{"cross.engagement", "Borgerinddragelse og partnerskaber", "Citizen engagement and partnerships", nil},
	}},
}

func (l *loader) loadThemes() error {
	var add func(t theme, parent int64) error
	add = func(t theme, parent int64) error {
		if _, dup := l.themes[t.code]; dup {
			return fmt.Errorf("theme code %q is used twice", t.code)
		}
		id, err := l.create(model.Themes, model.Record{"code": t.code, "name_da": t.da, "name_en": t.en, "parent_id": nilIfZero(parent)}, t.code)
		if err != nil {
			return err
		}
		l.themes[t.code] = id
		l.themeByName[t.da] = id
		for _, c := range t.children {
			if err := add(c, id); err != nil {
				return err
			}
		}
		return nil
	}
	for _, t := range taxonomy {
		if err := add(t, 0); err != nil {
			return err
		}
	}
	return nil
}
