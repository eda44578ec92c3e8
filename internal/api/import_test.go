package api_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"klimaspor/internal/api"
	"klimaspor/internal/auth"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// trap is a request body that notes whether anybody read it.
type trap struct {
	r    io.Reader
	read bool
}

func (t *trap) Read(p []byte) (int, error) { t.read = true; return t.r.Read(p) }

// postFile sends a file to an import route of h as the token's person (none: the public)
// and returns the status and the decoded answer.
func postFile(t *testing.T, h http.Handler, path, contentType, token string, body io.Reader) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest("POST", path, body)
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var v map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("POST %s: %d, not JSON: %q", path, rec.Code, rec.Body.String())
	}
	return rec.Code, v
}

func apiHandler(db *store.DB, maxImport int64) http.Handler {
	a := api.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "test")
	if maxImport > 0 {
		a.SetMaxImport(maxImport)
	}
	return a.Handler()
}

// TestImportIsRefusedBeforeTheFileIsRead: whoever may never import a record of the kind
// (the public, a read-only token, a viewer, a project lead for plans) is refused before a
// byte of the file is read, with 401 or 403.
func TestImportIsRefusedBeforeTheFileIsRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		kbh, alb := int64(w.kbh), int64(w.alb)
		tokens := map[string]string{
			"kbh editor": newToken(t, db, "kbh@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: kbh, Role: auth.RoleEditor}),
			"read-only":  newToken(t, db, "read@example.dk", auth.ScopeRead, store.Membership{OrganisationID: kbh, Role: auth.RoleEditor}),
			"viewer":     newToken(t, db, "view@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: kbh, Role: auth.RoleViewer}),
			"lead":       newToken(t, db, "lead@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: alb, Role: auth.RoleProjectLead}),
		}
		h := apiHandler(db, 0)
		file := "code,organisation_id,kind,title,status\nKP-101,101,climate_plan,Klimaplan,adopted\n"
		for _, tc := range []struct {
			who, kind string
			status    int
		}{
			{"public", "plans", 401},
			{"public", "indicator-values", 401},
			{"read-only", "plans", 403},
			{"viewer", "plans", 403},
			{"viewer", "indicator-values", 403},
			{"lead", "plans", 403},
			{"lead", "themes", 403},
		} {
			body := &trap{r: strings.NewReader(file)}
			status, v := postFile(t, h, "/api/v1/"+tc.kind+"/import", "text/csv", tokens[tc.who], body)
			if status != tc.status || body.read {
				t.Errorf("%s imports %s: %d %v, the file read: %v; want %d without reading it", tc.who, tc.kind, status, v, body.read, tc.status)
			}
		}
		// Those who may import the kind get their file read (and the guard decides per record).
		body := &trap{r: strings.NewReader(file)}
		if status, v := postFile(t, h, "/api/v1/plans/import", "text/csv", tokens["kbh editor"], body); status != 200 || !body.read {
			t.Errorf("Copenhagen's editor imports its plan: %d %v, read %v", status, v, body.read)
		}
	})
}

// TestImportTellsNothingOfDraftsItsImporterMayNotSee: an import treats a draft its importer
// may not see as absent. A row identical to another organisation's draft, a wrong guess at
// it, and a reference to it get the answers they would get if it did not exist, so an
// import cannot be used to read drafts; the draft's own people still match it.
func TestImportTellsNothingOfDraftsItsImporterMayNotSee(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		kbh, alb := int64(w.kbh), int64(w.alb)
		c.json("POST", "/api/v1/plans", fmt.Sprintf(`{"code":"HEMMELIG","organisation_id":%v,"kind":"other","title":"Hemmelig plan","status":"draft"}`, w.kbh), 201)
		kbhEditor := newToken(t, db, "kbh@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: kbh, Role: auth.RoleEditor})
		albEditor := newToken(t, db, "alb@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: alb, Role: auth.RoleEditor})
		h := apiHandler(db, 0)
		post := func(kind, token, file string) (int, string) {
			t.Helper()
			status, v := postFile(t, h, "/api/v1/"+kind+"/import", "text/csv", token, strings.NewReader(file))
			b, _ := json.Marshal(v)
			return status, string(b)
		}
		const header = "code,organisation_id,kind,title,status,published\n"
		identical := header + "HEMMELIG,101,other,Hemmelig plan,draft,false\n"
		guess := header + "HEMMELIG,101,other,Et gæt,draft,false\n"
		nothing := header + "FINDESIKKE,101,other,Et gæt,draft,false\n"

		if status, v := post("plans", "", identical); status != 401 {
			t.Errorf("the public imports a row identical to a draft: %d %s, want 401", status, v)
		}
		s1, v1 := post("plans", albEditor, identical)
		s2, v2 := post("plans", albEditor, guess)
		s3, v3 := post("plans", albEditor, strings.ReplaceAll(nothing, "FINDESIKKE", "HEMMELIG2"))
		if s1 != 403 || s1 != s2 || s1 != s3 || v1 != v2 || v2 != v3 {
			t.Errorf("Albertslund's editor imports Copenhagen's draft plan: identical %d %s; a wrong guess %d %s; no such plan %d %s; want one and the same 403",
				s1, v1, s2, v2, s3, v3)
		}
		const actions = "plan_id,title,sector,organisation_id,status\n"
		s1, v1 = post("actions", albEditor, actions+"HEMMELIG,Ny indsats,energy,165,planned\n")
		s2, v2 = post("actions", albEditor, actions+"FINDESIKKE,Ny indsats,energy,165,planned\n")
		if s1 != 422 || s2 != 422 || !strings.Contains(v1, `no plan has the code \"HEMMELIG\"`) || strings.ReplaceAll(v2, "FINDESIKKE", "HEMMELIG") != v1 {
			t.Errorf("Albertslund's editor refers to Copenhagen's draft plan: %d %s; to no plan: %d %s; want the same 422", s1, v1, s2, v2)
		}
		if status, v := post("plans", kbhEditor, identical); status != 200 || !strings.Contains(v, `"unchanged":1`) {
			t.Errorf("Copenhagen's editor imports its own draft as it is: %d %s, want it unchanged", status, v)
		}
	})
}

