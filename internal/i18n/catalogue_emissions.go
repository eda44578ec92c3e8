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
})
