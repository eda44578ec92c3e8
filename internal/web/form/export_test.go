package form

import (
	"context"
	"net/url"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/web/page"
)

// What the external tests (package form_test, which run through the whole server) reach
// inside the package: the editors, and the parts of an editor and of a route they check.

type (
	Editor     = editor
	ParentSpec = parentSpec
)

var (
	ActionEditor      = actionEditor
	PlanEditor        = planEditor
	GoalEditor        = goalEditor
	IndicatorEditor   = indicatorEditor
	ValueEditor       = valueEditor
	ProjectEditor     = projectEditor
	ParticipantEditor = participantEditor
	NetworkEditor     = networkEditor
)

func (e *editor) Res() *model.Resource         { return e.res }
func (e *editor) ByKey() bool                  { return e.byKey }
func (e *editor) Path(rec model.Record) string { return e.path(rec) }
func (e *editor) Page(ctx context.Context, s *Pages, rec model.Record) (string, error) {
	return e.page(ctx, s, rec)
}
func (e *editor) Values(ctx context.Context, s *Pages, rec model.Record, lang i18n.Lang) (url.Values, error) {
	return e.values(ctx, s, rec, lang)
}

func (ps *parentSpec) Res() *model.Resource                   { return ps.res }
func (ps *parentSpec) ByKey() bool                            { return ps.byKey }
func (ps *parentSpec) Fixed(parent model.Record) model.Record { return ps.fixed(parent) }

func (r Route) Editor() *editor     { return r.e }
func (r Route) Parent() *parentSpec { return r.parent }

func (s *Pages) GoalParentOptions(ctx context.Context, l i18n.Localizer, goal model.Goal) ([]page.Option, error) {
	return s.goalParentOptions(ctx, l, goal)
}
