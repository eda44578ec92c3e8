package api

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

type obj = map[string]any

// SchemaName is the OpenAPI component name of a resource's record, e.g. IndicatorValue.
func SchemaName(res *model.Resource) string {
	var b strings.Builder
	for _, w := range strings.Fields(res.Singular) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

// kindSchemas gives each field kind's JSON schema in the document, before the field's own
// range, nullability and description are added.
var kindSchemas = map[model.Kind]func(f model.Field) obj{
	model.Int:   func(model.Field) obj { return obj{"type": "integer", "format": "int64"} },
	model.Ref:   func(model.Field) obj { return obj{"type": "integer", "format": "int64"} },
	model.Float: func(model.Field) obj { return obj{"type": "number", "format": "double"} },
	model.Bool:  func(model.Field) obj { return obj{"type": "boolean"} },
	model.Date:  func(model.Field) obj { return obj{"type": "string", "format": "date"} },
	model.Period: func(model.Field) obj {
		return obj{"type": "string", "pattern": `^\d{4}(-(H[12]|Q[1-4]|K[1-4]|\d{2}(-\d{2})?))?$`}
	},
	model.String: func(f model.Field) obj {
		s := obj{"type": "string"}
		if len(f.Enum) > 0 {
			s["enum"] = f.Enum
		}
		if f.MaxLen > 0 {
			s["maxLength"] = f.MaxLen
		}
		return s
	},
	model.RefList: func(model.Field) obj {
		return obj{"type": "array", "items": obj{"type": "integer", "format": "int64"}}
	},
	model.Targets:        func(model.Field) obj { return obj{"type": "array", "items": ref("Target")} },
	model.Populations:    func(model.Field) obj { return obj{"type": "array", "items": ref("Population")} },
	model.Participations: func(model.Field) obj { return obj{"type": "array", "items": ref("ParticipantRef")} },
	model.Object:         func(model.Field) obj { return obj{"type": "object"} },
}

func fieldSchema(f model.Field) obj {
	s := kindSchemas[f.Kind](f)
	if f.Min != nil {
		s["minimum"] = *f.Min
	}
	if f.Max != nil {
		s["maximum"] = *f.Max
	}
	if f.ReadOnly {
		s["readOnly"] = true
	}
	if !f.Required && f.Name != "id" && f.Name != "version" && f.Column() && f.Kind != model.Bool {
		s["nullable"] = true
	}
	if f.Doc != "" {
		s["description"] = f.Doc
	}
	return s
}

func resourceSchema(res *model.Resource) obj {
	props := obj{}
	var required []string
	for _, f := range res.Fields {
		props[f.Name] = fieldSchema(f)
		if f.Required {
			required = append(required, f.Name)
		}
	}
	// version is read-only in the record, but an update must send it.
	props["version"] = obj{"type": "integer", "format": "int64", "minimum": 1,
		"description": "increases with every change; an update must send the version it read"}
	if res == model.IndicatorValues {
		props["parts_sum"] = obj{"type": "number", "readOnly": true, "description": "sum of the breakdown rows (in indicator series, on totals that have parts)"}
		props["breakdown_mismatch"] = obj{"type": "boolean", "readOnly": true, "description": "the breakdown rows do not add up to the total"}
	}
	return obj{"type": "object", "properties": props, "required": required, "additionalProperties": false}
}

func param(name, in, typ, desc string, required bool) obj {
	schema := obj{"type": typ}
	if typ == "string" && in == "query" {
		schema["maxLength"] = store.MaxParam // every query parameter (middleware)
	}
	return obj{"name": name, "in": in, "required": required, "description": desc, "schema": schema}
}

var idParam = obj{"name": "id", "in": "path", "required": true, "description": "record id", "schema": obj{"type": "integer", "format": "int64", "minimum": 1}}

func jsonContent(schema obj) obj { return obj{"application/json": obj{"schema": schema}} }

func answer(desc string, schema obj) obj {
	return obj{"description": desc, "content": jsonContent(schema)}
}

var errorAnswer = obj{"description": "error", "content": jsonContent(ref("Error"))}

func listParams(res *model.Resource) []obj {
	sorts := []string{"id", "-id"}
	for _, s := range res.Sorts {
		sorts = append(sorts, s, "-"+s)
	}
	ps := []obj{
		{"name": "limit", "in": "query", "description": "page size (default 50)", "schema": obj{"type": "integer", "minimum": 1, "maximum": 1000}},
		param("cursor", "query", "string", "next_cursor of the previous page", false),
		{"name": "sort", "in": "query", "description": "field to sort by; a leading - sorts descending", "schema": obj{"type": "string", "enum": sorts}},
	}
	for _, f := range res.Filters {
		typ := "string"
		switch f.Kind {
		case model.Int:
			typ = "integer"
		case model.Bool:
			typ = "boolean"
		}
		ps = append(ps, param(f.Param, "query", typ, f.Doc, false))
	}
	return ps
}

func listSchema(item string) obj {
	return obj{"type": "object", "required": []string{"items", "next_cursor"}, "additionalProperties": false, "properties": obj{
		"items":       obj{"type": "array", "items": ref(item)},
		"next_cursor": obj{"type": "string", "nullable": true, "description": "cursor of the next page; null on the last page"},
	}}
}

// Document builds the OpenAPI 3 document from the route table and the model.
func (s *Server) Document() obj {
	schemas := obj{
		"Error": obj{"type": "object", "required": []string{"code", "message"}, "additionalProperties": false, "properties": obj{
			"code":    obj{"type": "string", "description": "machine-readable code, e.g. invalid, version_conflict, not_found"},
			"message": obj{"type": "string", "description": "what went wrong, for people"},
			"field":   obj{"type": "string", "description": "the offending field"},
			"errors":  obj{"type": "array", "items": ref("FieldError")},
			"current": obj{"type": "object", "description": "after a version conflict: the record as it is stored now"},
			"yours":   obj{"type": "object", "description": "after a version conflict: the change you sent, which was not saved"},
			"cells":   obj{"type": "array", "items": ref("CellError"), "description": "a refused import: every bad cell"},
		}},
		"CellError": obj{"type": "object", "required": []string{"row", "column", "value", "reason"}, "additionalProperties": false, "properties": obj{
			"row": obj{"type": "integer", "description": "spreadsheet row, 1-based; the header is row 1"}, "column": obj{"type": "string"},
			"value": obj{"type": "string"}, "reason": obj{"type": "string"},
		}},
		"ImportResult": obj{"type": "object", "required": []string{"kind", "rows", "created", "updated", "unchanged"}, "additionalProperties": false, "properties": obj{
			"kind": obj{"type": "string"}, "rows": obj{"type": "integer"}, "created": obj{"type": "integer"}, "updated": obj{"type": "integer"}, "unchanged": obj{"type": "integer"},
		}},
		"FieldError": obj{"type": "object", "required": []string{"field", "code", "message"}, "additionalProperties": false, "properties": obj{
			"field": obj{"type": "string"}, "code": obj{"type": "string"}, "message": obj{"type": "string"}, "value": obj{"type": "string"},
		}},
		"Target": obj{"type": "object", "required": []string{"year", "value"}, "additionalProperties": false, "properties": obj{
			"year": obj{"type": "integer", "minimum": 1900, "maximum": 2100}, "value": obj{"type": "number"},
		}},
		"Population": obj{"type": "object", "required": []string{"year", "value", "source"}, "additionalProperties": false, "properties": obj{
			"year": obj{"type": "integer", "minimum": 1900, "maximum": 2100}, "value": obj{"type": "integer", "minimum": 0}, "source": obj{"type": "string"},
		}},
		"ParticipantRef": obj{"type": "object", "required": []string{"organisation_id", "role", "lead"}, "additionalProperties": false, "properties": obj{
			"organisation_id": obj{"type": "integer"}, "role": obj{"type": "string", "enum": model.Roles}, "lead": obj{"type": "boolean"},
		}},
		"StatusChange": obj{"type": "object", "required": []string{"changed_at", "status", "progress", "status_note"}, "additionalProperties": false, "properties": obj{
			"changed_at": obj{"type": "string", "format": "date-time"}, "status": obj{"type": "string", "enum": model.ActionStatuses}, "progress": obj{"type": "number", "nullable": true},
			"status_note": obj{"type": "string", "description": "why, as given with the change (\"\" when none was)"},
		}},
		"PeriodSummary": obj{"type": "object", "required": []string{"period", "count", "sum", "min", "max"}, "additionalProperties": false, "properties": obj{
			"period": obj{"type": "string"}, "count": obj{"type": "integer"}, "sum": obj{"type": "number"}, "min": obj{"type": "number"}, "max": obj{"type": "number"},
		}},
		"Health":      obj{"type": "object", "additionalProperties": obj{"type": "string"}},
		"Question":    questionSchema(),
		"LibraryFile": fileSchema(),
	}
	for _, res := range model.All {
		schemas[SchemaName(res)] = resourceSchema(res)
	}
	paths := obj{}
	for _, rt := range s.routes {
		item, _ := paths[rt.Pattern].(obj)
		if item == nil {
			item = obj{}
			paths[rt.Pattern] = item
		}
		item[strings.ToLower(rt.Method)] = operation(rt)
	}
	return obj{
		"openapi": "3.0.3",
		"info": obj{"title": "Klimaspor API", "version": s.version,
			"description": "Organisations, plans, goals, actions, indicators and their values, programmes and joint projects. " +
				"Lists are paged with cursors: follow next_cursor until it is null. Updates send the version they read; " +
				"a stale version is refused with 409 and nothing is overwritten. Errors share one shape (Error). " +
				"No query parameter may be longer than " + strconv.Itoa(store.MaxParam) + " characters or hold a NUL character or invalid UTF-8 (400 invalid_query). " +
				"Reading is open to everybody and shows published plans and actions; a token shows its person's drafts too. " +
				"What belongs to a draft plan (its actions, goals, indicators and their values) is hidden with it, " +
				"and a record its reader may not see answers 404, also to a change. " +
				"Every change needs an API token (Authorization: Bearer ks_…, made on the account page) of a person whose " +
				"roles allow it: 401 without a valid token (code token_expired after the token's expiry date, also for reading), " +
				"403 when the token may only read or the person may not make the change, " +
				"or (with the field) when a reference it sets points outside the person's reach."},
		"paths": paths,
		"components": obj{"schemas": schemas, "securitySchemes": obj{
			"token": obj{"type": "http", "scheme": "bearer", "description": "a personal API token from the account page; read or write scope; it expires on the day its owner chose (at most two years ahead) and is revoked when its owner's password changes or they sign out everywhere"},
		}},
		"security": []obj{{}, {"token": []string{}}}, // optional for reading
	}
}

func operation(rt Route) obj {
	op := obj{"responses": obj{"default": errorAnswer}}
	responses := op["responses"].(obj)
	if rt.doc != nil {
		op["operationId"] = rt.Op
		rt.doc(op)
		return op
	}
	if rt.Resource == nil || rt.Op == "series" {
		switch rt.Op {
		case "healthz", "readyz":
			op["summary"] = map[string]string{"healthz": "the process is alive", "readyz": "the database answers and is at this server's newest migration"}[rt.Op]
			responses["200"] = answer("ok", ref("Health"))
			if rt.Op == "readyz" {
				responses["503"] = answer("not ready: the database does not answer (not_ready), its migrations have not run (migrations_pending), or a newer release migrated it further than this server knows (schema_newer)", ref("Error"))
			}
		case "openapi":
			op["summary"] = "this document"
			responses["200"] = answer("the OpenAPI document", obj{"type": "object"})
		case "series":
			op["summary"] = "one indicator's values, sorted by period; totals show whether their breakdown adds up"
			op["parameters"] = append([]obj{idParam}, listParams(model.IndicatorValues)...)
			series := listSchema(SchemaName(model.IndicatorValues))
			series["required"] = append(series["required"].([]string), "current_target")
			series["properties"].(obj)["current_target"] = obj{"allOf": []obj{ref("Target")}, "nullable": true,
				"description": "the target the series is judged against this year (the nearest not yet past, else the last); null without targets"}
			responses["200"] = answer("a page of values", series)
		case "summary":
			op["summary"] = "an indicator's totals added up per period, optionally over one organisation's children"
			op["parameters"] = []obj{idParam, param("parent", "query", "integer", "count only the children of this organisation (e.g. a region's municipalities)", false)}
			responses["200"] = answer("sums per period", obj{"type": "object", "required": []string{"indicator_id", "parent_id", "periods"}, "additionalProperties": false, "properties": obj{
				"indicator_id": obj{"type": "integer"}, "parent_id": obj{"type": "integer", "nullable": true}, "periods": obj{"type": "array", "items": ref("PeriodSummary")}}})
		case "history":
			op["summary"] = "an action's status and progress changes, oldest first"
			op["parameters"] = []obj{idParam}
			responses["200"] = answer("the history", obj{"type": "object", "required": []string{"action_id", "items"}, "additionalProperties": false, "properties": obj{
				"action_id": obj{"type": "integer"}, "items": obj{"type": "array", "items": ref("StatusChange")}}})
		case "overview", "rollup":
			docsOperation(rt.Op, op, responses)
		}
		op["operationId"] = rt.Op
		return op
	}
	name := SchemaName(rt.Resource)
	op["operationId"] = rt.Op + name
	op["tags"] = []string{rt.Resource.Name}
	switch rt.Op {
	case "list":
		op["summary"] = "list " + rt.Resource.Name
		op["parameters"] = listParams(rt.Resource)
		responses["200"] = answer("a page", listSchema(name))
	case "get":
		op["summary"] = "get one " + rt.Resource.Singular
		op["parameters"] = []obj{idParam}
		responses["200"] = answer("the record", ref(name))
	case "create":
		op["summary"] = "create a " + rt.Resource.Singular
		op["requestBody"] = obj{"required": true, "content": jsonContent(ref(name))}
		responses["201"] = answer("created", ref(name))
	case "update":
		op["summary"] = "change a " + rt.Resource.Singular + "; send the fields to change and the version you read"
		op["parameters"] = []obj{idParam}
		op["requestBody"] = obj{"required": true, "content": jsonContent(ref(name))}
		responses["200"] = answer("updated", ref(name))
	case "export":
		op["summary"] = "download every " + rt.Resource.Singular + " as CSV (Danish Excel style) or XLSX"
		op["parameters"] = []obj{{"name": "format", "in": "query", "schema": obj{"type": "string", "enum": []string{"csv", "xlsx"}}}}
		responses["200"] = obj{"description": "the file", "content": obj{
			"text/csv": obj{"schema": obj{"type": "string"}}, xlsxType: obj{"schema": obj{"type": "string", "format": "binary"}}}}
	case "import":
		op["summary"] = "import " + rt.Resource.Name + " from CSV or XLSX: all rows are checked first, and a file with any bad cell changes nothing"
		op["parameters"] = []obj{{"name": "format", "in": "query", "description": "default: from the Content-Type", "schema": obj{"type": "string", "enum": []string{"csv", "xlsx"}}}}
		op["requestBody"] = obj{"required": true, "content": obj{
			"text/csv": obj{"schema": obj{"type": "string"}}, xlsxType: obj{"schema": obj{"type": "string", "format": "binary"}}}}
		responses["200"] = answer("what was imported", ref("ImportResult"))
		responses["413"] = answer("the file is larger than the import limit, or the workbook unpacks to more than it may", ref("Error"))
		responses["422"] = answer("the file has bad cells, or is not a readable CSV or XLSX file; nothing was saved", ref("Error"))
	case "delete":
		op["summary"] = "delete a " + rt.Resource.Singular
		op["parameters"] = []obj{idParam, param("version", "query", "integer", "refuse the delete if the record has changed since this version", false)}
		responses["204"] = obj{"description": "deleted"}
	}
	switch rt.Op {
	case "create", "update", "delete", "import":
		op["security"] = []obj{{"token": []string{}}}
		responses["401"] = answer("no valid API token", ref("Error"))
		responses["403"] = answer("the token may only read, or its person may not make this change or set a reference (field) to what is not theirs", ref("Error"))
	}
	return op
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "public, max-age=300")
	return writeJSON(w, 200, s.Document())
}

// PathsOf lists the document's (method, path) pairs, sorted; the tests compare them with
// the route table.
func PathsOf(doc obj) []string {
	var out []string
	for p, item := range doc["paths"].(obj) {
		for m := range item.(obj) {
			out = append(out, strings.ToUpper(m)+" "+p)
		}
	}
	sort.Strings(out)
	return out
}
