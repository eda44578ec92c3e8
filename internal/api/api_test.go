package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/api"
	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

type client struct {
	t     *testing.T
	srv   *httptest.Server
	doc   map[string]any
	token string // an administrator's write token, sent with every change (not with reads, which then stay public and cached)
}

// newToken makes a person with the given roles and an API token of theirs.
func newToken(t *testing.T, db *store.DB, email, scope string, ms ...store.Membership) string {
	t.Helper()
	u, err := db.CreateUser(context.Background(), store.User{Email: email, Name: email, Memberships: ms})
	if err != nil {
		t.Fatal(err)
	}
	token := auth.NewToken("ks_")
	if _, err := db.CreateToken(context.Background(), u.ID, "test", scope, auth.HashToken(token), time.Now().AddDate(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	return token
}

func newClient(t *testing.T, db *store.DB) *client {
	a := api.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "test")
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	c := &client{t: t, srv: srv, token: newToken(t, db, fmt.Sprintf("admin-%p@example.dk", t), auth.ScopeWrite, store.Membership{Role: auth.RoleAdmin})}
	c.doc = c.json("GET", "/api/v1/openapi.json", "", 200)
	return c
}

// do sends a request and returns the status and decoded JSON body.
func (c *client) do(method, path, body string, hdr ...string) (int, any) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.srv.URL+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if method != "GET" && method != "HEAD" && c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i]) // ("Authorization", ""): without the token
			continue
		}
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if len(b) == 0 {
		return resp.StatusCode, nil
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		c.t.Fatalf("%s %s answered %s, not JSON: %s", method, path, ct, b)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		c.t.Fatalf("%s %s: bad JSON %q: %v", method, path, b, err)
	}
	return resp.StatusCode, v
}

// json sends a request, checks the status and that the answer matches the OpenAPI
// document's schema for that route and status.
func (c *client) json(method, path, body string, want int) map[string]any {
	c.t.Helper()
	status, v := c.do(method, path, body)
	if status != want {
		c.t.Fatalf("%s %s = %d %v, want %d", method, path, status, v, want)
	}
	if c.doc != nil {
		c.conforms(method, path, status, v)
	}
	m, _ := v.(map[string]any)
	return m
}

// conforms checks an answer against the document.
func (c *client) conforms(method, path string, status int, v any) {
	c.t.Helper()
	op := findOperation(c.doc, method, path)
	if op == nil {
		c.t.Fatalf("%s %s is not in the OpenAPI document", method, path)
	}
	responses := op["responses"].(map[string]any)
	resp, ok := responses[fmt.Sprint(status)].(map[string]any)
	if !ok {
		resp = responses["default"].(map[string]any)
	}
	content, ok := resp["content"].(map[string]any)
	if !ok {
		if v != nil {
			c.t.Errorf("%s %s %d has a body the document does not describe", method, path, status)
		}
		return
	}
	schema := content["application/json"].(map[string]any)["schema"].(map[string]any)
	for _, p := range validate(c.doc, schema, v, "$") {
		c.t.Errorf("%s %s %d does not match the OpenAPI document: %s", method, path, status, p)
	}
}

// findOperation matches a concrete path against the document's templated paths.
func findOperation(doc map[string]any, method, path string) map[string]any {
	path, _, _ = strings.Cut(path, "?")
	for tmpl, item := range doc["paths"].(map[string]any) {
		ts, ps := strings.Split(tmpl, "/"), strings.Split(path, "/")
		if len(ts) != len(ps) {
			continue
		}
		match := true
		for i := range ts {
			if ts[i] != ps[i] && !strings.HasPrefix(ts[i], "{") {
				match = false
			}
		}
		if op, ok := item.(map[string]any)[strings.ToLower(method)].(map[string]any); match && ok {
			return op
		}
	}
	return nil
}

