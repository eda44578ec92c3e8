package i18n

// Texts of accounts, sign-in, roles, publishing and the audit trail.
var _ = register(map[string]msg{
	"field.plans.published":   {"Offentliggjort", "Published"},
	"field.actions.published": {"Offentliggjort", "Published"},
})
