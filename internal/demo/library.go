package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// The knowledge library's demo items (issue 15): the tools, materials and recommendations the
// seed documents name, in data/library_items.json, each described in our own words with its
// source and the place in it, and linked to the projects it comes from. Every item is real
// material (example=false); effects and costs are there only where a source gives them.
// Two are unpublished proposals of a municipality, to show the draft rule.

type libraryFile struct {
	About string        `json:"_about"`
	Items []libraryLine `json:"items"`
}

type libraryLine struct {
	Title        string   `json:"title"`
	TitleEN      string   `json:"title_en"`
	Summary      string   `json:"summary"`
	Body         string   `json:"body"`
	Kind         string   `json:"kind"`
	Projects     []string `json:"projects"`     // project codes
	Themes       []string `json:"themes"`       // theme codes
	Actions      []string `json:"actions"`      // "project code|action title"
	Indicators   []string `json:"indicators"`   // indicator codes
	Organisation string   `json:"organisation"` // a municipality's Danish name; "" the secretariat's own
	Sector       string   `json:"sector"`
	Year         int64    `json:"year"`
	Effect       *float64 `json:"expected_effect_t_co2e"`
	Cost         *float64 `json:"cost_dkk"`
	Published    bool     `json:"published"`
	Source       string   `json:"source"` // seed keys, as the other data files write them
	Place        string   `json:"place"`  // where in the seed
}

// LoadLibrary adds the knowledge library's demo items, unless there are library items
// already. It runs after Load, as the system (the demo's actor), in one transaction.
func LoadLibrary(ctx context.Context, db *store.DB) error {
	if n, err := db.Count(ctx, model.LibraryItems); err != nil || n > 0 {
		return err
	}
	b, err := dataFS.ReadFile("data/library_items.json")
	if err != nil {
		return fmt.Errorf("demo: library: %w", err)
	}
	f, err := decodeStrict[libraryFile]("library_items.json", b)
	if err != nil {
		return fmt.Errorf("demo: library: %w", err)
	}
	return db.Tx(ctx, func(tx *store.Tx) error {
		k := libraryKeys{ctx: ctx, tx: tx, projects: map[string]int64{}, actions: map[int64]map[string]int64{}}
		for _, it := range f.Items {
			rec, err := k.record(it)
			if err != nil {
				return fmt.Errorf("demo: library item %q: %w", it.Title, err)
			}
			if _, err := tx.Create(ctx, model.LibraryItems, rec); err != nil {
				return fmt.Errorf("demo: library item %q: %w", it.Title, err)
			}
		}
		return nil
	})
}

// libraryKeys finds the records the items name by their natural keys, each looked up once.
type libraryKeys struct {
	ctx      context.Context
	tx       *store.Tx
	themes   map[string]int64           // by code
	orgs     map[string]int64           // municipality by Danish name
	projects map[string]int64           // by code
	actions  map[int64]map[string]int64 // by project id, then title
}

func (k *libraryKeys) record(it libraryLine) (model.Record, error) {
	if it.Source == "" || it.Place == "" {
		return nil, fmt.Errorf("no source or place")
	}
	rec := model.Record{
		"title": it.Title, "title_en": nilIfZero(it.TitleEN), "summary": it.Summary, "body": it.Body, "kind": it.Kind,
		"sector": nilIfZero(it.Sector), "language": "da", "year": nilIfZero(it.Year),
		"published": it.Published, "example": false, "source": withNote(ref(it.Source), it.Place),
	}
	if it.Effect != nil {
		rec["expected_effect_t_co2e"] = *it.Effect
	}
	if it.Cost != nil {
		rec["cost_dkk"] = *it.Cost
	}
	var err error
	if rec["theme_ids"], err = k.themeIDs(it.Themes); err != nil {
		return nil, err
	}
	if rec["project_ids"], err = k.projectIDs(it.Projects); err != nil {
		return nil, err
	}
	if rec["action_ids"], err = k.actionIDs(it.Actions); err != nil {
		return nil, err
	}
	if rec["indicator_ids"], err = k.indicatorIDs(it.Indicators); err != nil {
		return nil, err
	}
	if it.Organisation != "" {
		id, err := k.org(it.Organisation)
		if err != nil {
			return nil, err
		}
		rec["organisation_id"] = id
	}
	return rec, nil
}

