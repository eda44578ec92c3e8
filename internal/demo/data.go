package demo

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The research data the demo is built from, copied into the package so that it ships in the
// binary. data/README.md says where each file came from.
//
//go:embed data
var dataFS embed.FS

// dataset is every embedded file, parsed. It is read before the load transaction starts, so a
// broken file fails fast and never leaves a half-loaded database.
type dataset struct {
	municipalities []municipality
	accounts       []accountRow
	accountsJSON   accountsFile
	vip            vipFile
	kkr            kkrFile
	sosu           sosuFile
	cphActions     []cphAction
	cphPlan        cphFile
}

type municipality struct {
	Code           string // 3-digit kommunekode, e.g. "101"
	Name           string
	Region         string // e.g. "Hovedstaden"
	RegionCode     string // 1081–1085
	KKR            bool   // one of the 29 KKR Hovedstaden municipalities
	Population     int64
	PopulationYear int64
	Source         string
}

// accountRow is one row of the energy and CO2 accounts in long format.
type accountRow struct {
	Code   string // 3-digit kommunekode
	Year   int64
	Sector string // energi, transport, landbrug, affald, industri, total or total_per_capita
	Label  string
	Value  float64
	Source string
}

type accountsFile struct {
	Source      string `json:"source"`
	SourceURL   string `json:"sourceUrl"`
	Attribution string `json:"attribution"`
	FetchedAt   string `json:"fetchedAt"`
	Kommuner    []struct {
		Code    string     `json:"kommuneKode"`
		Name    string     `json:"kommuneNavn"`
		Years   []int64    `json:"years"`
		VEAndel []*float64 `json:"veAndel"`
	} `json:"kommuner"`
}

type vipFile struct {
	About     string `json:"_about"`
	Programme struct {
		NameDA        string `json:"name_da"`
		NameEN        string `json:"name_en"`
		Period        string `json:"period"`
		SteeringGroup string `json:"steering_group"`
		Reporting     struct {
			Source string `json:"source"`
		} `json:"reporting"`
		Successor struct {
			NameDA string `json:"name_da"`
			Period string `json:"period"`
			Source string `json:"source"`
		} `json:"successor"`
	} `json:"programme"`
	Projects []vipProject `json:"projects"`
}

type vipProject struct {
	Code         string          `json:"code"`
	NameDA       string          `json:"name_da"`
	NameEN       string          `json:"name_en"`
	Leads        []string        `json:"leads"`
	Participants json.RawMessage `json:"participants"` // a list of names, or "all 29 municipalities"
	Goals        []struct {
		TextDA       string             `json:"text_da"`
		Indicator    string             `json:"indicator"`
		Target       *float64           `json:"target"`
		TargetYear   *int64             `json:"target_year"`
		Targets      map[string]float64 `json:"targets"`
		ReductionPct *float64           `json:"reduction_pct"`
		Baseline     *float64           `json:"baseline"`
		BaselineYear *int64             `json:"baseline_year"`
		Source       string             `json:"source"`
	} `json:"goals"`
	Measurements []struct {
		Indicator string   `json:"indicator"`
		Value     float64  `json:"value"`
		Of        *float64 `json:"of"`
		Date      string   `json:"date"`
		Note      string   `json:"note"`
		Source    string   `json:"source"`
	} `json:"measurements"`
	CrossPlanShare []struct {
		ThemeDA  string  `json:"theme_da"`
		SharePct float64 `json:"share_pct"`
	} `json:"cross_plan_share"`
}

