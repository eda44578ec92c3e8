package i18n

// Texts of the knowledge library (issue 15): the resource library-items, its fields and the
// kinds of item.
var _ = register(map[string]msg{
	"resource.library-items":     {"Videnbibliotek", "Knowledge library"},
	"resource.library-items.one": {"Materiale", "Library item"},

	"field.library-items.title":                  {"Titel", "Title"},
	"field.library-items.title_en":               {"Titel på engelsk", "Title in English"},
	"field.library-items.summary":                {"Resumé", "Summary"},
	"field.library-items.body":                   {"Tekst", "Text"},
	"field.library-items.kind":                   {"Type", "Kind"},
	"field.library-items.theme_ids":              {"Temaer", "Themes"},
	"field.library-items.project_ids":            {"Projekter", "Projects"},
	"field.library-items.organisation_id":        {"Foreslået af", "Proposed by"},
	"field.library-items.action_ids":             {"Indsatser", "Actions"},
	"field.library-items.indicator_ids":          {"Indikatorer", "Indicators"},
	"field.library-items.year":                   {"År", "Year"},
	"field.actions.library_item_id":              {"Fra videnbiblioteket", "From the knowledge library"},
	"field.library-items.sector":                 {"Sektor", "Sector"},
	"field.library-items.language":               {"Sprog", "Language"},
	"field.library-items.licence":                {"Licens", "Licence"},
	"field.library-items.expected_effect_t_co2e": {"Forventet effekt (t CO2e/år)", "Expected effect (t CO2e/year)"},
	"field.library-items.cost_dkk":               {"Pris (kr.)", "Cost (DKK)"},
	"field.library-items.published":              {"Offentliggjort", "Published"},
	"field.library-items.example":                {"Eksempel", "Example"},
	"field.library-items.source":                 {"Kilde", "Source"},

	"library_kind.guide":           {"Vejledning", "Guide"},
	"library_kind.tender_material": {"Udbudsmateriale", "Tender material"},
	"library_kind.principles":      {"Principper", "Principles"},
	"library_kind.campaign":        {"Kampagne", "Campaign"},
	"library_kind.case":            {"Case", "Case"},
	"library_kind.fact_sheet":      {"Faktaark", "Fact sheet"},
	"library_kind.video_link":      {"Video", "Video"},
	"library_kind.quiz":            {"Quiz", "Quiz"},
	"library_kind.idea":            {"Idé", "Idea"},
})
