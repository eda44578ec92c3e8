package i18n

// Texts of the joint project page: the map of participants and the project's actions.
var _ = register(map[string]msg{
	"project.map_title":       {"Deltagende kommuner i %s", "Participating municipalities in %s"},
	"project.map_desc":        {"Kortet viser kommunernes rolle i projektet: tovholder, medlem, følger eller ikke med.", "The map shows each municipality's role in the project: lead, member, follower or not taking part."},
	"project.map_caption":     {"Kommunernes rolle i %s", "The municipalities' roles in %s"},
	"project.role":            {"Rolle", "Role"},
	"project.role_lead":       {"Tovholder", "Lead"},
	"project.role_member":     {"Medlem", "Member"},
	"project.role_follower":   {"Følger", "Follower"},
	"project.role_none":       {"Deltager ikke", "Not taking part"},
	"project.actions":         {"Indsatser", "Actions"},
	"project.actions_caption": {"Indsatser i %s", "Actions in %s"},
	"project.no_actions":      {"Projektet har ingen indsatser registreret.", "The project has no actions registered."},
	"project.ind_no_values":   {"Ingen værdier endnu.", "No values yet."},
	"edit.to_indicator":       {"til »%s«", "to “%s”"},
})
