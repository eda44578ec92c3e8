package i18n

// Texts of the joint project page: the map of participants and the project's actions.
var _ = register(map[string]msg{
	"project.map_title":          {"Deltagende kommuner i %s", "Participating municipalities in %s"},
	"project.map_desc":           {"Kortet viser kommunernes rolle i projektet: tovholder, medlem, følger eller ikke med.", "The map shows each municipality's role in the project: lead, member, follower or not taking part."},
	"project.map_caption":        {"Kommunernes rolle i %s", "The municipalities' roles in %s"},
	"project.role":               {"Rolle", "Role"},
	"project.role_lead":          {"Tovholder", "Lead"},
	"project.role_member":        {"Medlem", "Member"},
	"project.role_follower":      {"Følger", "Follower"},
	"project.role_none":          {"Deltager ikke", "Not taking part"},
	"project.actions":            {"Indsatser", "Actions"},
	"project.actions_caption":    {"Indsatser i %s", "Actions in %s"},
	"project.no_actions":         {"Projektet har ingen indsatser registreret.", "The project has no actions registered."},
	"project.ind_no_values":      {"Ingen værdier endnu.", "No values yet."},
	"goal.progress":              {"%s: %s af vejen (seneste %s)", "%s: %s of the way (latest %s)"},
	"goal.latest":                {"%s (seneste %s)", "%s (latest %s)"},
	"goal.met":                   {"Nået – %s (seneste %s)", "Met – %s (latest %s)"},
	"goal.missed":                {"Ikke nået – %s (seneste %s)", "Not met – %s (latest %s)"},
	"nav.breadcrumbs":            {"Brødkrumme", "Breadcrumb"},
	"indpage.back_to":            {"Tilbage til %s", "Back to %s"},
	"muni.other_agreements":      {"Andre aftaler", "Other agreements"},
	"muni.other_agreements_note": {"Tal fra kommunernes aftaler, der ikke handler om klima, f.eks. SOSU-praktikpladser.", "Figures from the municipalities' agreements that are not about climate, such as social and health care apprenticeships."},
	"home.total_plans":           {"%s af %s med plan", "%s of %s with a plan"},
	"edit.to_indicator":          {"til »%s«", "to “%s”"},
})
