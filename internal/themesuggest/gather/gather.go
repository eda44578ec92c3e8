// Package gather reads what the theme suggestion rule (internal/themesuggest) needs from the
// store and applies it, for both the API (GET /api/v1/theme-suggestions) and the page
// (/temaforslag), so that they cannot differ: the themes, the published labelled actions of
// every organisation, the organisation's actions without a theme (drafts too) and the
// suggestions rejected for them. Whether the reader may see them is the caller's question
// (auth.MayMapThemes).
package gather

import (
	"context"
	"fmt"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/themesuggest"
)

// Item is one unthemed action with its suggestions, best first.
type Item struct {
	Action      store.UnthemedAction
	Suggestions []themesuggest.Suggestion
}

// Suggestions is an organisation's unthemed actions with their suggestions, and the themes
// by id to name them.
type Suggestions struct {
	Organisation int64
	Themes       map[int64]themesuggest.Theme
	Items        []Item
}

// For gathers the organisation's suggestions; store.ErrNotFound when there is no such
// organisation.
func For(ctx context.Context, db *store.DB, org int64) (Suggestions, error) {
	if _, err := db.Get(ctx, model.Organisations, org); err != nil {
		return Suggestions{}, fmt.Errorf("organisation %d: %w", org, err)
	}
	out := Suggestions{Organisation: org, Themes: map[int64]themesuggest.Theme{}}
	themes, err := db.SuggestionThemes(ctx)
	if err != nil {
		return out, err
	}
	for _, t := range themes {
		out.Themes[t.ID] = t
	}
	unthemed, err := db.UnthemedActions(ctx, org)
	if err != nil || len(unthemed) == 0 {
		return out, err
	}
	labelled, err := db.LabelledActions(ctx)
	if err != nil {
		return out, err
	}
	rejected, err := db.RejectedSuggestions(ctx, org)
	if err != nil {
		return out, err
	}
	m := themesuggest.New(themes, labelled)
	for _, a := range unthemed {
		out.Items = append(out.Items, Item{Action: a, Suggestions: m.Suggest(a.Action, rejected, themesuggest.Options{})})
	}
	return out, nil
}
