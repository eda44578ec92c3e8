package i18n

// Status reporting (C5): the resources' names, fields and enumerations.
var _ = register(map[string]msg{
	"resource.reporting-rounds":     {"Afrapporteringsrunder", "Reporting rounds"},
	"resource.reporting-rounds.one": {"Afrapporteringsrunde", "Reporting round"},
	"resource.reports":              {"Statusrapporter", "Status reports"},
	"resource.reports.one":          {"Statusrapport", "Status report"},

	"field.reporting-rounds.programme_id":  {"Program", "Programme"},
	"field.reporting-rounds.name_da":       {"Navn", "Name"},
	"field.reporting-rounds.name_en":       {"Navn på engelsk", "Name in English"},
	"field.reporting-rounds.kind":          {"Type", "Kind"},
	"field.reporting-rounds.opens_on":      {"Åbner", "Opens"},
	"field.reporting-rounds.deadline":      {"Frist", "Deadline"},
	"field.reporting-rounds.reminder_days": {"Påmindelser (dage før fristen)", "Reminders (days before the deadline)"},
	"field.reporting-rounds.form_version":  {"Skemaversion", "Form version"},

	"field.reports.round_id":         {"Runde", "Round"},
	"field.reports.project_id":       {"Projekt", "Project"},
	"field.reports.state":            {"Tilstand", "State"},
	"field.reports.form_version":     {"Skemaversion", "Form version"},
	"field.reports.answers":          {"Svar", "Answers"},
	"field.reports.comment":          {"Sekretariatets kommentar", "The secretariat's comment"},
	"field.reports.state_changed_at": {"Tilstand ændret", "State changed"},

	"round_kind.regular": {"Halvårlig status", "Half-yearly status"},
	"round_kind.final":   {"Slutrapport", "Final report"},

	"report_state.not_started": {"Ikke påbegyndt", "Not started"},
	"report_state.draft":       {"Kladde", "Draft"},
	"report_state.submitted":   {"Indsendt", "Submitted"},
	"report_state.returned":    {"Sendt retur", "Returned"},
	"report_state.approved":    {"Godkendt", "Approved"},
})
