package i18n

// Texts of accounts, sign-in, roles, publishing and the audit trail.
var _ = register(map[string]msg{
	"field.plans.published":   {"Offentliggjort", "Published"},
	"field.actions.published": {"Offentliggjort", "Published"},
	"signin.link":             {"Log ind", "Sign in"},
	"signin.title":            {"Log ind", "Sign in"},
	"signin.with_password":    {"Med e-mail og adgangskode", "With email and password"},
	"signin.email":            {"E-mail", "Email"},
	"signin.password":         {"Adgangskode", "Password"},
	"signin.submit":           {"Log ind", "Sign in"},
	"signin.forgot":           {"Glemt adgangskoden?", "Forgot your password?"},
	"signin.sso_heading":      {"Med din organisations login", "With your organisation's sign-in"},
	"signin.sso":              {"Log ind med %s", "Sign in with %s"},
	"signin.wrong":            {"E-mail eller adgangskode er forkert.", "The email or password is wrong."},
	"signin.limited":          {"Der har været for mange forsøg på at logge ind. Prøv igen om %s minutter.", "There have been too many attempts to sign in. Try again in %s minutes."},
	"signin.sign_out":         {"Log ud", "Sign out"},
	"account.link":            {"Din konto (%s)", "Your account (%s)"},
	"admin.link":              {"Administration", "Administration"},
	"draft.badge":             {"Udkast", "Draft"},
	"draft.explain":           {"Kun din organisation kan se den, indtil den er offentliggjort.", "Only your organisation can see it until it is published."},
})
