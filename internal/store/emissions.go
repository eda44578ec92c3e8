package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"klimaspor/internal/model"
)

// The energy and CO2 accounts as releases (issue 12). Each import of the Energy Agency's
// "Energi- og CO2-regnskab" is a release: a name, a vintage (the day it was published or
// fetched) and a source, with the figures of its municipalities by year and sector. A later
// release of the same years is stored beside the earlier one, never over it, since the agency
// recalculates past years. A total is never stored: a municipality's is the sum of its
// sectors, a region's or the nation's the sum of its municipalities' (see Inventory).

// Release is one release of the accounts.
type Release struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Vintage   string `json:"vintage"` // YYYY-MM-DD: when it was published or fetched
	Source    string `json:"source"`
	Note      string `json:"note,omitempty"`
	CreatedAt string `json:"created_at"`
	CreatedBy int64  `json:"created_by,omitempty"` // the person who stored it; 0: the system
}

// EmissionValue is one figure of a release: a municipality's emissions in one sector
// (model.EmissionSectors) and year, in tonnes CO2e. It may be negative (the agency's
// Landbrug holds some uptake).
type EmissionValue struct {
	OrganisationID int64   `json:"organisation_id"`
	Year           int     `json:"year"`
	Sector         string  `json:"sector"`
	TCO2e          float64 `json:"t_co2e"`
	Source         string  `json:"source,omitempty"`
}

// Inventory is an organisation's accounts in one release: per year, the total and the
// sectors. For a region or the nation each figure is the sum of its municipalities'.
type Inventory struct {
	OrganisationID int64           `json:"organisation_id"`
	Release        Release         `json:"release"`
	Years          []InventoryYear `json:"years"`
}

// InventoryYear is one year of an Inventory; its sectors come in model.EmissionSectors order
// and sum to the total.
type InventoryYear struct {
	Year       int              `json:"year"`
	TotalTCO2e float64          `json:"total_t_co2e"`
	Sectors    []SectorEmission `json:"sectors"`
}

// SectorEmission is one sector's emissions in a year.
type SectorEmission struct {
	Sector string  `json:"sector"`
	TCO2e  float64 `json:"t_co2e"`
}

// releaseAudit is the name the audit trail gives releases.
const releaseAudit = "emission-releases"

// emissionCols are the columns a release's values fill, in order.
var emissionCols = []string{"release_id", "organisation_id", "year", "sector", "t_co2e", "source"}

// emissionBatch rows go in one INSERT (6 parameters each: well under either engine's limit).
const emissionBatch = 500

// AddRelease stores a release with its values in one transaction: all of them or, if any is
// refused, nothing. See Tx.AddRelease.
func (db *DB) AddRelease(ctx context.Context, r Release, vals []EmissionValue) (out Release, err error) {
	err = db.Tx(ctx, func(tx *Tx) error {
		out, err = tx.AddRelease(ctx, r, vals)
		return err
	})
	return out, err
}

