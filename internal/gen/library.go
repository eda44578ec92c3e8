package gen

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// The knowledge library's generated items (issue 15): Danish titles, summaries and Markdown
// bodies of 80–400 words built from the word lists in library_words.go, with the nouns in
// all four forms (klimaplan, klimaplanen, klimaplaner, klimaplanerne) and many compounds, so
// that search has inflections to find. Every kind, the themes, the generated joint projects,
// sectors and the years 2015–2026 are spread out; about 90 % are published, the rest are a
// municipality's unpublished proposals. All of it is example content.

// libraryPerTx is how many items go to one write transaction.
const libraryPerTx = 1000

// projects creates the generated programme and its joint projects, which library items link to.
func (g *generator) projects(ctx context.Context, tx *store.Tx) error {
	n := g.l.cfg.Projects
	if n == 0 {
		return nil
	}
	prog, err := g.create(ctx, tx, model.Programmes, model.Record{"code": "gen-prog", "name_da": "Fælles klimaprojekter (genereret eksempel)",
		"name_en": "Joint climate projects (generated example)", "period_start": int64(2020), "period_end": int64(2027),
		"organisation_id": g.regionIDs[0], "source": valueSource})
	if err != nil {
		return err
	}
	for i := range n {
		f := themeTree[i%len(themeTree)].parent
		id, err := g.create(ctx, tx, model.Projects, model.Record{"programme_id": prog, "code": fmt.Sprintf("gen-proj-%02d", i+1),
			"name_da":     fmt.Sprintf("Fælles projekt om %s %d", strings.ToLower(f.da), 1+i/len(themeTree)),
			"name_en":     fmt.Sprintf("Joint project on %s %d", strings.ToLower(f.en), 1+i/len(themeTree)),
			"description": "Genereret eksempel på et tværkommunalt klimaprojekt.", "period_start": int64(2020 + i%4), "period_end": int64(2024 + i%4),
			"source": valueSource})
		if err != nil {
			return err
		}
		g.projectIDs = append(g.projectIDs, id)
	}
	g.stats.Projects = len(g.projectIDs)
	return nil
}

