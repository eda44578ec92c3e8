package i18n

// Texts of the lists' CSV and XLSX files (internal/web/page/export.go): the links, the files'
// names and the columns that exist only in a file.
var _ = register(map[string]msg{
	"export.link_csv":  {"Hent %s som CSV", "Download %s as CSV"},
	"export.link_xlsx": {"Hent %s som Excel (XLSX)", "Download %s as Excel (XLSX)"},
	"export.list_note": {"Filerne indeholder listens rækker og kolonner, som de vises her, på alle sider.", "The files contain the list's rows and columns as shown here, across all pages."},

	// What a link downloads, in the link text ("Hent indsatserne som CSV").
	"export.what.projekter":     {"projekterne", "the projects"},
	"export.what.kommuner":      {"kommunerne", "the municipalities"},
	"export.what.indsatser":     {"indsatserne", "the actions"},
	"export.what.noegletal":     {"nøgletallene", "the indicators"},
	"export.what.maal":          {"målene", "the goals"},
	"export.what.deltagere":     {"deltagerne", "the participants"},
	"export.what.vaerdier":      {"værdierne", "the values"},
	"export.what.sammenligning": {"sammenligningen", "the comparison"},

	// The files' and sheets' names; ASCII, for the file name.
	"export.file.projekter":     {"projekter", "projects"},
	"export.file.kommuner":      {"kommuner", "municipalities"},
	"export.file.indsatser":     {"indsatser", "actions"},
	"export.file.noegletal":     {"noegletal", "indicators"},
	"export.file.maal":          {"maal", "goals"},
	"export.file.deltagere":     {"deltagere", "participants"},
	"export.file.vaerdier":      {"vaerdier", "values"},
	"export.file.sammenligning": {"sammenligning", "comparison"},

	// Columns a file has where the page joins two things in one cell or shows a badge.
	"export.col_code":         {"Kode", "Code"},
	"export.col_name":         {"Navn", "Name"},
	"export.col_progress":     {"Fremdrift (%)", "Progress (%)"},
	"export.col_example":      {"Eksempeldata", "Example data"},
	"export.col_position":     {"Nr.", "No."},
	"export.col_period":       {"Periode", "Period"},
	"export.col_latest":       {"Seneste værdi", "Latest value"},
	"export.col_mismatch":     {"Delene passer ikke med totalen", "Parts do not match the total"},
	"export.col_ind_progress": {"Fremdrift mod målet (%)", "Progress toward the target (%)"},
})