type kkrFile struct {
	ResultContract struct {
		NameDA string `json:"name_da"`
		Owner  string `json:"owner"`
		Source string `json:"source"`
		Goals  []struct {
			No      int64  `json:"no"`
			NameDA  string `json:"name_da"`
			Kind    string `json:"kind"`
			Targets []struct {
				Text      string   `json:"text"`
				Indicator string   `json:"indicator"`
				Baseline  *float64 `json:"baseline"`
				Target    *float64 `json:"target"`
			} `json:"targets"`
		} `json:"goals"`
	} `json:"result_contract"`
	Infrastructure struct {
		NameDA       string `json:"name_da"`
		Source       string `json:"source"`
		CriteriaNote string `json:"criteria_note"`
		Criteria     []struct {
			No     string `json:"no"`
			NameDA string `json:"name_da"`
			Sub    []struct {
				No     string `json:"no"`
				NameDA string `json:"name_da"`
			} `json:"sub"`
		} `json:"criteria"`
		Projects []struct {
			NameDA    string    `json:"name_da"`
			CostBn    *float64  `json:"cost_dkk_bn"`
			CostRange []float64 `json:"cost_dkk_bn_range"`
		} `json:"projects"`
	} `json:"infrastructure"`
	ClimateFamilies struct {
		NameDA         string   `json:"name_da"`
		Source         string   `json:"source"`
		Partners       []string `json:"partners"`
		ReferenceGroup []string `json:"reference_group"`
		Budget         struct {
			RUSDKKm      float64 `json:"rus_dkk_m"`
			OwnHoursDKKm float64 `json:"own_hours_dkk_m"`
		} `json:"budget"`
		Idea string `json:"idea"`
	} `json:"climate_families"`
	ClimateAlliance struct {
		NameDA   string   `json:"name_da"`
		Source   string   `json:"source"`
		Partners []string `json:"partners"`
		Budget   struct {
			RegionalTotalDKKm []float64 `json:"regional_total_dkk_m"`
		} `json:"budget"`
	} `json:"climate_alliance"`
}

// sosuFile is the table of SOSU apprenticeship places per municipality.
type sosuFile struct {
	Source string // from the file's "# source:" line
	Rows   []sosuRow
}

type sosuRow struct {
	Municipality string
	Helper       [2]int64 // 2022, 2023
	Assistant    [2]int64
}

type cphAction struct {
	Title, Sector, Description string
	Reduction                  *float64
	Responsible, Timeline      string
	Source                     string
}

type cphFile struct {
	Municipality string   `json:"municipality"`
	Code         string   `json:"kommunekode"`
	Plan         string   `json:"plan"`
	Source       string   `json:"source"`
	Notes        []string `json:"notes"`
}

func readDataset() (*dataset, error) {
	d := &dataset{}
	var err error
	if d.municipalities, err = readMunicipalities(); err != nil {
		return nil, err
	}
	if d.accounts, err = readAccounts(); err != nil {
		return nil, err
	}
	if d.sosu, err = readSOSU(); err != nil {
		return nil, err
	}
	if d.cphActions, err = readCPHActions(); err != nil {
		return nil, err
	}
	for name, v := range map[string]any{
		"klimaregnskab_by_kommune_2018_2023.json":   &d.accountsJSON,
		"vip_climate_projects.json":                 &d.vip,
		"kkr_programmes.json":                       &d.kkr,
		"kobenhavn_cph2025_actions_indicators.json": &d.cphPlan,
	} {
		b, err := dataFS.ReadFile("data/" + name)
		if err != nil {
			return nil, fmt.Errorf("demo: read %s: %w", name, err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			return nil, fmt.Errorf("demo: parse %s: %w", name, err)
		}
	}
	return d, nil
}

// readCSV reads an embedded CSV file into maps keyed by the header, skipping "#" lines.
func readCSV(name string, comma rune) ([]map[string]string, []string, error) {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return nil, nil, fmt.Errorf("demo: read %s: %w", name, err)
	}
	var comments []string
	var body bytes.Buffer
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if strings.HasPrefix(line, "#") {
			comments = append(comments, strings.TrimSpace(strings.TrimPrefix(line, "#")))
			continue
		}
		body.WriteString(line)
	}
	r := csv.NewReader(&body)
	r.Comma = comma
	header, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("demo: read %s: header: %w", name, err)
	}
	var rows []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("demo: read %s: %w", name, err)
		}
		row := make(map[string]string, len(header))
		for i, h := range header {
			row[h] = strings.TrimSpace(rec[i])
		}
		rows = append(rows, row)
	}
	return rows, comments, nil
}

