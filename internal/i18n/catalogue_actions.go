package i18n

// Texts of the actions list and the action page.
var _ = register(map[string]msg{
	"actions.intro":           {"Alle indsatser i kommunernes klimaplaner og de fælles projekter. Afgræns listen med filtrene, eller søg i titel og beskrivelse.", "All actions in the municipalities' climate plans and the joint projects. Narrow the list with the filters, or search the titles and descriptions."},
	"actions.bad_heading":     {"Nogle af filtrene kunne ikke bruges", "Some of the filters could not be used"},
	"actions.bad_filter":      {"Værdien for »%s« findes ikke. Filteret er ikke brugt; vælg en værdi på listen.", "The value for “%s” does not exist. The filter has not been used; choose a value from the list."},
	"actions.bad_search":      {"Søgningen er for lang. Den må højst være %d tegn og er ikke brugt.", "The search is too long. It may be at most %d characters and has not been used."},
	"actions.bad_cursor":      {"Linket til næste side er ikke gyldigt længere. Listen vises fra begyndelsen.", "The link to the next page is no longer valid. The list is shown from the start."},
	"actions.results":         {"Resultater", "Results"},
	"actions.count_page":      {"%s indsatser på denne side", "%s actions on this page"},
	"actions.total":           {"%s indsatser i alt", "%s actions in all"},
	"actions.count_page_one":  {"1 indsats på denne side", "1 action on this page"},
	"actions.none_match":      {"Ingen indsatser passer til de valgte filtre. Prøv at fjerne et eller flere filtre.", "No actions match the selected filters. Try removing one or more filters."},
	"actions.back":            {"Alle indsatser", "All actions"},
	"actions.facts":           {"Om indsatsen", "About the action"},
	"actions.effect":          {"Forventet reduktion", "Expected reduction"},
	"actions.history":         {"Statushistorik", "Status history"},
	"actions.history_caption": {"Ændringer i status og fremdrift for %s", "Changes in status and progress of %s"},
	"actions.history_date":    {"Dato", "Date"},
	"actions.no_history":      {"Der er ingen registrerede ændringer af status.", "No status changes have been recorded."},
})
