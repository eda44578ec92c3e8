package i18n

// Texts of the export links on the list pages and the front page without map data.
var _ = register(map[string]msg{
	"export.all_projects":      {"Filerne indeholder alle fælles projekter i databasen, ikke kun dem i tabellen.", "The files contain all joint projects in the database, not only those in the table."},
	"export.all_organisations": {"Filerne indeholder stamdata for alle organisationer i databasen (kommuner, regioner og andre), ikke kun tabellens kommuner. Antal indsatser og udledning pr. indbygger er ikke med.", "The files contain the basic data of all organisations in the database (municipalities, regions and others), not only the municipalities in the table. Action counts and emissions per inhabitant are not included."},
	"export.all_values":        {"Filerne indeholder alle nøgletalsværdier i databasen for alle nøgletal og organisationer, ikke kun dem i tabellen. De kan være store.", "The files contain all indicator values in the database, for every indicator and organisation, not only those in the table. They can be large."},
	"home.map_none":            {"Der er ingen værdier for udledning pr. indbygger i %d, så kortet kan ikke vises.", "There are no values for emissions per inhabitant in %d, so the map cannot be shown."},
})
