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

// Files of library items (decision 66): why an upload is refused, as the API answers it in
// the client's language (files.RefusedError's codes; %[1]s the file's name, %[2]s its
// extension, %[3]s the extensions taken, %[4]s the size limit).
var _ = register(map[string]msg{
	"file.refused.empty":      {"Filen %[1]q er tom.", "The file %[1]q is empty."},
	"file.refused.type":       {"Filer af typen %[2]q modtages ikke. Send en af: %[3]s.", "Files of the kind %[2]q are not taken. Send one of: %[3]s."},
	"file.refused.mismatch":   {"Indholdet af %[1]q er ikke en %[2]s-fil. Filens navn skal passe til dens indhold.", "The content of %[1]q is not a %[2]s file. A file's name must agree with its content."},
	"file.refused.executable": {"%[1]q er et program eller script, og det modtages aldrig.", "%[1]q is a program or script, which is never taken."},
	"file.refused.active":     {"%[1]q indeholder HTML, SVG eller XML, som kan køre scripts, og modtages ikke.", "%[1]q holds HTML, SVG or XML markup, which could run scripts, and is not taken."},
	"file.refused.macros":     {"%[1]q indeholder makroer, som ikke modtages. Gem filen uden makroer.", "%[1]q carries macros, which are not taken. Save the file without them."},
	"file.refused.too_large":  {"Filen er større end grænsen på %[4]s.", "The file is larger than the limit of %[4]s."},
	"file.refused.missing":    {"Send filen som multipart/form-data i feltet \"file\".", "Send the file as multipart/form-data in the field \"file\"."},
	"file.refused.no_name":    {"Filen har intet navn. Giv den et navn med en af endelserne %[3]s.", "The file has no name. Give it a name ending in one of %[3]s."},
})

// The item page /bibliotek/{id} (internal/web/library, decision 67).
var _ = register(map[string]msg{
	"library.back":              {"Til videnbiblioteket", "To the knowledge library"},
	"library.draft_explain":     {"Forslaget er ikke offentliggjort: kun organisationens egne og sekretariatet kan se det, indtil sekretariatet offentliggør det.", "The proposal is not published: only its organisation's people and the secretariat see it until the secretariat publishes it."},
	"library.facts":             {"Fakta", "Facts"},
	"library.secretariat":       {"Sekretariatet", "The secretariat"},
	"library.links":             {"Forbindelser", "Connections"},
	"library.named_actions":     {"Indsatser, materialet handler om", "Actions the item is about"},
	"library.made_actions":      {"Indsatser lavet ud fra materialet", "Actions made from the item"},
	"library.to_action":         {"Gør til indsats", "Make it an action"},
	"library.to_action_intro":   {"Lav en planlagt, ikke offentliggjort indsats ud fra idéen i en plan, du må tilføje indsatser til. Du kan rette den bagefter.", "Make a planned, unpublished action of the idea in a plan you may add actions to. You can edit it afterwards."},
	"library.to_action_plan":    {"Plan", "Plan"},
	"library.to_action_button":  {"Gør til indsats", "Make it an action"},
	"library.to_action_none":    {"Du må ikke tilføje indsatser til nogen plan.", "You may not add actions to any plan."},
	"library.action_refused":    {"Indsatsen blev ikke lavet.", "The action was not made."},
	"library.files":             {"Filer", "Files"},
	"library.files_caption":     {"Filer til »%s«", "Files of “%s”"},
	"library.file_name":         {"Navn", "Name"},
	"library.file_type":         {"Type", "Type"},
	"library.file_size":         {"Størrelse", "Size"},
	"library.file_delete":       {"Slet", "Delete"},
	"library.file_delete_label": {"Slet filen %s", "Delete the file %s"},
	"library.no_files":          {"Ingen filer.", "No files."},
	"library.upload_label":      {"Tilføj en fil", "Add a file"},
	"library.upload_hint":       {"Filtyper: %s. Højst %s.", "File types: %s. At most %s."},
	"library.upload_button":     {"Tilføj filen", "Add the file"},
	"library.bytes":             {"%s byte", "%s bytes"},
	"library.msg.file_added":    {"Filen er tilføjet.", "The file has been added."},
	"library.msg.file_deleted":  {"Filen er slettet.", "The file has been deleted."},
	"library.see_all":           {"Se alle i videnbiblioteket", "See all in the knowledge library"},
	"library.from_item":         {"Lavet ud fra", "Made from"},
	"library.items_naming":      {"Materialer i videnbiblioteket om indsatsen", "Knowledge library items about the action"},
	"library.project_items":     {"Videnbibliotek", "Knowledge library"},
	"library.project_none":      {"Ingen materialer fra projektet i videnbiblioteket.", "No items from the project in the knowledge library."},
	"library.indicator_items":   {"Materialer i videnbiblioteket om nøgletallet", "Knowledge library items about the indicator"},
	"file.refused.missing_page": {"Vælg en fil.", "Choose a file."},
})

// The item forms (internal/web/form/library.go).
var _ = register(map[string]msg{
	"edit.library.heading":     {"Ret materialet »%s«", "Edit the library item “%s”"},
	"edit.library.back":        {"Tilbage til materialet", "Back to the library item"},
	"edit.library.legend":      {"Oplysninger om materialet", "Details of the library item"},
	"edit.library.new_heading": {"Nyt materiale i videnbiblioteket%.0[1]s", "New item in the knowledge library%.0[1]s"},
	"library.new_link":         {"Foreslå et nyt materiale", "Propose a new item"},
	"library.edit_link":        {"Ret materialet", "Edit the item"},
	"library.effect":           {"Forventet effekt", "Expected effect"},
	"library.cost":             {"Anslået pris", "Estimated cost"},
})
