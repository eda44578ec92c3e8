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
	"field.reporting-rounds.source":        {"Kilde", "Source"},

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

// Reminders (internal/remind): plain-text mails to a project's leads and the secretariat's
// weekly digest. Arguments: the receiver's name, the project (code and name), the round, the
// deadline, the report's state and the link.
var _ = register(map[string]msg{
	"remind.before.subject": {"Påmindelse: statusrapport for %[1]s senest %[2]s", "Reminder: status report for %[1]s due by %[2]s"},
	"remind.before.body": {
		"Hej %[1]s\n\nStatusrapporten for projektet %[2]s i runden »%[3]s« skal afleveres senest %[4]s. Den er nu: %[5]s.\n\nDu kan udfylde og indsende den her:\n%[6]s\n\nDu får denne mail, fordi du er projektleder i en af projektets tovholderorganisationer.\n\nVenlig hilsen\nKlimaspor",
		"Hello %[1]s\n\nThe status report for the project %[2]s in the round “%[3]s” is due by %[4]s. It is now: %[5]s.\n\nYou can fill it in and submit it here:\n%[6]s\n\nYou receive this mail because you are a project lead in one of the project's lead organisations.\n\nKind regards\nKlimaspor",
	},
	"remind.overdue.subject": {"Fristen er overskredet: statusrapport for %[1]s", "Overdue: status report for %[1]s"},
	"remind.overdue.body": {
		"Hej %[1]s\n\nFristen for statusrapporten for projektet %[2]s i runden »%[3]s« var %[4]s, og rapporten er ikke indsendt. Den er nu: %[5]s.\n\nDu kan udfylde og indsende den her:\n%[6]s\n\nDu får denne mail, fordi du er projektleder i en af projektets tovholderorganisationer.\n\nVenlig hilsen\nKlimaspor",
		"Hello %[1]s\n\nThe deadline for the status report for the project %[2]s in the round “%[3]s” was %[4]s, and the report has not been submitted. It is now: %[5]s.\n\nYou can fill it in and submit it here:\n%[6]s\n\nYou receive this mail because you are a project lead in one of the project's lead organisations.\n\nKind regards\nKlimaspor",
	},
	"remind.digest.subject": {"Ugeoversigt: %[1]d statusrapporter mangler i »%[2]s«", "Weekly digest: %[1]d status reports missing in “%[2]s”"},
	"remind.digest.body": {
		"Hej %[1]s\n\nI runden »%[2]s« med frist %[3]s mangler disse statusrapporter:\n\n%[4]s\nSe runden her:\n%[5]s\n\nDu får denne oversigt hver uge, så længe der mangler rapporter, og i fire uger efter fristen.\n\nVenlig hilsen\nKlimaspor",
		"Hello %[1]s\n\nIn the round “%[2]s”, due by %[3]s, these status reports are missing:\n\n%[4]s\nSee the round here:\n%[5]s\n\nYou receive this digest every week while reports are missing, and for four weeks after the deadline.\n\nKind regards\nKlimaspor",
	},
})
