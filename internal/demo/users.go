package demo

import (
	"context"
	"errors"
	"fmt"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// Password is the demo accounts' password. The accounts exist only in demo mode
// (klimaspor demo), never in a database made by serve.
const Password = "klimaspor-demo-2026"

// Account is one demo account: a role in the capital region.
type Account struct {
	Email, Name string
	Role        string
	Org         string // the organisation's code; "" for admin and secretariat
	What        string // what the account shows, for the README and the command's output
}

// Accounts are the demo's accounts, one per role.
var Accounts = []Account{
	{"admin@demo.klimaspor.dk", "Ada Admin", auth.RoleAdmin, "", "everything, and the user administration"},
	{"sekretariat@demo.klimaspor.dk", "Søren Sekretariat", auth.RoleSecretariat, "", "programmes, joint projects and their participants, the directory, reporting rounds: returns and approves reports"},
	{"redaktoer.kbh@demo.klimaspor.dk", "Karen København", auth.RoleEditor, "101", "København's plans, actions, indicators and values"},
	{"redaktoer.alb@demo.klimaspor.dk", "Anders Albertslund", auth.RoleEditor, "165", "Albertslund's plans, actions, indicators and values"},
	{"projektleder.alb@demo.klimaspor.dk", "Pia Projektleder", auth.RoleProjectLead, "165", "the joint project Albertslund leads (VIP2): fills in and submits its status report"},
	{"laeser.kbh@demo.klimaspor.dk", "Lars Læser", auth.RoleViewer, "101", "København's drafts, without editing"},
}

// LoadAccounts adds the demo accounts, unless they are there already.
func LoadAccounts(ctx context.Context, db *store.DB) error {
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return err
	}
	for _, a := range Accounts {
		m := store.Membership{Role: a.Role}
		if a.Org != "" {
			page, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"code": a.Org}})
			if err != nil {
				return err
			}
			if len(page.Items) == 0 {
				return fmt.Errorf("demo: account %s: no organisation %s", a.Email, a.Org)
			}
			m.OrganisationID = page.Items[0].ID()
		}
		_, err := db.CreateUser(ctx, store.User{Email: a.Email, Name: a.Name, PasswordHash: hash, Memberships: []store.Membership{m}})
		if err != nil && !errors.Is(err, store.ErrDuplicate) {
			return fmt.Errorf("demo: account %s: %w", a.Email, err)
		}
	}
	return nil
}
