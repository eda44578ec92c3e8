package i18n

// Texts of the edit forms.
var _ = register(map[string]msg{
	"form.edit_action":      {"Ret indsatsen »%s«", "Edit the action “%s”"},
	"form.edit_link":        {"Ret indsatsen", "Edit this action"},
	"form.error_title":      {"Fejl: %s", "Error: %s"},
	"form.back":             {"Tilbage til indsatsen", "Back to the action"},
	"form.fields_heading":   {"Oplysninger om indsatsen", "Details of the action"},
	"form.required_note":    {"Felter mærket »skal udfyldes« skal have en værdi. De andre kan udelades.", "Fields marked “required” must have a value. The others may be left out."},
	"form.save":             {"Gem ændringerne", "Save the changes"},
	"form.cancel":           {"Annuller", "Cancel"},
	"form.theme_whole":      {"%s generelt", "%s in general"},
	"form.range_hint":       {"Et tal fra %s til %s", "A number from %s to %s"},
	"form.bad_number":       {"Skriv et tal, fx 12,5.", "Enter a number, e.g. 12.5."},
	"form.bad_whole":        {"Skriv et helt tal, fx 2030.", "Enter a whole number, e.g. 2030."},
	"form.at_least":         {"Værdien skal være mindst %s.", "The value must be at least %s."},
	"form.at_most":          {"Værdien må højst være %s.", "The value must be at most %s."},
	"form.whole_form":       {"Formularen", "The form"},
	"form.rule.end_date":    {"Slutdatoen må ikke ligge før startdatoen.", "The end date must not be before the start date."},
	"form.rule.partner_ids": {"En indsats, der udføres alene, har ingen samarbejdspartnere. Sæt flueben ved »Sammen med andre«, eller fjern partnerne.", "An action done alone has no partners. Tick “Done with others”, or remove the partners."},
	// References: what the store and the authorization refuse (see auth.refRules).
	"form.rule.organisation_id": {"En indsats i en plan udføres af planens organisation. Vælg den.", "An action in a plan is done by the plan's organisation. Choose it."},
	"form.rule.parent_id":       {"Vælg et mål i samme plan eller projekt, som ikke er en del af dette mål.", "Choose a goal in the same plan or project that is not a part of this goal."},
	"validation.out_of_reach":   {"Du kan ikke vælge dette. Det hører til en anden organisation eller et projekt, du ikke er ansvarlig for.", "You cannot choose this. It belongs to another organisation or to a project you are not responsible for."},
	"form.conflict_caption":     {"Felter, hvor den gemte version og din version er forskellige", "Fields where the saved version and your version differ"},
	"form.conflict_same":        {"Den gemte version har de samme værdier som din version.", "The saved version has the same values as your version."},
	"form.conflict_choose":      {"Formularen herunder viser stadig dine værdier. Gem igen for at erstatte den gemte version med din, eller brug den gemte version.", "The form below still shows your values. Save again to replace the saved version with yours, or use the saved version."},
})
