package i18n

// Energy and CO2 accounts (C6): the resources' names, fields and enumerations.
var _ = register(map[string]msg{
	"resource.emission-targets":     {"Reduktionsmål", "Emission targets"},
	"resource.emission-targets.one": {"Reduktionsmål", "Emission target"},

	"field.emission-targets.organisation_id": {"Organisation", "Organisation"},
	"field.emission-targets.base_year":       {"Basisår", "Base year"},
	"field.emission-targets.base_t_co2e":     {"Basisårets udledning (t CO2e)", "Base-year emissions (t CO2e)"},
	"field.emission-targets.base_source":     {"Kilde til basisårets udledning", "Source of the base-year emissions"},
	"field.emission-targets.target_year":     {"Målår", "Target year"},
	"field.emission-targets.reduction_pct":   {"Reduktion (%)", "Reduction (%)"},
	"field.emission-targets.net_zero":        {"Netto-nul (klimaneutral)", "Net zero (climate neutral)"},
	"field.emission-targets.boundary":        {"Afgrænsning", "Boundary"},
	"field.emission-targets.label":           {"Målet med planens ord", "The target in the plan's words"},
	"field.emission-targets.source":          {"Kilde", "Source"},
	"field.emission-targets.example":         {"Eksempel", "Example"},

	"emission_boundary.territorial":             {"Hele det geografiske regnskab", "The whole territorial account"},
	"emission_boundary.territorial_excl_lulucf": {"Geografisk, uden arealanvendelse", "Territorial, without land use"},
	"emission_boundary.energy_transport":        {"Energi og transport", "Energy and transport"},

	"resource.activity-data":     {"Aktivitetsdata", "Activity data"},
	"resource.activity-data.one": {"Aktivitetslinje", "Activity line"},

	"field.activity-data.organisation_id": {"Organisation", "Organisation"},
	"field.activity-data.year":            {"År", "Year"},
	"field.activity-data.sector":          {"Sektor", "Sector"},
	"field.activity-data.subsector":       {"Delsektor", "Sub-sector"},
	"field.activity-data.fuel":            {"Brændsel eller aktivitet", "Fuel or activity"},
	"field.activity-data.use":             {"Anvendelse", "Use"},
	"field.activity-data.amount":          {"Mængde", "Amount"},
	"field.activity-data.unit":            {"Enhed", "Unit"},
	"field.activity-data.source":          {"Kilde", "Source"},
	"field.activity-data.note":            {"Note", "Note"},
	"field.activity-data.example":         {"Eksempel", "Example"},

	"activity_sector.energy":               {"Energi", "Energy"},
	"activity_sector.transport":            {"Transport", "Transport"},
	"activity_sector.agriculture":          {"Landbrug", "Agriculture"},
	"activity_sector.waste_wastewater":     {"Affald og spildevand", "Waste and wastewater"},
	"activity_sector.industrial_processes": {"Industrielle processer", "Industrial processes"},
	"activity_sector.land_use":             {"Arealanvendelse", "Land use"},

	"resource.emission-factors":     {"Emissionsfaktorer", "Emission factors"},
	"resource.emission-factors.one": {"Emissionsfaktor", "Emission factor"},

	"field.emission-factors.factor_set":      {"Faktorsæt", "Factor set"},
	"field.emission-factors.set_version":     {"Sættets version", "Set version"},
	"field.emission-factors.fuel":            {"Brændsel eller aktivitet", "Fuel or activity"},
	"field.emission-factors.use":             {"Anvendelse", "Use"},
	"field.emission-factors.gas":             {"Gas", "Gas"},
	"field.emission-factors.value":           {"Værdi", "Value"},
	"field.emission-factors.unit":            {"Enhed", "Unit"},
	"field.emission-factors.valid_from":      {"Gælder fra år", "Valid from year"},
	"field.emission-factors.valid_to":        {"Gælder til år", "Valid to year"},
	"field.emission-factors.organisation_id": {"Lokal for organisation", "Local to organisation"},
	"field.emission-factors.source":          {"Kilde", "Source"},

	"gas.co2":          {"CO2", "CO2"},
	"gas.ch4":          {"Metan (CH4)", "Methane (CH4)"},
	"gas.n2o":          {"Lattergas (N2O)", "Nitrous oxide (N2O)"},
	"gas.co2_biogenic": {"Biogen CO2 (memopost)", "Biogenic CO2 (memo item)"},
})
