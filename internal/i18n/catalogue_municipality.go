package i18n

// Texts of the municipality page added after its first version.
var _ = register(map[string]msg{
	"muni.show_all_actions": {"Se alle %s indsatser inden for %s", "See all %s actions in %s"},
})