// zipOf builds a zip archive of the parts; the zeros part, if named, is size zero bytes.
func zipOf(t *testing.T, parts map[string]string, zeros string, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, text := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, text)
	}
	if zeros != "" {
		w, _ := zw.Create(zeros)
		w.Write(make([]byte, size))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// workbook is the smallest workbook excelize reads: one sheet of the given rows' XML.
func workbook(sheetData string) map[string]string {
	return map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="themes" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetData + `</sheetData></worksheet>`,
	}
}

// TestImportLimits: a file larger than the configured limit is refused with 413 before it
// is read whole, with or without a Content-Length; a workbook that unpacks to more than
// the limits allow (a decompression bomb) is refused with 413; a damaged or foreign file
// is a bad file (422), never a failure of the server.
func TestImportLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		build(c)
		h := apiHandler(db, 64<<10) // a workbook may then unpack to 1 MiB
		const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		header := `<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c><c r="B1" t="inlineStr"><is><t>name_da</t></is></c></row>`
		var many strings.Builder
		for range 15_000 {
			many.WriteString(`<row><c t="inlineStr"><is><t>t</t></is></c><c t="inlineStr"><is><t>Tema</t></is></c></row>`)
		}
		good := workbook(header + `<row r="2"><c r="A2" t="inlineStr"><is><t>ny</t></is></c><c r="B2" t="inlineStr"><is><t>Nyt tema</t></is></c></row>`)
		noSheet := workbook(header)
		delete(noSheet, "xl/worksheets/sheet1.xml")
		bigCSV := "code,name_da\n" + strings.Repeat("x,X\n", 20_000)
		zipped := zipOf(t, good, "", 0)

		for _, tc := range []struct {
			name, contentType string
			body              io.Reader
			status            int
			message           string
		}{
			{"a workbook within the limits", xlsx, bytes.NewReader(zipped), 200, `"created":1`},
			{"a CSV file over the limit", "text/csv", strings.NewReader(bigCSV), 413, "larger than 64 KiB, the most an import takes here; split it into smaller files (the server's operator sets the limit with KLIMASPOR_MAX_IMPORT_MB)"},
			{"a CSV file over the limit, sent without its length", "text/csv", io.MultiReader(strings.NewReader(bigCSV)), 413, "larger than 64 KiB, the most an import takes here"},
			{"a part of 5 MiB of zeros", xlsx, bytes.NewReader(zipOf(t, good, "xl/media/image1.png", 5<<20)), 413, "the workbook unpacks to more than 1 MiB, the most an import takes; it is a damaged file or a decompression bomb"},
			{"a sheet that unpacks to more than 1 MiB", xlsx, bytes.NewReader(zipOf(t, workbook(header+many.String()), "", 0)), 413, "the workbook unpacks to more than 1 MiB, the most an import takes"},
			{"a workbook without its sheet part", xlsx, bytes.NewReader(zipOf(t, noSheet, "", 0)), 422, `the sheet \"themes\" cannot be read; the workbook is damaged`},
			{"an unrelated zip", xlsx, bytes.NewReader(zipOf(t, map[string]string{"readme.txt": "hej"}, "", 0)), 422, "not an Excel workbook (.xlsx) or it is damaged"},
			{"a truncated workbook", xlsx, bytes.NewReader(zipped[:len(zipped)-40]), 422, "not an Excel workbook (.xlsx) or it is damaged"},
			{"not a zip", xlsx, strings.NewReader("code;name_da\nx;X\n"), 422, "not an Excel workbook (.xlsx) or it is damaged"},
			{"an empty workbook", xlsx, strings.NewReader(""), 422, "the file is empty"},
			{"an empty CSV file", "text/csv", strings.NewReader(""), 422, "the file is empty"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, v := postFile(t, h, "/api/v1/themes/import", tc.contentType, c.token, tc.body)
				b, _ := json.Marshal(v)
				if status != tc.status || !strings.Contains(string(b), tc.message) {
					t.Errorf("%d %s; want %d with %q", status, b, tc.status, tc.message)
				}
			})
		}
	})
}
