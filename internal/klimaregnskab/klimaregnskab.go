// Package klimaregnskab reads the Danish Energy Agency's energy and CO2 accounts (Energi- og
// CO2-regnskabet) from its JSON API into a release of the accounts (store.AddRelease):
//
//	GET <base>/api/municipality-data?municipality=<code>&year=<yyyy>&type=<datatype>
//
// with the API key in the x-api-key header. The base address and the key come from the
// configuration (KLIMASPOR_KLIMAREGNSKAB_URL, KLIMASPOR_KLIMAREGNSKAB_KEY). An answer is
// {"data": [rows]}, each row with sektor, type, enhed and værdi (and kategori, undertype_3);
// the emissions are the rows of type "Samlet CO2-udledning" in unit "Ton CO2e". The API's
// sectors map onto the accounts' five (model.EmissionSectors): Affaldsdeponi and Spildevand
// are summed into affald, Kemiske processer is industri, and the Samlet total is left out,
// as the store keeps sectors only. A sector the package does not know is refused rather than
// dropped, so a change of the API cannot lose emissions unnoticed.
//
// The shape of the answers is taken from public ETL code that reads this API (see
// ../shared/data/dk/methodology.md §1), not from the API's documentation; the tests serve
// answers of that shape on loopback.
package klimaregnskab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// DefaultURL is the agency's site, the API's base address unless configured otherwise.
const DefaultURL = "https://klimaregnskabet.dk"

// TypeKeyFigures is the data type that holds the emissions by sector ("Nøgletal": 58 rows per
// municipality and year).
const TypeKeyFigures = "Nøgletal"

// Source is the citation of a release read from the API.
const Source = "Energistyrelsen: Energi- og CO2-regnskabet, https://klimaregnskabet.dk (API)"

// Config is where the API is and the key it takes.
type Config struct {
	URL string // base address; DefaultURL when empty
	Key string
}

// ConfigFromEnv reads KLIMASPOR_KLIMAREGNSKAB_URL and KLIMASPOR_KLIMAREGNSKAB_KEY.
func ConfigFromEnv(getenv func(string) string) Config {
	return Config{URL: getenv("KLIMASPOR_KLIMAREGNSKAB_URL"), Key: getenv("KLIMASPOR_KLIMAREGNSKAB_KEY")}
}

// Client asks the API.
type Client struct {
	base *url.URL
	key  string
	http *http.Client
}

// New makes a client of cfg; hc nil is a client with a 30-second timeout.
func New(cfg Config, hc *http.Client) (*Client, error) {
	if strings.TrimSpace(cfg.Key) == "" {
		return nil, errors.New("klimaregnskab: no API key: set KLIMASPOR_KLIMAREGNSKAB_KEY (a free key from klimaregnskabet.dk)")
	}
	raw := cfg.URL
	if raw == "" {
		raw = DefaultURL
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("klimaregnskab: the API address %q is not an http(s) address", raw)
	}
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{base: u, key: cfg.Key, http: hc}, nil
}

// Row is one row of an answer.
type Row struct {
	Sektor     string   `json:"sektor"`
	Type       string   `json:"type"`
	Enhed      string   `json:"enhed"`
	Vaerdi     *float64 `json:"værdi"`
	Kategori   string   `json:"kategori"`
	Undertype3 string   `json:"undertype_3"`
}