// allLibrary creates the library items, libraryPerTx to a transaction.
func (g *generator) allLibrary(ctx context.Context, start time.Time) error {
	total := g.l.cfg.LibraryItems
	for first := 0; first < total; first += libraryPerTx {
		if err := ctx.Err(); err != nil {
			return err
		}
		last := min(first+libraryPerTx, total)
		err := g.db.Tx(ctx, func(tx *store.Tx) error {
			for i := first; i < last; i++ {
				if _, err := tx.Create(ctx, model.LibraryItems, g.libraryItem(i)); err != nil {
					return fmt.Errorf("gen: create library item %d: %w", i+1, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		g.stats.LibraryItems = last
		fmt.Fprintf(g.progress, "gen: library items %d/%d (%.1fs)\n", last, total, time.Since(start).Seconds())
	}
	return nil
}

// libraryItem is item i, drawn from its own random stream.
func (g *generator) libraryItem(i int) model.Record {
	cfg := g.l.cfg
	r := rng(cfg.Seed, 6, uint64(i))
	family := r.IntN(len(themeTree))
	kind := model.LibraryKinds[i%len(model.LibraryKinds)]
	w := textWords{r: r, family: family, place: g.l.munis[r.IntN(len(g.l.munis))].name}
	title := w.title(kind)
	rec := model.Record{
		"title": title, "summary": w.summary(kind), "body": w.body(kind, 80+r.IntN(321)), "kind": kind,
		"sector": familySectors[family][r.IntN(len(familySectors[family]))], "language": "da",
		"year": int64(2015 + r.IntN(12)), "published": r.IntN(10) != 0, "example": true, "source": valueSource,
	}
	themes := []int64{g.childIDs[family][r.IntN(len(g.childIDs[family]))]}
	if r.IntN(4) == 0 {
		f2 := r.IntN(len(themeTree))
		if t := g.childIDs[f2][r.IntN(len(g.childIDs[f2]))]; t != themes[0] {
			themes = append(themes, t)
		}
	}
	rec["theme_ids"] = themes
	projects := []int64{}
	if len(g.projectIDs) > 0 && r.IntN(10) < 7 {
		// Mostly a project of the item's own theme family.
		p := family % len(g.projectIDs)
		if r.IntN(3) == 0 {
			p = r.IntN(len(g.projectIDs))
		}
		projects = append(projects, g.projectIDs[p])
	}
	rec["project_ids"] = projects
	if len(g.indicatorIDs) > 0 && r.IntN(7) == 0 {
		rec["indicator_ids"] = []int64{g.indicatorIDs[r.IntN(len(g.indicatorIDs))]}
	}
	// Unpublished items are a municipality's proposals; some published ones came that way too.
	if rec["published"] == false || r.IntN(10) < 3 {
		rec["organisation_id"] = g.muniIDs[r.IntN(len(g.muniIDs))]
	}
	if r.IntN(2) == 0 {
		rec["licence"] = "CC BY 4.0"
	}
	if r.IntN(3) == 0 {
		rec["title_en"] = "Example: " + englishKinds[kind]
	}
	if kind == "idea" {
		rec["expected_effect_t_co2e"] = math.Round(20 * math.Exp(1.5*r.NormFloat64()))
		rec["cost_dkk"] = math.Round(5e4*math.Exp(2.5*r.Float64())) * 10
	}
	return rec
}

// textWords writes one item's text from its own random stream.
type textWords struct {
	r      *rand.Rand
	family int
	place  string
}

func (w textWords) pick(list []string) string { return list[w.r.IntN(len(list))] }

// noun is a noun of the item's family (most of the time) or of the shared list.
func (w textWords) noun() noun {
	if w.r.IntN(4) == 0 {
		return sharedNouns[w.r.IntN(len(sharedNouns))]
	}
	ns := familyNouns[w.family]
	return ns[w.r.IntN(len(ns))]
}

func (w textWords) adj() adjective { return adjectives[w.r.IntN(len(adjectives))] }

// fill replaces the slots of a template: {n} indefinite singular, {nd} definite singular,
// {np} indefinite plural, {npd} definite plural (each a fresh noun), {a} an adjective in
// its plural/definite form, {p} the place, {y} a year, {pct} a percentage, {k} a count.
func (w textWords) fill(t string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.IndexByte(t[i:], '}')
		b.WriteString(t[:i])
		switch t[i+1 : i+j] {
		case "n":
			b.WriteString(w.noun().sg)
		case "nd":
			b.WriteString(w.noun().sgDef)
		case "np":
			b.WriteString(w.noun().pl)
		case "npd":
			b.WriteString(w.noun().plDef)
		case "a":
			b.WriteString(w.adj().pl)
		case "at":
			b.WriteString(w.adj().t)
		case "p":
			b.WriteString(w.place)
		case "y":
			fmt.Fprint(&b, 2015+w.r.IntN(12))
		case "pct":
			fmt.Fprint(&b, 5+w.r.IntN(60))
		case "k":
			fmt.Fprint(&b, 2+w.r.IntN(40))
		}
		t = t[i+j+1:]
	}
}

func (w textWords) title(kind string) string {
	return capitalise(w.fill(w.pick(titleTemplates[kind])))
}

func (w textWords) summary(kind string) string {
	return capitalise(w.fill(w.pick(summaryLeads[kind]))) + " " + w.sentence()
}

func (w textWords) sentence() string {
	return capitalise(w.fill(w.pick(sentences)))
}

// body writes Markdown paragraphs, some under a heading and some as a list, until it has
// about words words.
func (w textWords) body(kind string, words int) string {
	lead := capitalise(w.fill(w.pick(summaryLeads[kind])))
	blocks := []string{lead}
	n := strings.Count(lead, " ") + 1
	for n < words {
		var lines []string
		sep := " "
		switch w.r.IntN(6) {
		case 0:
			blocks = append(blocks, "## "+w.pick(headings))
			fallthrough
		default:
			for range 2 + w.r.IntN(4) {
				lines = append(lines, w.sentence())
			}
		case 1:
			sep = "\n"
			for range 2 + w.r.IntN(4) {
				lines = append(lines, "- "+capitalise(w.fill(w.pick(listItems))))
			}
		}
		block := strings.Join(lines, sep)
		n += strings.Count(block, " ") + len(lines)
		blocks = append(blocks, block)
	}
	return strings.Join(blocks, "\n\n") + "\n"
}

func capitalise(s string) string {
	for i, c := range s {
		return strings.ToUpper(string(c)) + s[i+len(string(c)):]
	}
	return s
}
