package sheet

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// order is the order kinds are imported in: each refers only to earlier ones.
var order = []string{"organisations", "themes", "programmes", "projects", "plans", "indicators", "actions", "indicator-values", "emission-targets", "activity-data", "emission-factors", "consumption-footprints", "procurement-spend", "spend-factors", "library-items"}

type ids map[string]int64

var tenth = 0.1 // not a constant, so that 0.1+0.2 is inexact

// seedAll creates a small but awkward data set through the store.
func seedAll(t testing.TB, db *store.DB) ids {
	t.Helper()
	ctx := context.Background()
	id := ids{}
	err := db.Tx(ctx, func(tx *store.Tx) error {
		mk := func(name string, res *model.Resource, r model.Record) {
			t.Helper()
			out, err := tx.Create(ctx, res, r)
			if err != nil {
				t.Fatalf("create %s %s: %v", res.Singular, name, err)
			}
			id[name] = out.ID()
		}
		// Organisations, created children first so that ids and keys disagree in order.
		mk("dn", model.Organisations, model.Record{"kind": "partner", "code": "DN", "name_da": `Danmarks "Natur"fredningsforening; DN`, "name_en": "Danish Society for Nature Conservation"})
		mk("region", model.Organisations, model.Record{"kind": "region", "code": "1084", "name_da": "Region Hovedstaden",
			"population": []model.Population{{Year: 2021, Value: 1855084, Source: "DST FOLK1A"}, {Year: 2020, Value: 1846023, Source: "DST FOLK1A"}}})
		mk("kbh", model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København", "parent_id": id["region"],
			"population": []model.Population{{Year: 2020, Value: 632340, Source: "DST | FOLK1A: kvartal 1"}, {Year: 2022, Value: 644431, Source: `C:\data\befolkning.csv`}, {Year: 2023, Value: 653664, Source: ""}}})
		mk("alb", model.Organisations, model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund", "parent_id": id["region"],
			"population": []model.Population{{Year: 2020, Value: 27753}}})
		mk("kkf", model.Organisations, model.Record{"kind": "secretariat", "code": "KKF", "name_da": "Klimasekretariatet"})
		// A network (a saved group), its members named by their keys in the sheet.
		mk("net", model.Organisations, model.Record{"kind": "network", "code": "KA", "name_da": "Klimaalliancen", "member_ids": []int64{id["kbh"], id["alb"]}})

		mk("transport", model.Themes, model.Record{"code": "transport", "name_da": "Transport", "name_en": "Transport"})
		mk("energy", model.Themes, model.Record{"code": "energy", "name_da": "Energi"})
		mk("heat", model.Themes, model.Record{"code": "energy.heat", "name_da": "Fjernvarme", "parent_id": id["energy"]})

		mk("dk2020", model.Programmes, model.Record{"code": "DK2020", "name_da": "DK2020", "period_start": int64(2020), "period_end": int64(2030),
			"organisation_id": id["region"], "description": "Linje 1\nLinje 2; med \"citat\"\n", "source": "https://example.org/dk2020"})
		mk("vip3", model.Projects, model.Record{"code": "VIP3", "programme_id": id["dk2020"], "name_da": "Vidensplatform 3", "cost_dkk": 1.5e6, "cost_dkk_high": 2250000.75})
		mk("plan", model.Plans, model.Record{"code": "KP-101", "organisation_id": id["kbh"], "kind": "climate_plan", "title": "Klimaplan 2025",
			"status": "adopted", "adopted_on": "2020-08-27", "period_start": int64(2020), "period_end": int64(2025), "baseline_year": int64(2005), "example": true})

		mk("co2", model.Indicators, model.Record{"code": "co2-total", "name_da": "CO2-udledning", "unit": "t CO2e", "direction": "lower",
			"owner_organisation_id": id["kbh"], "theme_id": id["energy"], "baseline_year": int64(1990), "baseline_value": 1234.5678,
			"targets": []model.Target{{Year: 2030, Value: 0}, {Year: 2025, Value: 50.5}}})
		mk("ev", model.Indicators, model.Record{"code": "ev-share", "name_da": "Andel elbiler", "unit": "%", "direction": "higher",
			"owner_plan_id": id["plan"], "theme_id": id["transport"], "targets": []model.Target{{Year: 2030, Value: tenth + 0.2}}})
		mk("vip", model.Indicators, model.Record{"code": "vip-ind", "name_da": "Deltagere", "unit": "antal", "direction": "higher", "owner_project_id": id["vip3"], "example": true})

		mk("a1", model.Actions, model.Record{"plan_id": id["plan"], "title": "Grøn fjernvarme", "sector": "energy", "organisation_id": id["kbh"],
			"status": "in_progress", "progress": 40.5, "theme_ids": []int64{id["heat"], id["energy"]}, "joint": true, "partner_ids": []int64{id["dn"], id["alb"]},
			"start_date": "2021-01-01", "end_date": "2025-12-31", "effect_t_co2e": 9000.25, "effect_start_year": int64(2022), "cost_dkk": 1.5e9})
		mk("a2", model.Actions, model.Record{"project_id": id["vip3"], "title": "Fælles ladestandere", "description": "Første linje\r\nAnden linje",
			"sector": "transport", "organisation_id": id["alb"], "status": "planned"})
		mk("a3", model.Actions, model.Record{"plan_id": id["plan"], "title": "=SUM(A1)", "sector": "cross_cutting", "organisation_id": id["kbh"], "status": "completed", "progress": 100.0})

		mk("li1", model.LibraryItems, model.Record{"title": "Idékatalog om madspild", "title_en": "Food waste ideas", "summary": "Kort; \"citat\"",
			"body": "# Overskrift\r\n\r\n- punkt", "kind": "idea", "theme_ids": []int64{id["heat"], id["energy"]}, "project_ids": []int64{id["vip3"]},
			"organisation_id": id["kbh"], "sector": "waste_wastewater", "language": "da", "licence": "CC BY 4.0", "expected_effect_t_co2e": 12.5,
			"cost_dkk": 250000.0, "published": true, "source": "VIP-slutrapporten"})
		mk("li2", model.LibraryItems, model.Record{"title": "=Kampagne", "kind": "campaign", "example": true})

		mk("t1", model.EmissionTargets, model.Record{"organisation_id": id["kbh"], "base_year": int64(1990), "base_t_co2e": 2500000.5,
			"base_source": "Klimaplanens bilag; \"1990\"", "target_year": int64(2030), "reduction_pct": 70.0, "boundary": "territorial",
			"label": "70 % i 2030 i forhold til 1990"})
		mk("t2", model.EmissionTargets, model.Record{"organisation_id": id["alb"], "base_year": int64(2018), "target_year": int64(2050),
			"net_zero": true, "boundary": "energy_transport", "example": true})

		mk("ad1", model.ActivityData, model.Record{"organisation_id": id["kbh"], "year": int64(2018), "sector": "energy", "subsector": "district heating",
			"fuel": "natural_gas", "use": "stationary", "amount": 1000.25, "unit": "GJ", "source": "Varmeplan; \"2018\"", "note": "linje 1\r\nlinje 2"})
		mk("ad2", model.ActivityData, model.Record{"organisation_id": id["alb"], "year": int64(2018), "sector": "transport", "subsector": "road",
			"fuel": "gas_diesel_oil", "use": "road", "amount": tenth + 0.2, "unit": "l", "example": true})
		mk("ef1", model.EmissionFactors, model.Record{"factor_set": "lokal", "set_version": int64(2), "fuel": "electricity", "gas": "CO2",
			"value": 287.5, "unit": "g CO2/kWh", "valid_from": int64(2018), "valid_to": int64(2018), "organisation_id": id["kbh"], "source": "Miljødeklaration 2018"})
		mk("ef2", model.EmissionFactors, model.Record{"factor_set": "national", "set_version": int64(1), "fuel": "natural_gas", "use": "stationary",
			"gas": "CH4", "value": 0.001, "unit": "kg CH4/GJ", "source": "IPCC 2006; Table 2.2"})
		mk("cf1", model.ConsumptionFootprints, model.Record{"organisation_id": id["region"], "year": int64(2023), "category": "goods_services",
			"t_co2e_per_person": 4.5, "method": "Forbrugsbaseret; \"CONCITO\"", "source": "Sekundær kilde\r\nskal efterprøves", "example": true})
		mk("cf2", model.ConsumptionFootprints, model.Record{"organisation_id": id["kbh"], "year": int64(2023), "category": "mobility",
			"t_co2e_per_person": tenth + 0.2, "method": "Egen opgørelse", "source": "Kommunen"})
		mk("ps1", model.ProcurementSpend, model.Record{"organisation_id": id["kbh"], "year": int64(2023), "category": "food",
			"spend_dkk": 1250000.5, "source": "Indkøbsanalyse; \"2023\"", "note": "linje 1\r\nlinje 2", "example": true})
		mk("sf1", model.SpendFactors, model.Record{"factor_set": "eksempel", "category": "food", "kg_co2e_per_dkk": tenth + 0.2,
			"valid_from": int64(2020), "valid_to": int64(2025), "source": "Eksempel; ikke rigtige tal", "example": true})

		rows := []model.Record{}
		add := func(ind, org, period, breakdown string, value float64, extra model.Record) {
			r := model.Record{"indicator_id": id[ind], "organisation_id": id[org], "period": period, "breakdown": breakdown, "value": value}
			for k, v := range extra {
				r[k] = v
			}
			model.Normalize(model.IndicatorValues, r)
			if err := model.Validate(model.IndicatorValues, r); err != nil {
				t.Fatalf("value %v: %v", r, err)
			}
			rows = append(rows, r)
		}
		add("co2", "kbh", "2020", "", 1800000.5, model.Record{"source": "Energi- og CO2-regnskabet; 2022", "vintage": "2022-03-01"})
		add("co2", "kbh", "2020", "fuel:gas", 300000.25, nil)
		add("co2", "kbh", "2020", "fuel:oil", 0.1+0.2, model.Record{"note": "linje 1\nlinje 2"})
		add("co2", "alb", "2021-Q2", "", -12.5, model.Record{"example": true})
		add("co2", "alb", "2022-05", "", 1e-7, nil)
		add("ev", "kbh", "2023-H1", "", 1e15, nil)
		add("ev", "kbh", "2023-05-17", "type:\"bev\"", 33.333333333333336, nil)
		add("vip", "region", "2024", "", 7, model.Record{"note": " "})
		return tx.InsertValues(ctx, rows)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func exportString(t testing.TB, db *store.DB, kind, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(context.Background(), db, kind, format, &buf); err != nil {
		t.Fatalf("export %s %s: %v", kind, format, err)
	}
	return buf.Bytes()
}

func TestRoundTripCSV(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedAll(t, db)
		fresh := storetest.Open(t, db.Engine())
		for _, kind := range order {
			first := exportString(t, db, kind, CSV)
			res, err := Import(ctx, fresh, kind, bytes.NewReader(first), CSV)
			if err != nil {
				t.Fatalf("import %s: %v\nfile:\n%s", kind, err, first)
			}
			if res.Created == 0 || res.Updated != 0 {
				t.Errorf("import %s: %+v", kind, res)
			}
			second := exportString(t, fresh, kind, CSV)
			if !bytes.Equal(first, second) {
				t.Errorf("%s: export after import differs:\n%s", kind, cmp.Diff(string(first), string(second)))
			}
			// Importing the same file again changes nothing.
			again, err := Import(ctx, fresh, kind, bytes.NewReader(first), CSV)
			if err != nil && kind != "emission-factors" && kind != "consumption-footprints" && kind != "spend-factors" {
				t.Fatalf("second import %s: %v", kind, err)
			}
			switch kind {
			case "actions", "emission-targets", "activity-data", "procurement-spend", "library-items": // records without a key are appended
			case "emission-factors", "consumption-footprints", "spend-factors":
				// Without a key a factor is appended, and a second one of the same set,
				// version, fuel, use, gas, organisation and years is refused: the whole file
				// (a footprint: of the same organisation, year and category).
				if err == nil || again.Created != 0 {
					t.Errorf("second import %s: %+v, %v; want the ties refused", kind, again, err)
				}
			case "indicator-values":
				if again.Created != 0 || again.Updated != res.Created {
					t.Errorf("second import %s: %+v", kind, again)
				}
			default:
				if again.Created != 0 || again.Updated != 0 || again.Unchanged != res.Created {
					t.Errorf("second import %s: %+v", kind, again)
				}
			}
		}
		want := "\ufeffkode;navn;navn_en;periode_start;periode_slut;organisation;beskrivelse;kilde\r\n" +
			"DK2020;DK2020;;2020;2030;1084;\"Linje 1\r\nLinje 2; med \"\"citat\"\"\";https://example.org/dk2020\r\n"
		if got := string(exportString(t, db, "programmes", CSV)); got != want {
			t.Errorf("programmes:\n%s", cmp.Diff(want, got))
		}
		orgs := string(exportString(t, db, "organisations", CSV))
		for _, s := range []string{
			"type;kode;navn;navn_en;overordnet;befolkning;befolkning_kilde;medlemmer\r\n",
			"region;1084;Region Hovedstaden;;;2020:1846023|2021:1855084;DST FOLK1A;\r\n",
			`municipality;101;København;;1084;2020:632340|2022:644431|2023:653664;DST \| FOLK1A: kvartal 1|C:\\data\\befolkning.csv|;` + "\r\n",
			// A network's members by their codes, created in the same file before it.
			"network;KA;Klimaalliancen;;;;;101|165\r\n",
			`partner;DN;"Danmarks ""Natur""fredningsforening; DN";`,
		} {
			if !strings.Contains(orgs, s) {
				t.Errorf("organisations lack %q:\n%s", s, orgs)
			}
		}
		inds := string(exportString(t, db, "indicators", CSV))
		if !strings.Contains(inds, ";1990;1234,5678;2025:50,5|2030:0;nej;") || !strings.Contains(inds, "2030:0,30000000000000004") {
			t.Errorf("indicators:\n%s", inds)
		}
		acts := string(exportString(t, db, "actions", CSV))
		if !strings.Contains(acts, ";'=SUM(A1);") || strings.Contains(acts, ";=SUM(A1);") {
			t.Errorf("a title that looks like a formula is not written as text:\n%s", acts)
		}
		if !strings.Contains(acts, ";energy|energy.heat;101;2021-01-01;2025-12-31;in_progress;40,5;;9000,25;2022;1500000000;ja;165|DN;nej;nej;\r\n") {
			t.Errorf("actions:\n%s", acts)
		}
	})
}

