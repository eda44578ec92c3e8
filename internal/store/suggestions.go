package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"klimaspor/internal/model"
	"klimaspor/internal/themesuggest"
)

// The theme suggestions' reads and writes (C7, issue 13): what internal/themesuggest ranks
// from (the themes, the labelled actions, an organisation's actions without a theme and the
// rejected suggestions), and the coordinator's two answers. Accepting adds the theme to the
// action through Update, the normal write path, so the authorization guard, the version
// check and the audit trail are the same as for an edit of the action; rejecting keeps the
// pair in theme_suggestion_rejections, asks the guard whether the person may change the
// action, and writes its own audit entry.

// AuditThemeSuggestions is the audit trail's resource name for rejected suggestions. It is
// not "actions": the cross-plan history rebuilds actions from their entries, and a
// rejection changes no action.
const AuditThemeSuggestions = "theme_suggestions"

// ErrThemeOnAction is an accept of a theme the action already carries.
var ErrThemeOnAction = errors.New("store: the action already carries the theme")

// UnthemedAction is an action without a theme, as the coordinator works on it.
type UnthemedAction struct {
	themesuggest.Action
	Version   int64
	PlanID    int64
	Published bool
}

// SuggestionThemes reads the theme taxonomy with both names, in code order.
func (db *DB) SuggestionThemes(ctx context.Context) ([]themesuggest.Theme, error) {
	rows, err := db.reader().QueryContext(ctx, "SELECT id, COALESCE(parent_id, 0), code, name_da, COALESCE(name_en, '') FROM themes ORDER BY code")
	if err != nil {
		return nil, fmt.Errorf("store: themes: %w", err)
	}
	defer rows.Close()
	var out []themesuggest.Theme
	for rows.Next() {
		var t themesuggest.Theme
		if err := rows.Scan(&t.ID, &t.Parent, &t.Code, &t.NameDA, &t.NameEN); err != nil {
			return nil, fmt.Errorf("store: themes: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// UnthemedActions lists the actions in the organisation's plans that carry no theme, drafts
// too (the coordinator maps them before they are published), in id order. The caller checks
// that the reader may change the organisation's actions.
func (db *DB) UnthemedActions(ctx context.Context, org int64) ([]UnthemedAction, error) {
	rows, err := db.reader().QueryContext(ctx, "SELECT a.id, a.title, COALESCE(a.description, ''), a.version, a.plan_id, COALESCE(a.published, "+db.falseLit()+") "+
		"FROM actions a JOIN plans p ON p.id = a.plan_id WHERE p.organisation_id = $1 "+
		"AND NOT EXISTS (SELECT 1 FROM action_themes t WHERE t.action_id = a.id) ORDER BY a.id", org)
	if err != nil {
		return nil, fmt.Errorf("store: unthemed actions of %d: %w", org, err)
	}
	defer rows.Close()
	out := []UnthemedAction{}
	for rows.Next() {
		var a UnthemedAction
		if err := rows.Scan(&a.ID, &a.Title, &a.Description, &a.Version, &a.PlanID, &a.Published); err != nil {
			return nil, fmt.Errorf("store: unthemed actions of %d: %w", org, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// falseLit is the engine's false for a COALESCE over a boolean column.
func (db *DB) falseLit() string {
	if db.engine == "postgres" {
		return "false"
	}
	return "0"
}

// LabelledActions lists the published actions that carry themes, of every organisation
// (more examples make better profiles), each with its themes, in id order. Only what the
// public sees is used, a published action in a published plan (or a joint project), so no
// draft's words reach another organisation's suggestions.
func (db *DB) LabelledActions(ctx context.Context) ([]themesuggest.Action, error) {
	rows, err := db.reader().QueryContext(ctx, "SELECT a.id, a.title, COALESCE(a.description, ''), t.theme_id FROM actions a JOIN action_themes t ON t.action_id = a.id "+
		"LEFT JOIN plans p ON p.id = a.plan_id WHERE a.published = "+db.trueLit()+" AND (a.plan_id IS NULL OR p.published = "+db.trueLit()+") ORDER BY a.id, t.theme_id")
	if err != nil {
		return nil, fmt.Errorf("store: labelled actions: %w", err)
	}
	defer rows.Close()
	var out []themesuggest.Action
	for rows.Next() {
		var a themesuggest.Action
		var theme int64
		if err := rows.Scan(&a.ID, &a.Title, &a.Description, &theme); err != nil {
			return nil, fmt.Errorf("store: labelled actions: %w", err)
		}
		if n := len(out); n > 0 && out[n-1].ID == a.ID {
			out[n-1].Themes = append(out[n-1].Themes, theme)
			continue
		}
		a.Themes = []int64{theme}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (db *DB) trueLit() string {
	if db.engine == "postgres" {
		return "true"
	}
	return "1"
}

// Rejection is a suggestion a person rejected.
type Rejection struct {
	ActionID, ThemeID int64
	UserID            int64 // 0 once the person is gone or for the system
	At                string
}

// RejectedSuggestions lists the rejected suggestions for the actions in the organisation's
// plans, as the pairs themesuggest leaves out.
func (db *DB) RejectedSuggestions(ctx context.Context, org int64) (map[themesuggest.Pair]bool, error) {
	rows, err := db.reader().QueryContext(ctx, "SELECT r.action_id, r.theme_id FROM theme_suggestion_rejections r JOIN actions a ON a.id = r.action_id "+
		"JOIN plans p ON p.id = a.plan_id WHERE p.organisation_id = $1", org)
	if err != nil {
		return nil, fmt.Errorf("store: rejected suggestions of %d: %w", org, err)
	}
	defer rows.Close()
	out := map[themesuggest.Pair]bool{}
	for rows.Next() {
		var p themesuggest.Pair
		if err := rows.Scan(&p.Action, &p.Theme); err != nil {
			return nil, fmt.Errorf("store: rejected suggestions of %d: %w", org, err)
		}
		out[p] = true
	}
	return out, rows.Err()
}

// Rejections lists who rejected which theme for an action, oldest first.
func (db *DB) Rejections(ctx context.Context, action int64) ([]Rejection, error) {
	rows, err := db.reader().QueryContext(ctx, "SELECT action_id, theme_id, COALESCE(user_id, 0), rejected_at FROM theme_suggestion_rejections WHERE action_id = $1 ORDER BY id", action)
	if err != nil {
		return nil, fmt.Errorf("store: rejections of action %d: %w", action, err)
	}
	defer rows.Close()
	var out []Rejection
	for rows.Next() {
		var r Rejection
		if err := rows.Scan(&r.ActionID, &r.ThemeID, &r.UserID, &r.At); err != nil {
			return nil, fmt.Errorf("store: rejections of action %d: %w", action, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AcceptThemeSuggestion adds the theme to the action, if version is still the action's:
// an update of the action through the normal path (guard, version check, audit trail). It
// returns the action as stored; ErrNotFound for no such action or theme, ErrThemeOnAction
// when the action has the theme already, a *ConflictError for a stale version.
func (db *DB) AcceptThemeSuggestion(ctx context.Context, action, theme, version int64) (out model.Record, err error) {
	err = db.Tx(ctx, func(tx *Tx) error {
		cur, err := tx.Get(ctx, model.Actions, action)
		if err != nil {
			return err
		}
		if err := tx.themeExists(theme); err != nil {
			return err
		}
		themes, _ := cur["theme_ids"].([]int64)
		if slices.Contains(themes, theme) {
			return ErrThemeOnAction
		}
		out, err = tx.Update(ctx, model.Actions, action, version, model.Record{"theme_ids": append(slices.Clone(themes), theme)})
		return err
	})
	return out, err
}

// RejectThemeSuggestion keeps that the theme is not to be suggested for the action again,
// with who and when, and writes an audit entry, if the context's person may change the
// action. A second rejection of the same pair changes nothing. ErrNotFound for no such
// action or theme.
func (db *DB) RejectThemeSuggestion(ctx context.Context, action, theme int64) error {
	return db.Tx(ctx, func(tx *Tx) error {
		cur, err := tx.Get(ctx, model.Actions, action)
		if err != nil {
			return err
		}
		// The person must be one who may change the action: the same question as for an
		// edit that leaves it as it is.
		if err := tx.guard("update", model.Actions, cur, cur); err != nil {
			return err
		}
		if err := tx.themeExists(theme); err != nil {
			return err
		}
		a := ActorOf(tx.ctx)
		var user any
		if a.UserID != 0 {
			user = a.UserID
		}
		var n int
		if err := tx.tx.QueryRowContext(tx.ctx, "SELECT COUNT(*) FROM theme_suggestion_rejections WHERE action_id = $1 AND theme_id = $2", action, theme).Scan(&n); err != nil {
			return fmt.Errorf("store: reject theme %d for action %d: %w", theme, action, err)
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.tx.ExecContext(tx.ctx, "INSERT INTO theme_suggestion_rejections (action_id, theme_id, user_id, rejected_at) VALUES ($1, $2, $3, $4)",
			action, theme, user, tx.now); err != nil {
			return fmt.Errorf("store: reject theme %d for action %d: %w", theme, action, err)
		}
		after, err := json.Marshal(map[string]int64{"action_id": action, "theme_id": theme})
		if err != nil {
			return err
		}
		// The trail's operations are create, update, delete and import: a rejection is the
		// creation of one, filed under the action's id, so an action's rejections are found
		// by its id.
		return tx.appendAudit(a, AuditThemeSuggestions, action, "create",
			fmt.Sprintf("theme %d rejected as a suggestion for action %d", theme, action), nil, string(after))
	})
}

// themeExists is ErrNotFound for a theme that is not there.
func (tx *Tx) themeExists(theme int64) error {
	var one int
	switch err := tx.tx.QueryRowContext(tx.ctx, "SELECT 1 FROM themes WHERE id = $1", theme).Scan(&one); {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: theme %d: %w", theme, ErrNotFound)
	case err != nil:
		return fmt.Errorf("store: theme %d: %w", theme, err)
	}
	return nil
}
