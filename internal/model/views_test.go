package model

import (
	"math"
	"testing"
	"time"
)

func TestIndicatorCurrentTargetAndProgress(t *testing.T) {
	targets := []Target{{Year: 2030, Value: 50}, {Year: 2025, Value: 80}}
	for _, c := range []struct {
		name   string
		rec    Record
		at     int64
		actual float64
		target Target
		hasT   bool
		pct    float64
		hasPct bool
	}{
		{"the nearest target not yet past", Record{"targets": targets, "baseline_value": 100.0, "direction": "lower"}, 2024, 90, Target{2025, 80}, true, 50, true},
		{"a target's own year still counts", Record{"targets": targets, "baseline_value": 100.0, "direction": "lower"}, 2025, 90, Target{2025, 80}, true, 50, true},
		{"the last target when all are past", Record{"targets": targets, "baseline_value": 100.0, "direction": "lower"}, 2031, 75, Target{2030, 50}, true, 50, true},
		{"higher is better counts from zero without a baseline", Record{"targets": []Target{{2024, 29}}, "direction": "higher"}, 2024, 27, Target{2024, 29}, true, 27.0 / 29 * 100, true},
		{"lower is better needs a baseline", Record{"targets": targets, "direction": "lower"}, 2024, 90, Target{2025, 80}, true, 0, false},
		{"no target", Record{"baseline_value": 1.0, "direction": "higher"}, 2024, 2, Target{}, false, 0, false},
		{"baseline equal to the target", Record{"targets": []Target{{2030, 5}}, "baseline_value": 5.0, "direction": "higher"}, 2024, 6, Target{2030, 5}, true, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			ind := AsIndicator(c.rec)
			got, ok := ind.CurrentTarget(c.at)
			if got != c.target || ok != c.hasT {
				t.Errorf("CurrentTarget(%d) = %v, %v; want %v, %v", c.at, got, ok, c.target, c.hasT)
			}
			pct, _, ok := ind.Progress(c.actual, c.at)
			if ok != c.hasPct || math.Abs(pct-c.pct) > 1e-9 {
				t.Errorf("Progress(%v, %d) = %v, %v; want %v, %v", c.actual, c.at, pct, ok, c.pct, c.hasPct)
			}
		})
	}
}

func TestScopesAndContainers(t *testing.T) {
	for _, c := range []struct {
		rec  Record
		kind string
		id   int64
	}{
		{Record{"owner_plan_id": int64(3)}, OwnerPlan, 3},
		{Record{"owner_project_id": int64(4)}, OwnerProject, 4},
		{Record{"owner_organisation_id": int64(5)}, OwnerOrganisation, 5},
		{Record{}, "", 0},
	} {
		if k, id := AsIndicator(c.rec).Scope(); k != c.kind || id != c.id {
			t.Errorf("Scope of %v = %s %d, want %s %d", c.rec, k, id, c.kind, c.id)
		}
	}
	if k, id := AsAction(Record{"project_id": int64(7), "organisation_id": int64(2)}).Container(); k != OwnerProject || id != 7 {
		t.Errorf("action container = %s %d", k, id)
	}
	if k, id := AsGoal(Record{"plan_id": int64(8)}).Container(); k != OwnerPlan || id != 8 {
		t.Errorf("goal container = %s %d", k, id)
	}
	if !AsAction(Record{}).Draft() || AsPlan(Record{"published": true}).Draft() {
		t.Error("a record without published is a draft; a published plan is not")
	}
}

func TestNamesFallBackToDanish(t *testing.T) {
	o := AsOrganisation(Record{"name_da": "København", "name_en": "Copenhagen"})
	if o.Name("en") != "Copenhagen" || o.Name("da") != "København" {
		t.Errorf("names: %q %q", o.Name("en"), o.Name("da"))
	}
	if p := AsProject(Record{"name_da": "Affald"}); p.Name("en") != "Affald" {
		t.Errorf("fallback: %q", p.Name("en"))
	}
	pop, ok := AsOrganisation(Record{"population": []Population{{2022, 10, ""}, {2024, 0, ""}, {2023, 12, ""}}}).LatestPopulation()
	if !ok || pop.Year != 2023 {
		t.Errorf("latest population = %v %v", pop, ok)
	}
}

