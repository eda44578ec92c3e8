package i18n

// Texts of the municipality page's section of indicators.
var _ = register(map[string]msg{
	"muni.ind_heading":        {"Nøgletal", "Indicators"},
	"muni.ind_latest":         {"Seneste værdi", "Latest value"},
	"muni.ind_value_in":       {"%s (%s)", "%s (%s)"},
	"muni.ind_progress":       {"Fremdrift mod målet", "Progress toward the target"},
	"muni.ind_progress_title": {"%s: fremdrift mod målet for %s", "%s: progress toward the target for %s"},
	"muni.ind_progress_text":  {"%s af vejen fra basisværdien %s mod målet %s i %s", "%s of the way from the baseline %s to the target %s in %s"},
	"muni.ind_no_target":      {"Intet mål", "No target"},
	"muni.ind_chart_title":    {"%s i %s", "%s in %s"},
	"muni.ind_chart_desc":     {"Lille linjediagram med kommunens værdier i alt pr. periode, med basisværdi og mål, når nøgletallet har dem.", "Small line chart of the municipality's totals per period, with baseline and targets when the indicator has them."},
	"muni.ind_more":           {"Kommunen har %s nøgletal mere.", "The municipality has %s more indicators."},
	"muni.ind_compare":        {"Sammenlign kommunerne på et nøgletal", "Compare the municipalities on an indicator"},
	"muni.ind_none":           {"Kommunen har ingen nøgletal endnu.", "The municipality has no indicators yet."},
})
