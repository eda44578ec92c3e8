package api

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"klimaspor/internal/emissions"
	"klimaspor/internal/model"
)

// The own calculation (issue 12): POST /api/v1/emissions/calculate computes the emissions
// of activity lines with the shipped factor set and a GWP set, and stores nothing, so it
// is open to everybody. The rules are internal/emissions'.

// MaxCalcLines is the most activity lines one calculation takes (the body's size is
// capped by MaxBody too).
const MaxCalcLines = 10000

func (s *Server) emissionRoutes() []Route {
	return []Route{
		{Method: "POST", Pattern: "/api/v1/emissions/calculate", Op: "calculateEmissions", h: s.calculateEmissions, doc: calculateDoc},
	}
}

// defaultCalculator is the shipped factor set, prepared once; it is only read.
var defaultCalculator = sync.OnceValues(func() (*emissions.Calculator, error) {
	return emissions.NewCalculator(emissions.DefaultFactorSet())
})

type calcActivity struct {
	Sector    string   `json:"sector"`
	Subsector string   `json:"subsector"`
	Fuel      string   `json:"fuel"`
	Use       string   `json:"use"`
	Amount    *float64 `json:"amount"`
	Unit      string   `json:"unit"`
}

type calcBody struct {
	GWP        string         `json:"gwp"`
	FactorSet  string         `json:"factor_set"`
	Year       int            `json:"year"`
	Activities []calcActivity `json:"activities"`
}

func (s *Server) calculateEmissions(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var in calcBody
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return errorf(http.StatusBadRequest, "malformed_json", "", `send {"gwp": "AR5", "factor_set": "default", "year": 2023, "activities": [{"sector", "fuel", "use", "amount", "unit"}]}: `+err.Error())
	}
	switch {
	case len(in.Activities) == 0:
		return fieldErrors(emissions.LineError{Field: "activities", Code: model.CodeRequired, Reason: "send at least one activity line"})
	case len(in.Activities) > MaxCalcLines:
		return fieldErrors(emissions.LineError{Field: "activities", Code: model.CodeRange, Reason: "at most " + strconv.Itoa(MaxCalcLines) + " activity lines per calculation", Value: strconv.Itoa(len(in.Activities))})
	}
	calc, err := defaultCalculator()
	if err != nil {
		return err
	}
	ein := emissions.Input{GWP: in.GWP, FactorSet: in.FactorSet, Year: in.Year, Activities: make([]emissions.Activity, len(in.Activities))}
	var missing []emissions.LineError
	for i, a := range in.Activities {
		ein.Activities[i] = emissions.Activity{Sector: a.Sector, Subsector: a.Subsector, Fuel: a.Fuel, Use: a.Use, Unit: a.Unit}
		if a.Amount == nil {
			missing = append(missing, emissions.LineError{Line: i, Field: "activities[" + strconv.Itoa(i) + "].amount", Code: model.CodeRequired, Reason: "the amount is required"})
			continue
		}
		ein.Activities[i].Amount = *a.Amount
	}
	if ein.FactorSet == "" {
		ein.FactorSet = emissions.DefaultSetName
	}
	res, err := calc.Calculate(ein)
	var ie *emissions.InputError
	switch {
	case errors.As(err, &ie):
		all := append(missing, ie.Errors...)
		// The input's own fields first (line -1), then line by line.
		slices.SortStableFunc(all, func(a, b emissions.LineError) int { return cmp.Compare(a.Line, b.Line) })
		return fieldErrors(all...)
	case err != nil:
		return err
	case len(missing) > 0:
		return fieldErrors(missing...)
	}
	return writeJSON(w, http.StatusOK, calcAnswer(res))
}

// fieldErrors is the 422 answer listing every bad field.
func fieldErrors(les ...emissions.LineError) *Error {
	fes := make([]model.FieldError, len(les))
	msgs := make([]string, len(les))
	for i, le := range les {
		fes[i] = model.FieldError{Field: le.Field, Code: le.Code, Message: le.Reason, Value: le.Value}
		msgs[i] = le.Error()
	}
	return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: les[0].Field, Message: strings.Join(msgs, "; "), Errors: fes}
}