// validate checks a value against the subset of JSON Schema the document uses.
func validate(doc map[string]any, schema map[string]any, v any, at string) []string {
	if r, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(r, "#/components/schemas/")
		return validate(doc, doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any), v, at)
	}
	if v == nil {
		if schema["nullable"] == true {
			return nil
		}
		return []string{at + " is null"}
	}
	var probs []string
	switch schema["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return []string{at + " is not an object"}
		}
		props, _ := schema["properties"].(map[string]any)
		if req, ok := schema["required"].([]any); ok {
			for _, r := range req {
				if _, ok := m[r.(string)]; !ok {
					probs = append(probs, at+" lacks "+r.(string))
				}
			}
		}
		for k, val := range m {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if ap, ok := schema["additionalProperties"].(map[string]any); ok {
					probs = append(probs, validate(doc, ap, val, at+"."+k)...)
				} else if schema["additionalProperties"] == false {
					probs = append(probs, at+" has undocumented "+k)
				}
				continue
			}
			probs = append(probs, validate(doc, ps, val, at+"."+k)...)
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return []string{at + " is not an array"}
		}
		for i, x := range a {
			probs = append(probs, validate(doc, schema["items"].(map[string]any), x, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return []string{at + " is not a string"}
		}
		if enum, ok := schema["enum"].([]any); ok {
			found := false
			for _, e := range enum {
				found = found || e == s
			}
			if !found {
				probs = append(probs, at+" = "+s+" is not in the enum")
			}
		}
	case "integer", "number":
		x, ok := v.(float64)
		if !ok || (schema["type"] == "integer" && x != float64(int64(x))) {
			return []string{fmt.Sprintf("%s = %v is not an %s", at, v, schema["type"])}
		}
		if m, ok := schema["minimum"].(float64); ok && x < m {
			probs = append(probs, fmt.Sprintf("%s = %v is below %v", at, x, m))
		}
		if m, ok := schema["maximum"].(float64); ok && x > m {
			probs = append(probs, fmt.Sprintf("%s = %v is above %v", at, x, m))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return []string{at + " is not a boolean"}
		}
	}
	return probs
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	a := api.New(db, nil, "test")
	var routes []string
	for _, r := range a.Routes() {
		routes = append(routes, r.Method+" "+r.Pattern)
	}
	doc := a.Document()
	docPaths := api.PathsOf(doc)
	slices.Sort(routes)
	if diff := cmp.Diff(routes, docPaths); diff != "" {
		t.Errorf("routes and OpenAPI paths differ (-routes +document):\n%s", diff)
	}
	// Every $ref points at a schema that exists.
	b, _ := json.Marshal(doc)
	var generic map[string]any
	json.Unmarshal(b, &generic)
	schemas := generic["components"].(map[string]any)["schemas"].(map[string]any)
	for _, m := range refRe(string(b)) {
		if _, ok := schemas[m]; !ok {
			t.Errorf("$ref to missing schema %s", m)
		}
	}
	if generic["openapi"] != "3.0.3" {
		t.Errorf("openapi = %v", generic["openapi"])
	}
}

func refRe(s string) []string {
	var out []string
	for _, part := range strings.Split(s, `"$ref":"#/components/schemas/`)[1:] {
		out = append(out, part[:strings.IndexByte(part, '"')])
	}
	return out
}

// world creates a small data set through the API itself.
type world struct {
	region, kbh, alb, plan, theme, indicator, programme, project, round float64
}

