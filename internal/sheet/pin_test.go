package sheet

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"klimaspor/internal/store/storetest"
)

// TestImportRecordsOutputPinned keeps the import of records byte for byte: for
// representative good and bad files, the result, the exact error message and the export of
// what is stored afterwards hash to the recorded value, so that a refactor of
// importRecords cannot change them unnoticed. A deliberate change updates the hashes.
func TestImportRecordsOutputPinned(t *testing.T) {
	tests := []struct {
		name, kind, file, want string
	}{
		{"organisations upserted", "organisations",
			"kode;overordnet;navn;type;befolkning\r\n" +
				"999;NYREG;Ny kommune;municipality;2020:1.000\r\n" +
				"NYREG;;Ny region;other;\r\n" +
				"101;1084;København K;municipality;2020:632340|2024:660000\r\n" +
				"165;1084;Albertslund;municipality;2020:27753\r\n", "c48d272410434dfd"},
		{"organisations refused", "organisations", badOrganisations, "fff388c014fe53c1"},
		{"themes without a required column", "themes", "kode;overordnet\nq;\nr;q\n", "5170a4867ef4851f"},
		{"themes children first", "themes", "kode;overordnet;navn\nz2;z1;Zto\nz1;;Zet\n", "524becc3e49295db"},
		{"actions refused", "actions",
			"plan;projekt;titel;sektor;temaer;ansvarlig;start;slut;status;fremdrift_pct;faelles;partnere\n" +
				"KP-101;;Ok;energy;energy;101;2020-01-01;2021-01-01;planned;0;ja;165|DN\n" +
				"KP-101;VIP3;Begge;energy;;101;;;planned;;;\n" +
				"KP-101;;Skæv;energy;energy|nope|energy.heat;101;2022-01-01;2021-01-01;planned;101;nej;165\n" +
				"KP-101;;Dobbelt;energy;energy|energy;101;;;done;;;\n", "15b69f75b3372a48"},
		{"actions created", "actions",
			"plan;titel;sektor;temaer;ansvarlig;status\n" +
				"KP-101;Ny;energy;energy;101;planned\n", "39136452d0a824dc"},
	}
	for _, tt := range tests {
		db := storetest.Open(t, "sqlite")
		seedAll(t, db)
		res, err := importString(db, tt.kind, CSV, tt.file)
		h := sha256.New()
		fmt.Fprintf(h, "%+v\n%v\n", res, err)
		h.Write(exportString(t, db, tt.kind, CSV))
		if got := hex.EncodeToString(h.Sum(nil)[:8]); got != tt.want {
			t.Errorf("%s: import hash %s, want %s\nresult %+v\nerror %v", tt.name, got, tt.want, res, err)
		}
	}
}
