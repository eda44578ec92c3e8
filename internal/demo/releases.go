package demo

import (
	"context"
	"fmt"
	"slices"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// The demo's first release of the energy and CO2 accounts: the 2018–2023 figures of all 98
// municipalities that Load also keeps as indicator values (data/klimaregnskab_by_kommune_
// 2018_2023.csv, read once for both), by sector. The release keeps the five sectors as the
// file gives them; totals are their sums (store.Inventory).
const (
	releaseName = "Energi- og CO2-regnskabet 2018–2023"
	releaseNote = "Kommunernes udledning pr. sektor som offentliggjort. Sektoren affald er API'ets affaldsdeponi og spildevand tilsammen, " +
		"sektoren industri dets kemiske processer. Landbrug kan være negativ i bykommuner (den rummer tilsyneladende også optag fra arealanvendelse)."
)

// LoadRelease adds the demo's first release of the energy and CO2 accounts, unless a release
// is stored already. It runs after Load, whose municipalities the figures are for.
func LoadRelease(ctx context.Context, db *store.DB) error {
	have, err := db.Releases(ctx)
	if err != nil {
		return fmt.Errorf("demo: release: %w", err)
	}
	if len(have) > 0 {
		return nil
	}
	rows, err := readAccounts()
	if err != nil {
		return err
	}
	r, vals, err := demoRelease(ctx, db, rows)
	if err != nil {
		return fmt.Errorf("demo: release: %w", err)
	}
	if _, err := db.AddRelease(ctx, r, vals); err != nil {
		return fmt.Errorf("demo: release: %w", err)
	}
	return nil
}

// demoRelease makes the release of the file's rows: their sectors (not the totals, which
// are sums, nor the figures per inhabitant) for the municipalities stored by code.
func demoRelease(ctx context.Context, db *store.DB, rows []accountRow) (store.Release, []store.EmissionValue, error) {
	munis, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": "municipality"}, Limit: store.MaxLimit})
	if err != nil {
		return store.Release{}, nil, err
	}
	ids := map[string]int64{}
	for _, m := range munis.Items {
		ids[m.Str("code")] = m.ID()
	}
	r := store.Release{Name: releaseName, Vintage: accountsVintage, Note: releaseNote}
	vals := make([]store.EmissionValue, 0, len(rows))
	for _, a := range rows {
		if !slices.Contains(model.EmissionSectors, a.Sector) {
			continue
		}
		id, ok := ids[a.Code]
		if !ok {
			return r, nil, fmt.Errorf("no municipality with code %s", a.Code)
		}
		src := cite(a.Source)
		if r.Source == "" {
			r.Source = src
		} else if src != r.Source {
			return r, nil, fmt.Errorf("municipality %s, %d: source %q, but the release's is %q", a.Code, a.Year, src, r.Source)
		}
		vals = append(vals, store.EmissionValue{OrganisationID: id, Year: int(a.Year), Sector: a.Sector, TCO2e: a.Value})
	}
	return r, vals, nil
}