func build(c *client) world {
	var w world
	id := func(m map[string]any) float64 { return m["id"].(float64) }
	w.region = id(c.json("POST", "/api/v1/organisations", `{"kind":"region","code":"1084","name_da":"Region Hovedstaden","name_en":"Capital Region"}`, 201))
	w.kbh = id(c.json("POST", "/api/v1/organisations", fmt.Sprintf(`{"kind":"municipality","code":"101","name_da":"København","parent_id":%v,"population":[{"year":2020,"value":632340,"source":"DST"}]}`, w.region), 201))
	w.alb = id(c.json("POST", "/api/v1/organisations", fmt.Sprintf(`{"kind":"municipality","code":"165","name_da":"Albertslund","parent_id":%v}`, w.region), 201))
	w.theme = id(c.json("POST", "/api/v1/themes", `{"code":"transport","name_da":"Transport","name_en":"Transport"}`, 201))
	w.plan = id(c.json("POST", "/api/v1/plans", fmt.Sprintf(`{"code":"KP-101","organisation_id":%v,"kind":"climate_plan","title":"Klimaplan","status":"adopted","period_start":2020,"period_end":2030,"baseline_year":2010,"published":true}`, w.kbh), 201))
	w.programme = id(c.json("POST", "/api/v1/programmes", `{"code":"VIP","name_da":"VIP klimaprojekter","period_start":2020,"period_end":2023}`, 201))
	w.project = id(c.json("POST", "/api/v1/projects", fmt.Sprintf(`{"programme_id":%v,"code":"VIP3","name_da":"100%% grønne drivmidler i 2030"}`, w.programme), 201))
	c.json("POST", "/api/v1/participants", fmt.Sprintf(`{"project_id":%v,"organisation_id":%v,"role":"member","lead":true}`, w.project, w.kbh), 201)
	c.json("POST", "/api/v1/participants", fmt.Sprintf(`{"project_id":%v,"organisation_id":%v,"role":"follower"}`, w.project, w.alb), 201)
	w.indicator = id(c.json("POST", "/api/v1/indicators", fmt.Sprintf(`{"code":"green_fuel_pct","name_da":"Andel grønne drivmidler","unit":"%%","direction":"higher","owner_project_id":%v,"baseline_year":2020,"baseline_value":10,"targets":[{"year":2025,"value":50},{"year":2030,"value":100}]}`, w.project), 201))
	c.json("POST", "/api/v1/goals", fmt.Sprintf(`{"project_id":%v,"text_da":"100 %% fossilfri i 2030","indicator_id":%v,"target_value":100,"target_year":2030}`, w.project, w.indicator), 201)
	c.json("POST", "/api/v1/emission-targets", fmt.Sprintf(`{"organisation_id":%v,"base_year":1990,"base_t_co2e":2500000,"base_source":"Klimaplanen","target_year":2030,"reduction_pct":70,"boundary":"territorial","label":"70 %% i 2030"}`, w.kbh), 201)
	c.json("POST", "/api/v1/activity-data", fmt.Sprintf(`{"organisation_id":%v,"year":2018,"sector":"energy","subsector":"district heating","fuel":"natural_gas","use":"stationary","amount":1000,"unit":"GJ"}`, w.kbh), 201)
	c.json("POST", "/api/v1/emission-factors", `{"factor_set":"national","set_version":1,"fuel":"natural_gas","use":"stationary","gas":"CO2","value":56.1,"unit":"kg CO2/GJ","source":"IPCC 2006"}`, 201)
	c.json("POST", "/api/v1/consumption-footprints", fmt.Sprintf(`{"organisation_id":%v,"year":2023,"category":"mobility","t_co2e_per_person":3.1,"method":"Forbrugsbaseret klimaaftryk","source":"Testdata"}`, w.kbh), 201)
	c.json("POST", "/api/v1/procurement-spend", fmt.Sprintf(`{"organisation_id":%v,"year":2023,"category":"food","spend_dkk":2000000}`, w.kbh), 201)
	c.json("POST", "/api/v1/spend-factors", `{"factor_set":"eksempel","category":"food","kg_co2e_per_dkk":0.5,"source":"example"}`, 201)
	// A reporting round, which opens the project's report.
	w.round = id(c.json("POST", "/api/v1/reporting-rounds", fmt.Sprintf(`{"programme_id":%v,"name_da":"Efterår 2022","kind":"regular","opens_on":"2022-10-01","deadline":"2022-11-30"}`, w.programme), 201))
	return w
}

// approveReport fills, submits and approves the world's report as the administrator, so the
// public reads it.
func approveReport(t *testing.T, c *client, w world) {
	t.Helper()
	rep := c.as(c.token, "GET", fmt.Sprintf("/api/v1/reports?round=%v", w.round), "", 200)["items"].([]any)[0].(map[string]any)
	goal := c.json("GET", fmt.Sprintf("/api/v1/goals?project=%v", w.project), "", 200)["items"].([]any)[0].(map[string]any)["id"]
	path := fmt.Sprintf("/api/v1/reports/%v", rep["id"])
	c.json("PATCH", path, fmt.Sprintf(`{"version":%v,"answers":{"goals":{"%v":{"light":"on_track"}},"status":"Godt i gang"}}`, rep["version"], goal), 200)
	c.json("POST", path+"/submit", "", 200)
	c.json("POST", path+"/approve", "", 200)
}