// cells reads every cell of the first sheet, raw.
func cells(t *testing.T, data []byte) (string, [][]string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	name := f.GetSheetList()[0]
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return name, rows
}

func TestRoundTripXLSX(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, "sqlite")
	seedAll(t, db)
	fresh := storetest.Open(t, "sqlite")
	for _, kind := range order {
		first := exportString(t, db, kind, XLSX)
		if _, err := Import(ctx, fresh, kind, bytes.NewReader(first), XLSX); err != nil {
			t.Fatalf("import %s: %v", kind, err)
		}
		second := exportString(t, fresh, kind, XLSX)
		name1, cells1 := cells(t, first)
		name2, cells2 := cells(t, second)
		if name1 != kind || name2 != kind {
			t.Errorf("sheet names %q, %q", name1, name2)
		}
		if diff := cmp.Diff(cells1, cells2); diff != "" {
			t.Errorf("%s: cells differ after a round trip:\n%s", kind, diff)
		}
		// The data is the same as the original, too.
		if a, b := exportString(t, db, kind, CSV), exportString(t, fresh, kind, CSV); !bytes.Equal(a, b) {
			t.Errorf("%s: csv of the xlsx round trip differs:\n%s", kind, cmp.Diff(string(a), string(b)))
		}
	}
	// Numbers are numeric cells, keys and lists text.
	f, err := excelize.OpenReader(bytes.NewReader(exportString(t, db, "indicators", XLSX)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, want := range map[string]excelize.CellType{"A2": excelize.CellTypeInlineString, "M2": excelize.CellTypeUnset, "N2": excelize.CellTypeUnset, "O2": excelize.CellTypeInlineString, "P2": excelize.CellTypeInlineString} {
		got, err := f.GetCellType("indicators", cell)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := f.GetCellValue("indicators", cell)
		if got != want {
			t.Errorf("cell %s (%q) has type %v, want %v", cell, v, got, want)
		}
	}
}
