package i18n

// Texts of the export links on the list pages and the front page without map data.
var _ = register(map[string]msg{
	"home.map_none": {"Der er ingen værdier for »%s« i %d, så kortet kan ikke vises.", "There are no values for “%s” in %d, so the map cannot be shown."},
})