func TestCRUDAndListsFollowTheDocument(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		act := c.json("POST", "/api/v1/actions", fmt.Sprintf(`{"plan_id":%v,"title":"Ladestandere","sector":"transport","organisation_id":%v,"status":"planned","theme_ids":[%v],"joint":true,"partner_ids":[%v],"start_date":"2022-01-01","end_date":"2024-12-31","cost_dkk":2500000,"published":true}`, w.plan, w.kbh, w.theme, w.alb), 201)
		path := fmt.Sprintf("/api/v1/actions/%v", act["id"])
		got := c.json("GET", path, "", 200)
		if got["title"] != "Ladestandere" || got["version"] != 1.0 {
			t.Errorf("get = %v", got)
		}
		upd := c.json("PATCH", path, `{"version":1,"status":"delayed","progress":25,"status_note":"Leverandøren er forsinket"}`, 200)
		if upd["version"] != 2.0 || upd["status"] != "delayed" || upd["title"] != "Ladestandere" || upd["status_note"] != "Leverandøren er forsinket" {
			t.Errorf("update = %v", upd)
		}
		hist := c.json("GET", path+"/history", "", 200)
		if items := hist["items"].([]any); len(items) != 2 || items[1].(map[string]any)["status_note"] != "Leverandøren er forsinket" {
			t.Errorf("history = %v, want 2 entries, the delay with its note", items)
		}
		proj := c.json("GET", fmt.Sprintf("/api/v1/projects/%v", w.project), "", 200)
		if diff := cmp.Diff([]any{w.kbh}, proj["leads"]); diff != "" {
			t.Errorf("leads (-want +got):\n%s", diff)
		}
		if n := len(proj["participants"].([]any)); n != 2 {
			t.Errorf("project has %d participants, want 2", n)
		}
		for i, v := range []string{"2022", "2023"} {
			c.json("POST", "/api/v1/indicator-values", fmt.Sprintf(`{"indicator_id":%v,"organisation_id":%v,"period":"%s","value":%d,"source":"test","vintage":"2024-01-15"}`, w.indicator, w.kbh, v, 20+i*10), 201)
		}
		c.json("POST", "/api/v1/indicator-values", fmt.Sprintf(`{"indicator_id":%v,"organisation_id":%v,"period":"2023","value":12,"breakdown":"fuel:el"}`, w.indicator, w.kbh), 201)
		series := c.json("GET", fmt.Sprintf("/api/v1/indicators/%v/values?organisation=%v&breakdown=", w.indicator, w.kbh), "", 200)
		items := series["items"].([]any)
		if len(items) != 2 || items[1].(map[string]any)["breakdown_mismatch"] != true {
			t.Errorf("series = %v, want 2 totals with 2023 flagged (30 vs parts 12)", items)
		}
		// The target that counts this year, as the pages judge it: 2030's once 2025 is past.
		want := map[string]any{"year": 2030.0, "value": 100.0}
		if model.YearAt(time.Now()) <= 2025 {
			want = map[string]any{"year": 2025.0, "value": 50.0}
		}
		if diff := cmp.Diff(want, series["current_target"]); diff != "" {
			t.Errorf("current_target (-want +got):\n%s", diff)
		}
		sum := c.json("GET", fmt.Sprintf("/api/v1/indicators/%v/summary?parent=%v", w.indicator, w.region), "", 200)
		if n := len(sum["periods"].([]any)); n != 2 {
			t.Errorf("summary = %v", sum)
		}
		approveReport(t, c, w)
		c.json("POST", "/api/v1/library-items", fmt.Sprintf(`{"title":"Vejledning","kind":"guide","theme_ids":[%v],"project_ids":[%v],"published":true}`, w.theme, w.project), 201)
		// Every list answers in the documented shape, and pages end with a null cursor.
		for _, res := range model.All {
			seen := 0
			next := "/api/v1/" + res.Name + "?limit=1"
			for next != "" {
				page := c.json("GET", next, "", 200)
				seen += len(page["items"].([]any))
				if cur, ok := page["next_cursor"].(string); ok {
					next = "/api/v1/" + res.Name + "?limit=1&cursor=" + cur
				} else {
					next = ""
				}
			}
			if seen == 0 {
				t.Errorf("%s lists nothing", res.Name)
			}
		}
		c.json("GET", "/api/v1/organisations?kind=municipality&sort=-name_da", "", 200)
		c.json("DELETE", path+"?version=2", "", 204)
		c.json("GET", path, "", 404)
		c.json("GET", "/healthz", "", 200)
		c.json("GET", "/readyz", "", 200)
	})
}