// AddRelease stores a release with its values, beside every release stored before. Each
// value must be for a municipality, in one of the accounts' sectors, once per municipality,
// year and sector; a value the store refuses makes a *model.ValidationError naming its row
// (values[i]). Storing the accounts of municipalities is a change of their records in the
// directory, so the guard is asked for an update of each organisation the values are for:
// the secretariat and administrators may, an editor may not. One audit entry records the
// whole release.
func (tx *Tx) AddRelease(ctx context.Context, r Release, vals []EmissionValue) (Release, error) {
	ctx = tx.ctx // see Tx: a transaction's work is not cancelled halfway
	r.Name, r.Source, r.Note = strings.TrimSpace(r.Name), strings.TrimSpace(r.Source), strings.TrimSpace(r.Note)
	var errs []model.FieldError
	if r.Name == "" {
		errs = append(errs, model.FieldError{Field: "name", Code: model.CodeRequired, Message: "a release needs a name"})
	}
	if r.Source == "" {
		errs = append(errs, model.FieldError{Field: "source", Code: model.CodeRequired, Message: "a release needs a source"})
	}
	if _, err := time.Parse(time.DateOnly, r.Vintage); err != nil {
		errs = append(errs, model.FieldError{Field: "vintage", Code: model.CodeFormat, Message: "the vintage is a date, YYYY-MM-DD", Value: r.Vintage})
	}
	if len(vals) == 0 {
		errs = append(errs, model.FieldError{Field: "values", Code: model.CodeRequired, Message: "a release needs its figures"})
	}
	for _, fe := range []model.FieldError{textProblem("name", r.Name), textProblem("source", r.Source), textProblem("note", r.Note)} {
		if fe.Field != "" {
			errs = append(errs, fe)
		}
	}
	if len(errs) > 0 {
		return Release{}, &model.ValidationError{Errors: errs}
	}

	reads := NewMemo(tx)
	type key struct {
		org    int64
		year   int
		sector string
	}
	seen := map[key]int{}
	asked := map[int64]bool{}
	for i, v := range vals {
		field := func(f string) string { return fmt.Sprintf("values[%d].%s", i, f) }
		bad := func(f, code, msg string, val any) {
			errs = append(errs, model.FieldError{Field: field(f), Code: code, Message: msg, Value: fmt.Sprint(val)})
		}
		if !slices.Contains(model.EmissionSectors, v.Sector) {
			bad("sector", model.CodeEnum, "the sector is one of "+strings.Join(model.EmissionSectors, ", ")+" (a total is not stored: it is their sum)", v.Sector)
		}
		if v.Year < 1900 || v.Year > 2100 {
			bad("year", model.CodeRange, "the year lies between 1900 and 2100", v.Year)
		}
		if math.IsNaN(v.TCO2e) || math.IsInf(v.TCO2e, 0) {
			bad("t_co2e", model.CodeType, "the emissions are a number of tonnes", v.TCO2e)
		}
		if fe := textProblem(field("source"), v.Source); fe.Field != "" {
			errs = append(errs, fe)
		}
		k := key{v.OrganisationID, v.Year, v.Sector}
		if j, dup := seen[k]; dup {
			bad("sector", model.CodeDuplicate, fmt.Sprintf("values[%d] has the same municipality, year and sector", j), v.Sector)
		}
		seen[k] = i
		org, err := reads.Get(ctx, model.Organisations, v.OrganisationID)
		if errors.Is(err, ErrNotFound) {
			bad("organisation_id", model.CodeRule, "no organisation has this id", v.OrganisationID)
			continue
		}
		if err != nil {
			return Release{}, err
		}
		if kind := model.AsOrganisation(org).Kind(); kind != "municipality" {
			bad("organisation_id", model.CodeRule, "the accounts are stored for municipalities; a "+kind+"'s are the sum of its municipalities'", v.OrganisationID)
			continue
		}
		if !asked[v.OrganisationID] {
			asked[v.OrganisationID] = true
			if err := tx.guardWith(reads, "update", model.Organisations, org, org); err != nil {
				return Release{}, err
			}
		}
	}
	if len(errs) > 0 {
		return Release{}, &model.ValidationError{Errors: errs}
	}

	a := ActorOf(tx.ctx)
	var by any
	if a.UserID != 0 {
		by = a.UserID
	}
	var note any
	if r.Note != "" {
		note = r.Note
	}
	err := tx.tx.QueryRowContext(ctx, "INSERT INTO emission_releases (name, vintage, source, note, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		r.Name, r.Vintage, r.Source, note, tx.now, by).Scan(&r.ID)
	if err != nil {
		return Release{}, fmt.Errorf("store: add release %q: %w", r.Name, err)
	}
	r.CreatedAt, r.CreatedBy = tx.now, a.UserID
	args := make([]any, 0, emissionBatch*len(emissionCols))
	for start := 0; start < len(vals); start += emissionBatch {
		batch := vals[start:min(start+emissionBatch, len(vals))]
		args = args[:0]
		var q strings.Builder
		q.WriteString("INSERT INTO emission_values (" + strings.Join(emissionCols, ", ") + ") VALUES ")
		for k, v := range batch {
			if k > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + placeholders(k*len(emissionCols)+1, len(emissionCols)) + ")")
			var src any
			if v.Source != "" {
				src = v.Source
			}
			args = append(args, r.ID, v.OrganisationID, v.Year, v.Sector, v.TCO2e, src)
		}
		if _, err := tx.tx.ExecContext(ctx, q.String(), args...); err != nil {
			return Release{}, fmt.Errorf("store: add the values %d–%d of release %q: %w", start+1, start+len(batch), r.Name, err)
		}
	}
	after := fmt.Sprintf(`{"name":%q,"vintage":%q,"values":%d}`, r.Name, r.Vintage, len(vals))
	if err := tx.appendAudit(a, releaseAudit, r.ID, "import", fmt.Sprintf("release %q: %d values", r.Name, len(vals)), nil, after); err != nil {
		return Release{}, err
	}
	return r, nil
}

// textProblem reports text that cannot be kept (model.TextProblem) as a field error; its
// Field is empty when the text is fine.
func textProblem(field, s string) model.FieldError {
	if msg := model.TextProblem(s); msg != "" {
		return model.FieldError{Field: field, Code: model.CodeText, Message: msg}
	}
	return model.FieldError{}
}