// each lists every record of res that matches the filters.
func (k *libraryKeys) each(res *model.Resource, filters map[string]string, fn func(model.Record)) error {
	q := model.ListQuery{Filters: filters, Limit: store.MaxLimit, AllDrafts: true}
	for {
		page, err := k.tx.List(k.ctx, res, q)
		if err != nil {
			return fmt.Errorf("list %s: %w", res.Name, err)
		}
		for _, r := range page.Items {
			fn(r)
		}
		if q.Cursor = page.NextCursor; q.Cursor == "" {
			return nil
		}
	}
}

func (k *libraryKeys) themeIDs(codes []string) ([]int64, error) {
	if k.themes == nil {
		k.themes = map[string]int64{}
		if err := k.each(model.Themes, nil, func(r model.Record) { k.themes[model.AsTheme(r).Code()] = r.ID() }); err != nil {
			return nil, err
		}
	}
	ids := []int64{}
	for _, c := range codes {
		id, ok := k.themes[c]
		if !ok {
			return nil, fmt.Errorf("no theme with code %q", c)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (k *libraryKeys) org(name string) (int64, error) {
	if k.orgs == nil {
		k.orgs = map[string]int64{}
		if err := k.each(model.Organisations, map[string]string{"kind": "municipality"}, func(r model.Record) {
			k.orgs[model.AsOrganisation(r).NameDA()] = r.ID()
		}); err != nil {
			return 0, err
		}
	}
	id, ok := k.orgs[name]
	if !ok {
		return 0, fmt.Errorf("no municipality named %q", name)
	}
	return id, nil
}

func (k *libraryKeys) project(code string) (int64, error) {
	if id, ok := k.projects[code]; ok {
		return id, nil
	}
	var ids []int64
	if err := k.each(model.Projects, map[string]string{"code": code}, func(r model.Record) { ids = append(ids, r.ID()) }); err != nil {
		return 0, err
	}
	if len(ids) != 1 {
		return 0, fmt.Errorf("%d projects with code %q, want one", len(ids), code)
	}
	k.projects[code] = ids[0]
	return ids[0], nil
}

func (k *libraryKeys) projectIDs(codes []string) ([]int64, error) {
	ids := []int64{}
	for _, c := range codes {
		id, err := k.project(c)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// actionIDs finds actions by "project code|title": within a joint project the demo's action
// titles are unique.
func (k *libraryKeys) actionIDs(keys []string) ([]int64, error) {
	ids := []int64{}
	for _, key := range keys {
		code, title, ok := strings.Cut(key, "|")
		if !ok {
			return nil, fmt.Errorf("action %q is not \"project code|title\"", key)
		}
		proj, err := k.project(code)
		if err != nil {
			return nil, err
		}
		byTitle, ok := k.actions[proj]
		if !ok {
			byTitle = map[string]int64{}
			dup := ""
			if err := k.each(model.Actions, map[string]string{"project": strconv.FormatInt(proj, 10)}, func(r model.Record) {
				t := model.AsAction(r).Title()
				if _, seen := byTitle[t]; seen {
					dup = t
				}
				byTitle[t] = r.ID()
			}); err != nil {
				return nil, err
			}
			if dup != "" {
				return nil, fmt.Errorf("project %s has two actions titled %q", code, dup)
			}
			k.actions[proj] = byTitle
		}
		id, ok := byTitle[title]
		if !ok {
			return nil, fmt.Errorf("project %s has no action titled %q", code, title)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (k *libraryKeys) indicatorIDs(codes []string) ([]int64, error) {
	ids := []int64{}
	for _, c := range codes {
		var found []int64
		if err := k.each(model.Indicators, map[string]string{"code": c}, func(r model.Record) { found = append(found, r.ID()) }); err != nil {
			return nil, err
		}
		if len(found) != 1 {
			return nil, fmt.Errorf("%d indicators with code %q, want one", len(found), c)
		}
		ids = append(ids, found[0])
	}
	return ids, nil
}