func readMunicipalities() ([]municipality, error) {
	rows, _, err := readCSV("municipalities.csv", ',')
	if err != nil {
		return nil, err
	}
	out := make([]municipality, 0, len(rows))
	for i, r := range rows {
		pop, err1 := strconv.ParseInt(r["population"], 10, 64)
		year, err2 := strconv.ParseInt(strings.SplitN(r["population_ref_date"], "-", 2)[0], 10, 64)
		if err1 != nil || err2 != nil || len(r["kommunekode"]) != 3 {
			return nil, fmt.Errorf("demo: municipalities.csv row %d (%s): bad code, population or date", i+2, r["navn"])
		}
		out = append(out, municipality{
			Code: r["kommunekode"], Name: r["navn"], Region: r["region"], RegionCode: r["regionskode"],
			KKR: r["kkr_hovedstaden"] == "true", Population: pop, PopulationYear: year, Source: r["source"],
		})
	}
	return out, nil
}

func readAccounts() ([]accountRow, error) {
	const name = "klimaregnskab_by_kommune_2018_2023.csv"
	rows, _, err := readCSV(name, ',')
	if err != nil {
		return nil, err
	}
	out := make([]accountRow, 0, len(rows))
	for i, r := range rows {
		year, err1 := strconv.ParseInt(r["year"], 10, 64)
		v, err2 := strconv.ParseFloat(r["t_co2e"], 64)
		code, err3 := kommunekode(r["kommunekode"])
		if err := firstErr(err1, err2, err3); err != nil {
			return nil, fmt.Errorf("demo: %s row %d: %w", name, i+2, err)
		}
		out = append(out, accountRow{Code: code, Year: year, Sector: r["sector"], Label: r["sector_label"], Value: v, Source: r["source"]})
	}
	return out, nil
}

func readSOSU() (sosuFile, error) {
	const name = "sosu_dimensioning.csv"
	rows, comments, err := readCSV(name, ';')
	if err != nil {
		return sosuFile{}, err
	}
	var f sosuFile
	for _, c := range comments {
		if s, ok := strings.CutPrefix(c, "source:"); ok {
			f.Source = strings.TrimSpace(s)
		}
	}
	if f.Source == "" {
		return f, fmt.Errorf("demo: %s has no source line", name)
	}
	for i, r := range rows {
		var nums [4]int64
		for j, col := range []string{"helper_2022", "helper_2023", "assistant_2022", "assistant_2023"} {
			n, err := strconv.ParseInt(r[col], 10, 64)
			if err != nil {
				return f, fmt.Errorf("demo: %s row %d column %s: %w", name, i+2, col, err)
			}
			nums[j] = n
		}
		f.Rows = append(f.Rows, sosuRow{Municipality: r["municipality"], Helper: [2]int64{nums[0], nums[1]}, Assistant: [2]int64{nums[2], nums[3]}})
	}
	return f, nil
}

func readCPHActions() ([]cphAction, error) {
	const name = "kobenhavn_cph2025_actions.csv"
	rows, _, err := readCSV(name, ',')
	if err != nil {
		return nil, err
	}
	out := make([]cphAction, 0, len(rows))
	for i, r := range rows {
		a := cphAction{Title: r["title"], Sector: r["sector"], Description: r["description"],
			Responsible: r["responsible"], Timeline: r["timeline"], Source: r["source"]}
		if s := r["expected_reduction_t_co2e"]; s != "" {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("demo: %s row %d: %w", name, i+2, err)
			}
			a.Reduction = &v
		}
		out = append(out, a)
	}
	return out, nil
}

// kommunekode turns "580" or "0580" into the 3-digit code "580".
func kommunekode(s string) (string, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 100 || n > 999 {
		return "", fmt.Errorf("bad kommunekode %q", s)
	}
	return strconv.Itoa(n), nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