// calcAnswer writes a result as the document describes it (calcSchema).
func calcAnswer(res emissions.Result) obj {
	lines := make([]obj, len(res.Lines))
	for i, l := range res.Lines {
		fs := make([]obj, len(l.Factors))
		for j, fu := range l.Factors {
			f := fu.Factor
			fs[j] = obj{"id": f.ID, "gas": f.Gas, "value": f.Value, "unit": f.Unit, "source": f.Source,
				"valid_from": yearOrNull(f.ValidFrom), "valid_to": yearOrNull(f.ValidTo),
				"amount": fu.Amount, "amount_unit": f.Per, "t_gas": fu.TGas, "gwp": fu.GWP, "t_co2e": fu.TCO2e}
		}
		lines[i] = obj{"index": l.Index, "sector": l.Sector, "subsector": l.Subsector, "fuel": l.Fuel, "use": l.Use,
			"amount": l.Amount, "unit": l.Unit, "t_co2e": l.TCO2e, "biogenic_co2_t": l.BiogenicCO2, "factors": fs}
	}
	sectors := make([]obj, len(res.BySector))
	for i, s := range res.BySector {
		subs := make([]obj, len(s.Subsectors))
		for j, u := range s.Subsectors {
			subs[j] = obj{"subsector": u.Subsector, "t_co2e": u.TCO2e}
		}
		sectors[i] = obj{"sector": s.Sector, "t_co2e": s.TCO2e, "subsectors": subs}
	}
	return obj{
		"gwp":                 obj{"set": res.GWP.Set, "CH4": res.GWP.CH4, "N2O": res.GWP.N2O, "source": res.GWP.Source},
		"factor_set":          obj{"name": res.FactorSet, "version": res.FactorSetVersion},
		"year":                res.Year,
		"total_t_co2e":        res.TotalTCO2e,
		"by_gas":              obj{"CO2": res.ByGas[emissions.CO2], "CH4": res.ByGas[emissions.CH4], "N2O": res.ByGas[emissions.N2O]},
		"biogenic_co2_memo_t": res.BiogenicCO2Memo,
		"by_sector":           sectors,
		"lines":               lines,
	}
}

func yearOrNull(y int) any {
	if y == 0 {
		return nil
	}
	return y
}

// --- the OpenAPI document's words for the route ---

func calculateDoc(op obj) {
	op["summary"] = "compute emissions from activity lines with the shipped factor set (default) and a GWP set; stores nothing, open to everybody"
	op["description"] = "Each line: the amount in the unit the factor is per (volumes and masses through the fuel's net calorific value), " +
		"times each gas's factor valid in the year (CO2, CH4, N2O; biogenic CO2 as a memo outside the total), times the gas's GWP. " +
		"A line whose unit is impossible for its fuel (litres of electricity, head of livestock as energy), " +
		"an unknown fuel or use, or a year without a factor answers 422 with every bad field (activities[i].unit, …) at once. " +
		"Units: " + unitNames() + " (also litre, m³, Nm3, tonne). At most " + strconv.Itoa(MaxCalcLines) + " lines."
	op["tags"] = []string{"emissions"}
	activity := obj{"type": "object", "required": []string{"sector", "fuel", "amount", "unit"}, "additionalProperties": false, "properties": obj{
		"sector":    obj{"type": "string", "description": "the accounts' sector, e.g. energy, transport, agriculture"},
		"subsector": obj{"type": "string", "description": "e.g. electricity, district heating, individual heating, road"},
		"fuel":      obj{"type": "string", "description": "the factor set's fuel or activity, e.g. natural_gas, gas_diesel_oil, electricity, wood_wood_waste"},
		"use":       obj{"type": "string", "description": "what the fuel is used for, where its factors depend on it: stationary, commercial, residential, road, buildings_dk_standard; empty for electricity and district heating"},
		"amount":    obj{"type": "number", "minimum": 0},
		"unit":      obj{"type": "string", "description": "a physical unit: " + unitNames()},
	}}
	op["requestBody"] = obj{"required": true, "content": jsonContent(obj{"type": "object", "required": []string{"gwp", "year", "activities"}, "additionalProperties": false, "properties": obj{
		"gwp":        obj{"type": "string", "enum": []string{"AR4", "AR5", "AR6"}, "description": "the IPCC report whose 100-year GWPs weigh CH4 and N2O"},
		"factor_set": obj{"type": "string", "enum": []string{emissions.DefaultSetName}, "description": "the factor set (default: the shipped one)"},
		"year":       obj{"type": "integer", "minimum": 1900, "maximum": 2100, "description": "the year whose factors apply"},
		"activities": obj{"type": "array", "maxItems": MaxCalcLines, "items": activity},
	}})}
	r := op["responses"].(obj)
	r["200"] = answer("the emissions, by gas, sector and line; each line names the factors it used", calcSchema)
	r["400"] = answer("the body is not the JSON described", ref("Error"))
	r["413"] = answer("the body is larger than the limit", ref("Error"))
	r["422"] = answer("bad lines: errors names every bad field (activities[i].unit, …) with the reason", ref("Error"))
}