const releaseSelect = "SELECT id, name, vintage, source, COALESCE(note, ''), created_at, COALESCE(created_by, 0) FROM emission_releases"

// releaseOrder puts the newest release first: the latest vintage, and of one vintage the one
// stored last.
const releaseOrder = " ORDER BY vintage DESC, id DESC"

// Releases lists the releases, newest first.
func (db *DB) Releases(ctx context.Context) ([]Release, error) {
	rows, err := db.reader().QueryContext(ctx, releaseSelect+releaseOrder)
	if err != nil {
		return nil, fmt.Errorf("store: releases: %w", err)
	}
	defer rows.Close()
	out := []Release{}
	for rows.Next() {
		var r Release
		if err := rows.Scan(&r.ID, &r.Name, &r.Vintage, &r.Source, &r.Note, &r.CreatedAt, &r.CreatedBy); err != nil {
			return nil, fmt.Errorf("store: releases: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Release reads one release; id 0 is the newest. No such release is ErrNotFound.
func (db *DB) Release(ctx context.Context, id int64) (Release, error) {
	q, args := releaseSelect+" WHERE id = $1", []any{id}
	if id == 0 {
		q, args = releaseSelect+releaseOrder+" LIMIT 1", nil
	}
	var r Release
	err := db.reader().QueryRowContext(ctx, q, args...).Scan(&r.ID, &r.Name, &r.Vintage, &r.Source, &r.Note, &r.CreatedAt, &r.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		if id == 0 {
			return r, fmt.Errorf("store: no release of the accounts is stored: %w", ErrNotFound)
		}
		return r, fmt.Errorf("store: release %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("store: release %d: %w", id, err)
	}
	return r, nil
}

// Inventory is organisation org's accounts in release (0: the newest release). A
// municipality's are its own figures; any other organisation's are the sums of the
// municipalities below it (its descendants of kind municipality, each counted once), by
// year and sector, so a region's total is its municipalities' and the nation's its
// regions'. Sums are taken in a fixed order (municipality, year, sector), so both engines
// give the same figures, and rounded to the kilogram. An organisation or release that does
// not exist is ErrNotFound.
func (db *DB) Inventory(ctx context.Context, org, release int64) (Inventory, error) {
	inv := Inventory{OrganisationID: org, Years: []InventoryYear{}}
	munis, err := db.municipalitiesOf(ctx, org)
	if err != nil {
		return inv, err
	}
	if inv.Release, err = db.Release(ctx, release); err != nil {
		return inv, err
	}
	q, args := "SELECT organisation_id, year, sector, t_co2e FROM emission_values WHERE release_id = $1", []any{inv.Release.ID}
	if len(munis) == 1 {
		q, args = q+" AND organisation_id = $2", append(args, munis[0])
	}
	rows, err := db.reader().QueryContext(ctx, q, args...)
	if err != nil {
		return inv, fmt.Errorf("store: inventory of organisation %d: %w", org, err)
	}
	defer rows.Close()
	in := map[int64]bool{}
	for _, m := range munis {
		in[m] = true
	}
	var vals []EmissionValue
	for rows.Next() {
		var v EmissionValue
		if err := rows.Scan(&v.OrganisationID, &v.Year, &v.Sector, &v.TCO2e); err != nil {
			return inv, fmt.Errorf("store: inventory of organisation %d: %w", org, err)
		}
		if in[v.OrganisationID] {
			vals = append(vals, v)
		}
	}
	if err := rows.Err(); err != nil {
		return inv, fmt.Errorf("store: inventory of organisation %d: %w", org, err)
	}
	inv.Years = inventoryYears(vals)
	return inv, nil
}

// inventoryYears sums values into years, each with its sectors (in model.EmissionSectors
// order) and total, in year order. The sums run in a fixed order (organisation, year,
// sector), so both engines give the same figures.
func inventoryYears(vals []EmissionValue) []InventoryYear {
	slices.SortFunc(vals, func(a, b EmissionValue) int {
		if a.OrganisationID != b.OrganisationID {
			return cmp.Compare(a.OrganisationID, b.OrganisationID)
		}
		if a.Year != b.Year {
			return a.Year - b.Year
		}
		return strings.Compare(a.Sector, b.Sector)
	})
	type sum struct {
		total   float64
		sectors map[string]float64
	}
	byYear := map[int]*sum{}
	for _, v := range vals {
		s := byYear[v.Year]
		if s == nil {
			s = &sum{sectors: map[string]float64{}}
			byYear[v.Year] = s
		}
		s.sectors[v.Sector] += v.TCO2e
		s.total += v.TCO2e
	}
	years := []InventoryYear{}
	for y, s := range byYear {
		iy := InventoryYear{Year: y, TotalTCO2e: kilogram(s.total), Sectors: []SectorEmission{}}
		for _, sec := range model.EmissionSectors {
			if t, ok := s.sectors[sec]; ok {
				iy.Sectors = append(iy.Sectors, SectorEmission{Sector: sec, TCO2e: kilogram(t)})
			}
		}
		years = append(years, iy)
	}
	slices.SortFunc(years, func(a, b InventoryYear) int { return a.Year - b.Year })
	return years
}

// MunicipalInventories are the inventories of the municipalities munis in a release (0: the
// newest), by municipality, read in one pass: a region's or the nation's ranking of its
// members, instead of an Inventory per member. A municipality without figures has no years.
func (db *DB) MunicipalInventories(ctx context.Context, munis []int64, release int64) (map[int64]Inventory, error) {
	rel, err := db.Release(ctx, release)
	if err != nil {
		return nil, err
	}
	byOrg := map[int64][]EmissionValue{}
	for _, m := range munis {
		byOrg[m] = nil
	}
	rows, err := db.reader().QueryContext(ctx, "SELECT organisation_id, year, sector, t_co2e FROM emission_values WHERE release_id = $1", rel.ID)
	if err != nil {
		return nil, fmt.Errorf("store: inventories of release %d: %w", rel.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var v EmissionValue
		if err := rows.Scan(&v.OrganisationID, &v.Year, &v.Sector, &v.TCO2e); err != nil {
			return nil, fmt.Errorf("store: inventories of release %d: %w", rel.ID, err)
		}
		if vs, ok := byOrg[v.OrganisationID]; ok {
			byOrg[v.OrganisationID] = append(vs, v)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: inventories of release %d: %w", rel.ID, err)
	}
	out := make(map[int64]Inventory, len(munis))
	for m, vs := range byOrg {
		out[m] = Inventory{OrganisationID: m, Release: rel, Years: inventoryYears(vs)}
	}
	return out, nil
}

// kilogram rounds tonnes to the kilogram: sums of figures given to 0.1 t read as given.
func kilogram(t float64) float64 { return math.Round(t*1000) / 1000 }

// municipalitiesOf lists the municipalities whose figures make org's: org itself if it is
// one, else its descendants of kind municipality, in id order.
func (db *DB) municipalitiesOf(ctx context.Context, org int64) ([]int64, error) {
	// A municipality is its own: one row read, not the directory (the pathway's common case).
	var own string
	switch err := db.reader().QueryRowContext(ctx, "SELECT kind FROM organisations WHERE id = $1", org).Scan(&own); {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("store: organisation %d: %w", org, ErrNotFound)
	case err != nil:
		return nil, fmt.Errorf("store: organisation %d: %w", org, err)
	case own == "municipality":
		return []int64{org}, nil
	}
	return db.descendantMunicipalities(ctx, org)
}

// descendantMunicipalities lists the municipalities below org (a region or the nation), at
// any depth, in id order: the directory read once.
func (db *DB) descendantMunicipalities(ctx context.Context, org int64) ([]int64, error) {
	rows, err := db.reader().QueryContext(ctx, "SELECT id, kind, COALESCE(parent_id, 0) FROM organisations")
	if err != nil {
		return nil, fmt.Errorf("store: organisations: %w", err)
	}
	defer rows.Close()
	kind := map[int64]string{}
	children := map[int64][]int64{}
	for rows.Next() {
		var id, parent int64
		var k string
		if err := rows.Scan(&id, &k, &parent); err != nil {
			return nil, fmt.Errorf("store: organisations: %w", err)
		}
		kind[id] = k
		if parent != 0 {
			children[parent] = append(children[parent], id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: organisations: %w", err)
	}
	k, ok := kind[org]
	if !ok {
		return nil, fmt.Errorf("store: organisation %d: %w", org, ErrNotFound)
	}
	if k == "municipality" {
		return []int64{org}, nil
	}
	var out []int64
	seen := map[int64]bool{org: true}
	queue := []int64{org}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, c := range children[id] {
			if seen[c] { // a cycle in the directory must not loop or count twice
				continue
			}
			seen[c] = true
			if kind[c] == "municipality" {
				out = append(out, c)
			}
			queue = append(queue, c)
		}
	}
	slices.Sort(out)
	return out, nil
}