// TestBadInputChangesNothing sends each kind of bad request and checks the error's shape
// and that the database is as it was.
func TestBadInputChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		act := c.json("POST", "/api/v1/actions", fmt.Sprintf(`{"plan_id":%v,"title":"Cykelstier","sector":"transport","organisation_id":%v,"status":"planned"}`, w.plan, w.kbh), 201)
		actPath := fmt.Sprintf("/api/v1/actions/%v", act["id"])
		c.json("PATCH", actPath, `{"version":1,"title":"Cykelstier og -parkering"}`, 200)
		valid := fmt.Sprintf(`"plan_id":%v,"sector":"transport","organisation_id":%v,"status":"planned"`, w.plan, w.kbh)
		big := `{"title":"` + strings.Repeat("x", api.MaxBody) + `",` + valid + `}`
		cases := []struct {
			name, method, path, body string
			status                   int
			code, field              string
		}{
			{"malformed JSON", "POST", "/api/v1/actions", `{"title": "x",`, 400, "malformed_json", ""},
			{"not an object", "POST", "/api/v1/actions", `[1,2]`, 400, "malformed_json", ""},
			{"two values", "POST", "/api/v1/actions", `{} {}`, 400, "malformed_json", ""},
			{"unknown field", "POST", "/api/v1/actions", `{"title":"x","colour":"green",` + valid + `}`, 400, "unknown_field", "colour"},
			{"wrong type", "POST", "/api/v1/actions", `{"title":42,` + valid + `}`, 422, "invalid", "title"},
			{"wrong type of number", "POST", "/api/v1/actions", `{"title":"x","progress":"half",` + valid + `}`, 422, "invalid", "progress"},
			{"fraction for an id", "POST", "/api/v1/actions", `{"title":"x","plan_id":1.5,"sector":"transport","organisation_id":1,"status":"planned"}`, 422, "invalid", "plan_id"},
			{"out of range", "POST", "/api/v1/actions", `{"title":"x","progress":140,` + valid + `}`, 422, "invalid", "progress"},
			{"negative cost", "POST", "/api/v1/actions", `{"title":"x","cost_dkk":-1,` + valid + `}`, 422, "invalid", "cost_dkk"},
			{"year out of range", "POST", "/api/v1/plans", fmt.Sprintf(`{"code":"X","organisation_id":%v,"kind":"climate_plan","title":"x","status":"draft","baseline_year":1066}`, w.kbh), 422, "invalid", "baseline_year"},
			{"not in enum", "POST", "/api/v1/actions", `{"title":"x","plan_id":1,"sector":"space","organisation_id":1,"status":"planned"}`, 422, "invalid", "sector"},
			{"unknown id in body", "POST", "/api/v1/actions", fmt.Sprintf(`{"title":"x","plan_id":%v,"sector":"transport","organisation_id":99999,"status":"planned"}`, w.plan), 422, "invalid", "organisation_id"},
			{"unknown id in list", "POST", "/api/v1/actions", `{"title":"x","theme_ids":[424242],` + valid + `}`, 422, "invalid", "theme_ids"},
			{"unknown id in path", "GET", "/api/v1/actions/99999", "", 404, "not_found", ""},
			{"update of unknown id", "PATCH", "/api/v1/actions/99999", `{"version":1,"title":"x"}`, 404, "not_found", ""},
			{"id not a number", "GET", "/api/v1/actions/abc", "", 400, "invalid_id", "id"},
			{"oversize body", "POST", "/api/v1/actions", big, 413, "body_too_large", ""},
			{"stale version", "PATCH", actPath, `{"version":1,"title":"overwrite"}`, 409, "version_conflict", "version"},
			{"no version", "PATCH", actPath, `{"title":"overwrite"}`, 422, "version_required", "version"},
			{"stale delete", "DELETE", actPath + "?version=1", "", 409, "version_conflict", "version"},
			{"delete in use", "DELETE", fmt.Sprintf("/api/v1/organisations/%v", w.kbh), "", 409, "in_use", ""},
			{"duplicate code", "POST", "/api/v1/organisations", `{"kind":"municipality","code":"101","name_da":"Dublet"}`, 409, "duplicate", "code"},
			{"duplicate participation", "POST", "/api/v1/participants", fmt.Sprintf(`{"project_id":%v,"organisation_id":%v,"role":"member"}`, w.project, w.kbh), 409, "duplicate", "organisation_id"},
			{"bad period", "POST", "/api/v1/indicator-values", fmt.Sprintf(`{"indicator_id":%v,"organisation_id":%v,"period":"2023-13","value":1}`, w.indicator, w.kbh), 422, "invalid", "period"},
			{"unknown filter", "GET", "/api/v1/actions?colour=green", "", 400, "invalid_query", "colour"},
			{"bad filter value", "GET", "/api/v1/actions?organisation=kbh", "", 400, "invalid_query", "organisation"},
			{"bad sort", "GET", "/api/v1/actions?sort=cost_dkk", "", 400, "invalid_query", "sort"},
			{"bad limit", "GET", "/api/v1/actions?limit=0", "", 400, "invalid_query", "limit"},
			{"bad cursor", "GET", "/api/v1/actions?cursor=xyz", "", 400, "invalid_query", "cursor"},
			{"no such route", "GET", "/api/v1/nothing", "", 404, "no_route", ""},
			// Query parameters: at most store.MaxParam characters of text without NUL, everywhere.
			{"search too long for LIKE", "GET", "/api/v1/actions?q=" + strings.Repeat("x", 50000), "", 400, "invalid_query", "q"},
			{"parameter one too long", "GET", "/api/v1/organisations?code=" + strings.Repeat("ø", store.MaxParam+1), "", 400, "invalid_query", "code"},
			{"unknown parameter too long", "GET", "/api/v1/actions/1/history?x=" + strings.Repeat("x", store.MaxParam+1), "", 400, "invalid_query", "x"},
			{"NUL in a filter", "GET", "/api/v1/organisations?code=1%0001", "", 400, "invalid_query", "code"},
			{"NUL in a search", "GET", "/api/v1/actions?q=%00", "", 400, "invalid_query", "q"},
			{"invalid UTF-8 in a filter", "GET", "/api/v1/plans?code=%FF", "", 400, "invalid_query", "code"},
			// Text: a NUL character is refused in every text field, on both engines.
			{"NUL in a text field", "POST", "/api/v1/actions", `{"title":"Cykel\u0000stier",` + valid + `}`, 422, "invalid", "title"},
			{"NUL in an optional text field", "PATCH", actPath, `{"version":2,"description":"\u0000"}`, 422, "invalid", "description"},
			{"NUL in a population's source", "POST", "/api/v1/organisations", `{"kind":"other","code":"NUL","name_da":"Nul","population":[{"year":2020,"value":1,"source":"DST\u0000"}]}`, 422, "invalid", "population"},
		}
		snapshot := func() string {
			var b bytes.Buffer
			for _, res := range model.All {
				p, err := db.List(context.Background(), res, model.ListQuery{Limit: 1000})
				if err != nil {
					t.Fatal(err)
				}
				json.NewEncoder(&b).Encode(p.Items)
			}
			return b.String()
		}
		before := snapshot()
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				status, v := c.do(tc.method, tc.path, tc.body)
				e, _ := v.(map[string]any)
				if status != tc.status || e["code"] != tc.code || (e["field"] != nil && e["field"] != tc.field) || (e["field"] == nil && tc.field != "") {
					t.Errorf("= %d %v, want %d code %s field %q", status, v, tc.status, tc.code, tc.field)
				}
				if msg, _ := e["message"].(string); msg == "" {
					t.Errorf("error without a message: %v", v)
				}
				if findOperation(c.doc, tc.method, tc.path) != nil {
					c.conforms(tc.method, tc.path, status, v)
				}
			})
		}
		if after := snapshot(); after != before {
			t.Errorf("bad requests changed the database")
		}
		// A wrong content type is refused before the body is read.
		status, v := c.do("POST", "/api/v1/themes", "", "Content-Type", "text/csv")
		if status != 415 {
			t.Errorf("text/csv body: %d %v, want 415", status, v)
		}
		// The conflict shows what is stored now, so the client can compare.
		_, v = c.do("PATCH", actPath, `{"version":1,"title":"overwrite"}`)
		if cur := v.(map[string]any)["current"].(map[string]any); cur["title"] != "Cykelstier og -parkering" {
			t.Errorf("conflict's current = %v", cur)
		}
	})
}

