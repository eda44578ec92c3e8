package auth

import "fmt"

// MayMapThemes says whether p may map an organisation's actions to themes: see the theme
// suggestions for its actions without a theme (drafts among them) and accept or reject
// them. They are those who may change the organisation's actions: its editors, and admins;
// a read-only token may not. ErrSignIn for the public, ErrForbidden for anyone else. The
// store's guard still decides each accept and reject on the action itself.
func MayMapThemes(p *Principal, org int64) error {
	if err := writer(p); err != nil {
		return err
	}
	if p.Admin() || p.Has(RoleEditor, org) {
		return nil
	}
	return fmt.Errorf("%w: %s may not change the actions of organisation %d", ErrForbidden, p.Label(), org)
}

// MayMapThemesAnywhere says whether p may map some organisation's actions to themes (an
// admin, or an editor somewhere): whether the pages offer the theme suggestions at all.
func MayMapThemesAnywhere(p *Principal) error {
	if err := writer(p); err != nil {
		return err
	}
	if p.Admin() || p.hasAny(RoleEditor) {
		return nil
	}
	return fmt.Errorf("%w: %s may not change any organisation's actions", ErrForbidden, p.Label())
}
