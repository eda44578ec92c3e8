package store

import (
	"context"

	"klimaspor/internal/model"
)

// resourceHooks is what the store does for one resource beyond the generic create, get,
// update, delete and list that the descriptors drive. The generic code asks these hooks and
// never names a resource, so every particular of a resource is one named function or table
// entry, registered in hooks below.
type resourceHooks struct {
	// children are the list fields kept in child tables, by field name.
	children map[string]childTable
	// shown are read-only list fields read from another resource's table, by field name:
	// the query of the rows of the owners whose ids fill the placeholders in.
	shown map[string]func(in string) string
	// consistent checks the rules that tie the record's references to each other
	// (consistency.go); cur is nil when creating.
	consistent func(ctx context.Context, tx *Tx, rec, cur model.Record) ([]model.FieldError, error)
	// prepare adjusts an updated record once the patch is laid over the stored one (cur),
	// before it is checked and saved.
	prepare func(cur, patch, rec model.Record)
	// fill sets the read-only fields the store keeps from other records or from the write
	// itself (a new report's state and form version), on create (cur nil) and update,
	// before the guard sees the record.
	fill func(ctx context.Context, tx *Tx, cur, rec model.Record) error
	// afterWrite runs in the write's transaction once the record and its child rows are
	// saved; cur is nil when creating.
	afterWrite func(ctx context.Context, tx *Tx, id int64, cur, rec model.Record) error
	// beforeDelete runs in the delete's transaction after the guard, before the row goes.
	beforeDelete func(ctx context.Context, tx *Tx, id int64, cur model.Record) error
	// filterValue turns a filter's parsed value into the value its SQL compares with.
	filterValue func(param string, v any) any
	// drafts is the condition on the resource's rows that keeps what the reader may see of
	// drafts (see draftCondition); nil when nothing of the resource belongs to a draft.
	drafts func(d *draftSQL) string
	// duplicateField is the field a unique-constraint failure is reported on, when it is
	// not the constraint's last column.
	duplicateField string
}

// hooks holds every resource's particulars. It is filled in init because the hooks read
// records (tx.Get), which reads hooks: as a variable's initializer that would be a cycle.
var hooks map[*model.Resource]resourceHooks

func init() {
	hooks = map[*model.Resource]resourceHooks{
		model.Organisations: {
			children: map[string]childTable{"population": {"organisation_populations", "organisation_id", "year, value, source"},
				"member_ids": {"organisation_members", "organisation_id", "member_id"}},
			consistent: organisationConsistent,
		},
		model.Plans: {consistent: planConsistent, drafts: planDrafts},
		model.Goals: {consistent: goalConsistent, drafts: goalDrafts},
		model.Projects: {
			shown: map[string]func(string) string{"leads": projectLeads, "participants": projectParticipants},
		},
		model.Actions: {
			children: map[string]childTable{
				"theme_ids":   {"action_themes", "action_id", "theme_id"},
				"partner_ids": {"action_partners", "action_id", "organisation_id"},
			},
			consistent:  actionConsistent,
			prepare:     clearStaleStatusNote,
			afterWrite:  recordStatusChange,
			filterValue: actionDateBounds,
			drafts:      actionDrafts,
		},
		model.Indicators: {
			children: map[string]childTable{"targets": {"indicator_targets", "indicator_id", "year, value"}},
			drafts:   indicatorDrafts,
		},
		// A value is unique by indicator, organisation, period and breakdown; the client
		// hears about the period, the one of them it chose.
		model.IndicatorValues: {drafts: valueDrafts, duplicateField: "period"},
		model.ReportingRounds: {fill: fillRound, consistent: roundConsistent, afterWrite: openRound, beforeDelete: closeRound},
		// A report is unique by round and project; the client chose the project.
		model.Reports: {fill: fillReport, consistent: reportConsistent, afterWrite: keepReportVersion, drafts: reportDrafts, duplicateField: "project_id"},
		// The own calculation's inputs: units the calculation reads, factors that never tie.
		model.ActivityData:    {consistent: activityConsistent},
		model.EmissionFactors: {consistent: factorConsistent},
		// The procurement footprint's factors: never two for a category in a year.
		model.SpendFactors: {consistent: spendFactorConsistent},
		// The knowledge library: themes and joint projects in link tables, as an action's.
		model.LibraryItems: {
			children: map[string]childTable{
				"theme_ids":     {"library_item_themes", "library_item_id", "theme_id"},
				"project_ids":   {"library_item_projects", "library_item_id", "project_id"},
				"action_ids":    {"library_item_actions", "library_item_id", "action_id"},
				"indicator_ids": {"library_item_indicators", "library_item_id", "indicator_id"},
			},
			drafts: libraryDrafts,
		},
	}
}

// fill runs the resource's fill hook, if it has one.
func (tx *Tx) fill(res *model.Resource, cur, rec model.Record) error {
	if fill := hooks[res].fill; fill != nil {
		return fill(tx.ctx, tx, cur, rec)
	}
	return nil
}

// clearStaleStatusNote clears an action's status note when its status or progress changes
// without a new note: the old note explained the old status, not the new one.
func clearStaleStatusNote(cur, patch, rec model.Record) {
	if _, given := patch["status_note"]; given || !statusChanged(cur, rec) {
		return
	}
	rec["status_note"] = nil
}

// statusChanged reports whether an update changes an action's status or progress.
func statusChanged(cur, rec model.Record) bool {
	return !model.Actions.SameValue("status", cur["status"], rec["status"]) ||
		!model.Actions.SameValue("progress", cur["progress"], rec["progress"])
}

// recordStatusChange appends to an action's status history when it is created and when its
// status or progress changes.
func recordStatusChange(ctx context.Context, tx *Tx, id int64, cur, rec model.Record) error {
	if cur != nil && !statusChanged(cur, rec) {
		return nil
	}
	return tx.recordStatus(ctx, id, rec)
}

// actionDateBounds turns the years of an action list's from and to into the first and last
// day of the year, since an action's dates are dates.
func actionDateBounds(param string, v any) any {
	if param == "from" || param == "to" {
		return dateBound(v.(int64), param == "from")
	}
	return v
}

// projectParticipants reads a project's participants from the participants table.
func projectParticipants(in string) string {
	return "SELECT project_id, organisation_id, role, lead FROM participants WHERE project_id IN (" + in + ") ORDER BY project_id, organisation_id"
}

// projectLeads reads the ids of a project's lead organisations.
func projectLeads(in string) string {
	return "SELECT project_id, organisation_id FROM participants WHERE lead AND project_id IN (" + in + ") ORDER BY project_id, organisation_id"
}