// postSheet posts a file of type ct to path as the administrator and checks the answer
// against the document.
func (c *client) postSheet(path, ct, body string) (int, map[string]any) {
	c.t.Helper()
	req, err := http.NewRequest("POST", c.srv.URL+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var v map[string]any
	json.NewDecoder(resp.Body).Decode(&v)
	c.conforms("POST", path, resp.StatusCode, v)
	return resp.StatusCode, v
}

func TestSpreadsheetsThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		build(c)
		post := c.postSheet
		// Windows-1252 "ø" in a file that should be UTF-8, a bad kind and a bad parent.
		bad := "type;kode;navn;overordnet\nmunicipality;147;Frederiksberg;9999\nplanet;159;Gladsaxe;\nmunicipality;153;Br\xf8ndby;\n"
		status, v := post("/api/v1/organisations/import", "text/csv", bad)
		if status != 422 || v["code"] != "invalid_file" {
			t.Fatalf("bad file: %d %v", status, v)
		}
		rows := map[float64]bool{}
		for _, cell := range v["cells"].([]any) {
			rows[cell.(map[string]any)["row"].(float64)] = true
		}
		for _, r := range []float64{2, 3, 4} {
			if !rows[r] {
				t.Errorf("row %v is not among the errors: %v", r, v["cells"])
			}
		}
		if n, _ := db.Count(context.Background(), model.Organisations); n != 3 {
			t.Errorf("%d organisations after a refused import, want 3", n)
		}
		// A NUL character in any text cell is refused with the others, on both engines.
		for _, nul := range []struct{ path, body string }{
			{"/api/v1/organisations/import", "kind,code,name_da,parent_id\nmunicipality,147,Frederiks\x00berg,1084\n"},
			{"/api/v1/indicator-values/import", "indikator;organisation;periode;vaerdi;note\ngreen_fuel_pct;101;2023;5;rettet\x00\n"},
		} {
			status, v = post(nul.path, "text/csv", nul.body)
			if status != 422 {
				t.Errorf("%s with a NUL: %d %v, want 422", nul.path, status, v)
			}
		}
		status, v = post("/api/v1/organisations/import", "text/csv; charset=utf-8", "kind,code,name_da,parent_id\nmunicipality,147,Frederiksberg,1084\n")
		if status != 200 || v["created"] != 1.0 {
			t.Errorf("good file: %d %v", status, v)
		}
		resp, err := http.Get(c.srv.URL + "/api/v1/organisations/export?format=csv")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.Contains(string(body), "147;Frederiksberg") {
			t.Errorf("export: %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		resp, err = http.Get(c.srv.URL + "/api/v1/actions/export?format=xlsx")
		if err != nil {
			t.Fatal(err)
		}
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.HasPrefix(body, []byte("PK")) {
			t.Errorf("xlsx export: %d, %d bytes", resp.StatusCode, len(body))
		}
	})
}