// Rows asks for one municipality's (by kommunekode, e.g. "101") data of one type and year.
func (c *Client) Rows(ctx context.Context, municipality string, year int, datatype string) ([]Row, error) {
	u := c.base.JoinPath("api", "municipality-data")
	u.RawQuery = url.Values{"municipality": {municipality}, "year": {strconv.Itoa(year)}, "type": {datatype}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("x-api-key", c.key)
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("klimaregnskab: municipality %s, %d: %w", municipality, year, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("klimaregnskab: municipality %s, %d: %w", municipality, year, err)
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return nil, fmt.Errorf("klimaregnskab: the API refused the key (%s); check KLIMASPOR_KLIMAREGNSKAB_KEY", resp.Status)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("klimaregnskab: municipality %s, %d: the API answered %s", municipality, year, resp.Status)
	}
	var out struct {
		Data []Row `json:"data"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, fmt.Errorf("klimaregnskab: municipality %s, %d: not the API's JSON: %w", municipality, year, err)
	}
	return out.Data, nil
}

// Emission rows: their type and unit.
const (
	emissionType = "Samlet CO2-udledning"
	emissionUnit = "Ton CO2e"
	totalSector  = "Samlet"
)

// sectorOf maps the API's sectors onto the accounts' (model.EmissionSectors).
var sectorOf = map[string]string{
	"Energi":            model.EmissionEnergy,
	"Transport":         model.EmissionTransport,
	"Landbrug":          model.EmissionAgriculture,
	"Affaldsdeponi":     model.EmissionWaste,
	"Spildevand":        model.EmissionWaste,
	"Kemiske processer": model.EmissionIndustry,
}

// Sectors sums an answer's emission rows into the accounts' sectors, in tonnes CO2e. Rows of
// other types or units (per inhabitant, per km², energy) and the Samlet total are left out; a
// sector it does not know is an error. No emission rows at all is an error too: the API
// answers an empty list for a year it has no figures for.
func Sectors(rows []Row) (map[string]float64, error) {
	out := map[string]float64{}
	for _, r := range rows {
		if r.Type != emissionType || r.Enhed != emissionUnit || r.Sektor == totalSector {
			continue
		}
		s, ok := sectorOf[r.Sektor]
		if !ok {
			return nil, fmt.Errorf("klimaregnskab: unknown sector %q in the emissions", r.Sektor)
		}
		if r.Vaerdi == nil {
			continue // no figure: nothing to add
		}
		out[s] += *r.Vaerdi
	}
	if len(out) == 0 {
		return nil, errors.New("klimaregnskab: the answer holds no emissions by sector")
	}
	return out, nil
}

// Municipality is a municipality to read: its kommunekode and its organisation.
type Municipality struct {
	Code           string
	OrganisationID int64
}

// Values reads the emissions by sector of each municipality in each year, in that order.
// Any failure stops the reading: a release is stored whole or not at all.
func (c *Client) Values(ctx context.Context, munis []Municipality, years []int) ([]store.EmissionValue, error) {
	var out []store.EmissionValue
	for _, m := range munis {
		for _, y := range years {
			rows, err := c.Rows(ctx, m.Code, y, TypeKeyFigures)
			if err != nil {
				return nil, err
			}
			secs, err := Sectors(rows)
			if err != nil {
				return nil, fmt.Errorf("municipality %s, %d: %w", m.Code, y, err)
			}
			for _, s := range model.EmissionSectors {
				if t, ok := secs[s]; ok {
					out = append(out, store.EmissionValue{OrganisationID: m.OrganisationID, Year: y, Sector: s, TCO2e: round(t)})
				}
			}
		}
	}
	return out, nil
}

// round keeps a sum of the API's figures to the kilogram (the sum of two figures of 0.1 t
// carries binary noise otherwise).
func round(t float64) float64 { return math.Round(t*1000) / 1000 }

// Municipalities lists the stored municipalities to read, in code order.
func Municipalities(ctx context.Context, db *store.DB) ([]Municipality, error) {
	page, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": "municipality"}, Limit: store.MaxLimit})
	if err != nil {
		return nil, err
	}
	var out []Municipality
	for _, r := range page.Items {
		out = append(out, Municipality{Code: r.Str("code"), OrganisationID: r.ID()})
	}
	slices.SortFunc(out, func(a, b Municipality) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

// Import reads the given years of every stored municipality and stores them as one release,
// named name and dated today (the fetch date), through the guard of ctx's actor.
func (c *Client) Import(ctx context.Context, db *store.DB, name string, years []int, today time.Time) (store.Release, error) {
	munis, err := Municipalities(ctx, db)
	if err != nil {
		return store.Release{}, err
	}
	if len(munis) == 0 {
		return store.Release{}, errors.New("klimaregnskab: no municipalities are stored")
	}
	vals, err := c.Values(ctx, munis, years)
	if err != nil {
		return store.Release{}, err
	}
	return db.AddRelease(ctx, store.Release{Name: name, Vintage: today.Format(time.DateOnly), Source: Source,
		Note: "Hentet fra Energistyrelsens API (datatypen »Nøgletal«); affald er affaldsdeponi og spildevand tilsammen, industri er kemiske processer."}, vals)
}
