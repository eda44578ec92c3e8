package i18n

// Texts of the API tokens' expiry and revocation, and of the sign-in slowdown and its mail.
var _ = register(map[string]msg{
	// Token expiry.
	"account.token_expires":      {"Udløber", "Expires"},
	"account.token_expired":      {"Udløbet", "Expired"},
	"account.token.expires_hint": {"Nøglen holder op med at virke, når dagen begynder. Vælg en dato senest %s.", "The token stops working when the day begins. Choose a date no later than %s."},
	"account.token.expires_bad":  {"Skriv datoen som år-måned-dag, fx 2027-05-17.", "Enter the date as year-month-day, such as 2027-05-17."},
	"account.token.expires_past": {"Vælg en dato efter i dag.", "Choose a date after today."},
	"account.token.expires_late": {"Vælg en dato senest %s.", "Choose a date no later than %s."},

	// Tokens revoked with a new password or by signing out everywhere.
	"account.msg.password_tokens": {"Din adgangskode er ændret. Du er logget ud alle andre steder. Dine API-nøgler er tilbagekaldt; opret nye, hvis du stadig har brug for dem.",
		"Your password has been changed. You have been signed out everywhere else. Your API tokens have been revoked; create new ones if you still need them."},
	"account.msg.reset_tokens": {"Din nye adgangskode er gemt, og du er logget ind. Du er logget ud alle andre steder. Dine API-nøgler er tilbagekaldt; opret nye, hvis du stadig har brug for dem.",
		"Your new password has been saved and you are signed in. You have been signed out everywhere else. Your API tokens have been revoked; create new ones if you still need them."},
	"account.out_everywhere.done_tokens": {"Du er logget ud på alle enheder, og dine API-nøgler er tilbagekaldt.", "You have been signed out on all devices, and your API tokens have been revoked."},

	// The sign-in slowdown.
	"signin.slowed":         {"Der har været for mange forkerte forsøg på at logge ind på denne konto herfra. Vent %s, og prøv igen.", "There have been too many wrong attempts to sign in to this account from here. Wait %s and try again."},
	"signin.wait.second":    {"1 sekund", "1 second"},
	"signin.wait.seconds":   {"%s sekunder", "%s seconds"},
	"signin.wait.minutes":   {"%s minutter", "%s minutes"},
	"signin.notice.subject": {"Mislykkede forsøg på at logge ind på Klimaspor", "Failed attempts to sign in to Klimaspor"},
	"signin.notice.body": {"Hej\n\nDer har for nylig været %s mislykkede forsøg på at logge ind på din konto på Klimaspor, det seneste %s (dansk tid).\n\nVar det dig, behøver du ikke gøre noget. Ellers prøver nogen måske at gætte din adgangskode. Forsøgene bliver bremset, og du kan stadig logge ind som sædvanligt. Er din adgangskode kort, eller bruger du den også andre steder, så skift den under »Din konto«.\n\nVi skriver højst én gang i døgnet om det.\n\nVenlig hilsen\nKlimaspor",
		"Hello\n\nThere have recently been %s failed attempts to sign in to your Klimaspor account, the latest at %s (Danish time).\n\nIf it was you, there is nothing to do. Otherwise someone may be trying to guess your password. The attempts are slowed down, and you can still sign in as usual. If your password is short, or you use it elsewhere too, change it under “Your account”.\n\nWe write about this at most once a day.\n\nKind regards\nKlimaspor"},
})