// TestAnswersAreCachedUntilTheDataChanges: a repeated read gives the same answer and ETag,
// a client with the ETag gets 304, and any write (here through the store, as another app
// server or a CLI import would) makes the next read fresh.
func TestAnswersAreCachedUntilTheDataChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		path := fmt.Sprintf("%s/api/v1/organisations/%v", c.srv.URL, w.kbh)
		get := func(etag string) (int, string, string) {
			req, _ := http.NewRequest("GET", path, nil)
			if etag != "" {
				req.Header.Set("If-None-Match", etag)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, resp.Header.Get("ETag"), string(b)
		}
		s1, tag1, body1 := get("")
		s2, tag2, body2 := get("")
		if s1 != 200 || s2 != 200 || tag1 == "" || tag1 != tag2 || body1 != body2 {
			t.Fatalf("repeat read: %d %s / %d %s", s1, tag1, s2, tag2)
		}
		if s, _, body := get(tag1); s != 304 || body != "" {
			t.Errorf("read with the ETag: %d %q, want 304 and no body", s, body)
		}
		if _, err := db.Update(context.Background(), model.Organisations, int64(w.kbh), 1, model.Record{"name_en": "Copenhagen"}); err != nil {
			t.Fatal(err)
		}
		s3, tag3, body3 := get(tag1)
		if s3 != 200 || tag3 == tag1 || !strings.Contains(body3, `"name_en":"Copenhagen"`) {
			t.Errorf("after a write: %d %s %s", s3, tag3, body3)
		}
	})
}