func unitNames() string {
	names := make([]string, len(emissions.Units))
	for i, u := range emissions.Units {
		names[i] = string(u)
	}
	return strings.Join(names, ", ")
}

var (
	num       = obj{"type": "number"}
	yearOrNil = obj{"type": "integer", "nullable": true, "description": "null: open"}
	factorUse = obj{"type": "object", "additionalProperties": false,
		"required": []string{"id", "gas", "value", "unit", "source", "valid_from", "valid_to", "amount", "amount_unit", "t_gas", "gwp", "t_co2e"},
		"properties": obj{
			"id":          obj{"type": "string", "description": "the factor's id: its set and line (default:24)"},
			"gas":         obj{"type": "string", "enum": []string{"CO2", "CH4", "N2O", "CO2_biogenic"}},
			"value":       num,
			"unit":        obj{"type": "string", "description": "as the source gives it, e.g. kg CH4/GJ"},
			"source":      obj{"type": "string"},
			"valid_from":  yearOrNil,
			"valid_to":    yearOrNil,
			"amount":      obj{"type": "number", "description": "the line's amount in amount_unit, the unit the factor is per"},
			"amount_unit": obj{"type": "string"},
			"t_gas":       obj{"type": "number", "description": "tonnes of the gas"},
			"gwp":         obj{"type": "number", "description": "0 for biogenic CO2, a memo item"},
			"t_co2e":      num,
		}}
	calcLine = obj{"type": "object", "additionalProperties": false,
		"required": []string{"index", "sector", "subsector", "fuel", "use", "amount", "unit", "t_co2e", "biogenic_co2_t", "factors"},
		"properties": obj{
			"index": obj{"type": "integer", "description": "the activity's position in the request"}, "sector": obj{"type": "string"},
			"subsector": obj{"type": "string"}, "fuel": obj{"type": "string"}, "use": obj{"type": "string"},
			"amount": num, "unit": obj{"type": "string"}, "t_co2e": num,
			"biogenic_co2_t": obj{"type": "number", "description": "memo, outside t_co2e"},
			"factors":        obj{"type": "array", "items": factorUse},
		}}
	calcSchema = obj{"type": "object", "additionalProperties": false,
		"required": []string{"gwp", "factor_set", "year", "total_t_co2e", "by_gas", "biogenic_co2_memo_t", "by_sector", "lines"},
		"properties": obj{
			"gwp": obj{"type": "object", "additionalProperties": false, "required": []string{"set", "CH4", "N2O", "source"}, "properties": obj{
				"set": obj{"type": "string", "enum": []string{"AR4", "AR5", "AR6"}}, "CH4": num, "N2O": num, "source": obj{"type": "string"}}},
			"factor_set": obj{"type": "object", "additionalProperties": false, "required": []string{"name", "version"}, "properties": obj{
				"name": obj{"type": "string"}, "version": obj{"type": "integer"}}},
			"year":         obj{"type": "integer"},
			"total_t_co2e": num,
			"by_gas": obj{"type": "object", "additionalProperties": false, "required": []string{"CO2", "CH4", "N2O"}, "description": "tonnes of each gas in the total (not CO2e)",
				"properties": obj{"CO2": num, "CH4": num, "N2O": num}},
			"biogenic_co2_memo_t": obj{"type": "number", "description": "t CO2 from biomass, reported beside the total, never in it"},
			"by_sector": obj{"type": "array", "items": obj{"type": "object", "additionalProperties": false, "required": []string{"sector", "t_co2e", "subsectors"}, "properties": obj{
				"sector": obj{"type": "string"}, "t_co2e": num,
				"subsectors": obj{"type": "array", "items": obj{"type": "object", "additionalProperties": false, "required": []string{"subsector", "t_co2e"}, "properties": obj{
					"subsector": obj{"type": "string"}, "t_co2e": num}}}}}},
			"lines": obj{"type": "array", "items": calcLine},
		}}
)