func TestTextsByLanguage(t *testing.T) {
	for _, c := range []struct {
		rec            Record
		lang           string
		title, titleIn string
	}{
		{Record{"title": "Cykelsti"}, "da", "Cykelsti", "da"},
		{Record{"title": "Cykelsti"}, "en", "Cykelsti", "da"},
		{Record{"title": "Cykelsti", "title_en": "Cycle path"}, "en", "Cycle path", "en"},
		{Record{"title": "Cykelsti", "title_en": "Cycle path"}, "da", "Cykelsti", "da"},
		{Record{"title": "District heating", "language": "en"}, "da", "District heating", "en"},
	} {
		if got, lang := AsAction(c.rec).TitleIn(c.lang); got != c.title || lang != c.titleIn {
			t.Errorf("TitleIn(%s) of %v = %q %q, want %q %q", c.lang, c.rec, got, lang, c.title, c.titleIn)
		}
	}
	ind := AsIndicator(Record{"unit": "lærepladser", "unit_en": "apprenticeships"})
	if ind.UnitIn("en") != "apprenticeships" || ind.UnitIn("da") != "lærepladser" || AsIndicator(Record{"unit": "%"}).UnitIn("en") != "%" {
		t.Error("UnitIn does not pick the reader's form, or fall back to the Danish one")
	}
}

func TestActionStale(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		status, updated string
		want            bool
	}{
		{"in_progress", "2026-06-04T11:59:59Z", true},
		{"in_progress", "2026-06-04T12:00:00Z", false},
		{"planned", "2025-01-01T00:00:00Z", true},
		{"delayed", "2026-11-01T00:00:00Z", false},
		{"completed", "2020-01-01T00:00:00Z", false},
		{"cancelled", "2020-01-01T00:00:00Z", false},
		{"planned", "", false},
	} {
		a := AsAction(Record{"status": c.status, "updated_at": c.updated})
		if got := a.Stale(now); got != c.want {
			t.Errorf("%s updated %q: Stale = %v, want %v", c.status, c.updated, got, c.want)
		}
	}
}

func TestGoalOutcome(t *testing.T) {
	lower := AsIndicator(Record{"id": int64(7), "direction": "lower", "baseline_value": 100.0})
	higher := AsIndicator(Record{"id": int64(7), "direction": "higher"})
	goal := func(rec Record) Goal {
		rec["indicator_id"] = int64(7)
		return AsGoal(rec)
	}
	for _, c := range []struct {
		name   string
		goal   Goal
		ind    Indicator
		latest float64
		at     int64
		want   GoalOutcome
		ok     bool
	}{
		{"progress toward a goal not yet due", goal(Record{"target_value": 50.0, "target_year": int64(2030)}), lower, 75, 2026,
			GoalOutcome{Target: Target{2030, 50}, Pct: 50, HasPct: true}, true},
		{"the goal's year is still open", goal(Record{"target_value": 50.0, "target_year": int64(2026)}), lower, 75, 2026,
			GoalOutcome{Target: Target{2026, 50}, Pct: 50, HasPct: true}, true},
		{"lower is better: met at or below", goal(Record{"target_value": 50.0, "target_year": int64(2025)}), lower, 50, 2026,
			GoalOutcome{Target: Target{2025, 50}, Pct: 100, HasPct: true, Due: true, Met: true}, true},
		{"lower is better: missed above", goal(Record{"target_value": 50.0, "target_year": int64(2025)}), lower, 60, 2026,
			GoalOutcome{Target: Target{2025, 50}, Pct: 80, HasPct: true, Due: true}, true},
		{"higher is better: met at or above, from zero", goal(Record{"target_value": 29.0, "target_year": int64(2022)}), higher, 29, 2026,
			GoalOutcome{Target: Target{2022, 29}, Pct: 100, HasPct: true, Due: true, Met: true}, true},
		{"higher is better: missed below", goal(Record{"target_value": 29.0, "target_year": int64(2022)}), higher, 27, 2026,
			GoalOutcome{Target: Target{2022, 29}, Pct: 27.0 / 29 * 100, HasPct: true, Due: true}, true},
		{"no year: never due", goal(Record{"target_value": 29.0}), higher, 30, 2026,
			GoalOutcome{Target: Target{0, 29}, Pct: 30.0 / 29 * 100, HasPct: true}, true},
		{"no target value", goal(Record{"target_year": int64(2030)}), lower, 60, 2026, GoalOutcome{}, false},
		{"another indicator", goal(Record{"target_value": 1.0}), AsIndicator(Record{"id": int64(8)}), 1, 2026, GoalOutcome{}, false},
		{"no indicator", AsGoal(Record{"target_value": 1.0}), AsIndicator(Record{}), 1, 2026, GoalOutcome{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := c.goal.Outcome(c.ind, c.latest, c.at)
			if ok != c.ok || got.Target != c.want.Target || got.HasPct != c.want.HasPct || got.Due != c.want.Due || got.Met != c.want.Met ||
				math.Abs(got.Pct-c.want.Pct) > 1e-9 {
				t.Errorf("Outcome = %+v, %v; want %+v, %v", got, ok, c.want, c.ok)
			}
		})
	}
}