func TestAnswersAreGzippedForClientsThatTakeIt(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	c := newClient(t, db)
	build(c)
	for _, pass := range []string{"miss", "hit"} {
		for _, enc := range []string{"gzip", "identity"} {
			req, _ := http.NewRequest("GET", c.srv.URL+"/api/v1/organisations", nil)
			req.Header.Set("Accept-Encoding", enc) // set by hand, so Go's client does not unpack
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if enc == "gzip" {
				if resp.Header.Get("Content-Encoding") != "gzip" {
					t.Fatalf("%s, %s: not gzipped", pass, enc)
				}
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				body, _ = io.ReadAll(zr)
			} else if resp.Header.Get("Content-Encoding") != "" {
				t.Fatalf("%s, %s: encoded as %s", pass, enc, resp.Header.Get("Content-Encoding"))
			}
			var v map[string]any
			if err := json.Unmarshal(body, &v); err != nil || len(v["items"].([]any)) != 3 {
				t.Errorf("%s, %s: %v %s", pass, enc, err, body)
			}
		}
	}
}

// TestHSTSBehindATrustedProxy: the API asks clients to keep to HTTPS when it terminates TLS
// or a trusted load balancer says the client came over HTTPS, and not otherwise.
func TestHSTSBehindATrustedProxy(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	a := api.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "test")
	plain := httptest.NewServer(a.Handler())
	defer plain.Close()
	tlsSrv := httptest.NewTLSServer(a.Handler())
	defer tlsSrv.Close()
	for _, c := range []struct {
		name, trusted, proto string
		srv                  *httptest.Server
		want                 bool
	}{
		{"TLS here", "", "", tlsSrv, true},
		{"plain HTTP", "", "", plain, false},
		{"trusted proxy says https", "127.0.0.0/8, ::1", "https", plain, true},
		{"trusted proxy says http", "127.0.0.0/8, ::1", "http", plain, false},
		{"untrusted sender says https", "10.0.0.0/8", "https", plain, false},
	} {
		if err := a.SetTrustedProxies(c.trusted); err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest("GET", c.srv.URL+"/api/v1/themes", nil)
		if c.proto != "" {
			req.Header.Set("X-Forwarded-Proto", c.proto)
		}
		resp, err := c.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Strict-Transport-Security") != ""; got != c.want {
			t.Errorf("%s: HSTS sent %v, want %v", c.name, got, c.want)
		}
	}
	if err := a.SetTrustedProxies("not-an-address"); err == nil {
		t.Error("a bad proxy address is accepted")
	}
}

// TestAnswerCacheTurnsWithTheDay: a cached answer is not served on the next Danish day, even
// when nothing was written: what is overdue, which target counts and which plan is adopted by
// its date change at midnight.
func TestAnswerCacheTurnsWithTheDay(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	a := api.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "test")
	now := time.Date(2026, 12, 4, 22, 30, 0, 0, time.UTC) // 23:30 in Copenhagen
	a.SetClock(func() time.Time { return now })
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	etag := func() string {
		resp, err := http.Get(srv.URL + "/api/v1/organisations")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("ETag")
	}
	first := etag()
	if again := etag(); first == "" || again != first {
		t.Fatalf("the same day's answers: %q, %q", first, again)
	}
	now = now.Add(time.Hour) // 00:30 the next day in Copenhagen, still 4 December in UTC
	if next := etag(); next == first {
		t.Error("the next day's answer is the day before's")
	}
}
