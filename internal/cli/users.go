package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// roleFlags collects repeated --role ROLE[@ORGCODE] flags.
type roleFlags []string

func (r *roleFlags) String() string     { return strings.Join(*r, ",") }
func (r *roleFlags) Set(v string) error { *r = append(*r, v); return nil }

// memberships reads ROLE[@ORGCODE] flags: "admin", "secretariat", "editor@101" (Copenhagen's
// editor), "project_lead@165".
func memberships(ctx context.Context, db *store.DB, flags []string) ([]store.Membership, error) {
	var out []store.Membership
	for _, f := range flags {
		role, code, _ := strings.Cut(f, "@")
		if !slices.Contains(auth.Roles, role) {
			return nil, fmt.Errorf("unknown role %q; use one of %s", role, strings.Join(auth.Roles, ", "))
		}
		m := store.Membership{Role: role}
		switch {
		case code != "":
			page, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"code": code}})
			if err != nil {
				return nil, err
			}
			if len(page.Items) == 0 || model.AsOrganisation(page.Items[0]).Code() != code {
				return nil, fmt.Errorf("there is no organisation with code %q", code)
			}
			m.OrganisationID = page.Items[0].ID()
		case role != auth.RoleAdmin && role != auth.RoleSecretariat:
			return nil, fmt.Errorf("the role %s belongs to an organisation: write %s@CODE (e.g. %s@101)", role, role, role)
		}
		out = append(out, m)
	}
	return out, nil
}

// runUser manages the people who sign in: klimaspor user add|list|role|disable.
func runUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(e.stderr, "Usage: klimaspor user add|list|role|disable|link|token [flags]\n\n"+
			"  add      add a person: --email, --name, --role ROLE[@ORGCODE] (repeatable), --password-stdin\n"+
			"  list     list everybody with their roles\n"+
			"  role     replace a person's roles: --email, --role ROLE[@ORGCODE] (repeatable)\n"+
			"  disable  disable a person (their sessions end and their API tokens are revoked): --email; --enable undoes it\n"+
			"  link     link a person to a single sign-on identity: --email, --issuer, --subject (the ID token's iss and sub)\n"+
			"  token    make an API token for a person and print it once: --email, --name, --scope read|write, --days (default 365)\n\n"+
			"Roles: "+strings.Join(auth.Roles, ", ")+"; admin and secretariat need no organisation.")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	sub, args := args[0], args[1:]
	var cfg Config
	var u userArgs
	fs := e.flags("user "+sub, "", "Manage the people who sign in.", &cfg, false)
	switch sub {
	case "add":
		fs.StringVar(&u.email, "email", "", "the person's email address")
		fs.StringVar(&u.name, "name", "", "the person's name")
		fs.Var(&u.roles, "role", "a role: admin, secretariat, or ROLE@ORGCODE such as editor@101 (repeatable)")
		fs.BoolVar(&u.passwordStdin, "password-stdin", false, "read the password from standard input (otherwise one is made and printed once)")
	case "role":
		fs.StringVar(&u.email, "email", "", "the person's email address")
		fs.Var(&u.roles, "role", "a role: admin, secretariat, or ROLE@ORGCODE such as editor@101 (repeatable); replaces the person's roles")
	case "disable":
		fs.StringVar(&u.email, "email", "", "the person's email address")
		fs.BoolVar(&u.enable, "enable", false, "enable the person again")
	case "link":
		fs.StringVar(&u.email, "email", "", "the person's email address")
		fs.StringVar(&u.issuer, "issuer", "", "the identity provider's issuer, e.g. https://login.microsoftonline.com/{tenant}/v2.0")
		fs.StringVar(&u.subject, "subject", "", "the person's subject (sub) at that provider")
	case "token":
		fs.StringVar(&u.email, "email", "", "the person's email address")
		fs.StringVar(&u.name, "name", "", "what the token is for, shown on the person's account page")
		fs.StringVar(&u.scope, "scope", auth.ScopeRead, "read (only reads) or write (also changes, with the person's roles)")
		fs.IntVar(&u.days, "days", 365, "days until the token expires (1 to 730)")
	case "list":
	default:
		return fmt.Errorf("unknown user command %q: use add, list, role, disable, link or token", sub)
	}
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if sub != "list" && strings.TrimSpace(u.email) == "" {
		return errors.New("give --email")
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	// These commands act with the database's own rights, as whoever runs them (they make the
	// first administrator), so there is no signed-in person who could be granting themselves
	// a role; the audit trail records their account changes as the command line's.
	ctx = store.WithActor(ctx, store.Actor{Channel: store.ChannelCLI})
	switch sub {
	case "add":
		return userAdd(ctx, e, db, u)
	case "list":
		return userList(ctx, e, db)
	case "role":
		return userRole(ctx, e, db, u)
	case "link":
		return userLink(ctx, e, db, u)
	case "disable":
		return userDisable(ctx, e, db, u)
	case "token":
		return userToken(ctx, e, db, u)
	}
	return nil
}

// userArgs are the flags of the user commands.
type userArgs struct {
	email, name           string
	roles                 roleFlags
	passwordStdin, enable bool
	issuer, subject       string
	scope                 string
	days                  int
}

// userAdd adds a person with the roles and a password read or made (and printed once).
func userAdd(ctx context.Context, e *env, db *store.DB, a userArgs) error {
	ms, err := memberships(ctx, db, a.roles)
	if err != nil {
		return err
	}
	pw, generated := "", false
	if a.passwordStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		pw = strings.TrimRight(line, "\r\n")
	} else {
		pw, generated = auth.NewToken("")[:20], true
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return fmt.Errorf("password: %w (at least %d characters)", err, auth.MinPasswordLength)
	}
	u, err := db.CreateUser(ctx, store.User{Email: a.email, Name: a.name, PasswordHash: hash, Memberships: ms})
	if errors.Is(err, store.ErrDuplicate) {
		return fmt.Errorf("%s has an account already", store.NormalEmail(a.email))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "added %s (id %d) with %s\n", u.Email, u.ID, describeRoles(ctx, db, u.Memberships))
	if generated {
		fmt.Fprintf(e.stdout, "password (shown once): %s\n", pw)
	}
	return nil
}

// userList lists everybody with their roles, state and last sign-in.
func userList(ctx context.Context, e *env, db *store.DB) error {
	users, err := db.Users(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAME\tROLES\tSTATE\tLAST SIGN-IN")
	for _, u := range users {
		state := "active"
		if u.Disabled {
			state = "disabled"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, describeRoles(ctx, db, u.Memberships), state, u.LastLoginAt)
	}
	return tw.Flush()
}

// userRole replaces a person's roles.
func userRole(ctx context.Context, e *env, db *store.DB, a userArgs) error {
	u, err := db.UserByEmail(ctx, a.email)
	if err != nil {
		return fmt.Errorf("%s: %w", a.email, err)
	}
	ms, err := memberships(ctx, db, a.roles)
	if err != nil {
		return err
	}
	if err := db.SetMemberships(ctx, u.ID, ms); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s now has %s\n", u.Email, describeRoles(ctx, db, ms))
	return nil
}

// userLink links a person to a single sign-on identity.
func userLink(ctx context.Context, e *env, db *store.DB, a userArgs) error {
	if strings.TrimSpace(a.issuer) == "" || strings.TrimSpace(a.subject) == "" {
		return errors.New("give --issuer and --subject")
	}
	u, err := db.UserByEmail(ctx, a.email)
	if err != nil {
		return fmt.Errorf("%s: %w", a.email, err)
	}
	if err := db.LinkOIDC(ctx, u.ID, strings.TrimSpace(a.issuer), strings.TrimSpace(a.subject)); errors.Is(err, store.ErrDuplicate) {
		return fmt.Errorf("that identity is linked to another person already")
	} else if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s signs in with %s at %s\n", u.Email, a.subject, a.issuer)
	return nil
}

// userDisable disables a person, or with --enable enables them again.
func userDisable(ctx context.Context, e *env, db *store.DB, a userArgs) error {
	u, err := db.UserByEmail(ctx, a.email)
	if err != nil {
		return fmt.Errorf("%s: %w", a.email, err)
	}
	if err := db.SetDisabled(ctx, u.ID, !a.enable); err != nil {
		return err
	}
	if a.enable {
		fmt.Fprintf(e.stdout, "%s is enabled\n", u.Email)
	} else {
		fmt.Fprintf(e.stdout, "%s is disabled; their sessions have ended and their API tokens are revoked\n", u.Email)
	}
	return nil
}

// userToken makes an API token for a person, as their account page does, for scripts and
// integrations set up by an operator (and for the load, soak and crash tools). It is printed
// once; only its hash is kept.
func userToken(ctx context.Context, e *env, db *store.DB, a userArgs) error {
	if strings.TrimSpace(a.name) == "" {
		return errors.New("give --name: what the token is for")
	}
	if a.scope != auth.ScopeRead && a.scope != auth.ScopeWrite {
		return fmt.Errorf("--scope must be %s or %s", auth.ScopeRead, auth.ScopeWrite)
	}
	if a.days < 1 || a.days > 730 {
		return errors.New("--days must be from 1 to 730")
	}
	u, err := db.UserByEmail(ctx, a.email)
	if err != nil {
		return fmt.Errorf("%s: %w", a.email, err)
	}
	if u.Disabled {
		return fmt.Errorf("%s is disabled", u.Email)
	}
	token := auth.NewToken("ks_")
	expires := time.Now().AddDate(0, 0, a.days)
	if _, err := db.CreateToken(ctx, u.ID, strings.TrimSpace(a.name), a.scope, auth.HashToken(token), expires); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, token)
	return nil
}

// describeRoles writes roles as the flags take them: "editor@101, admin".
func describeRoles(ctx context.Context, db *store.DB, ms []store.Membership) string {
	if len(ms) == 0 {
		return "no roles"
	}
	var out []string
	for _, m := range ms {
		if m.OrganisationID == 0 {
			out = append(out, m.Role)
			continue
		}
		code := fmt.Sprint(m.OrganisationID)
		if o, err := db.Get(ctx, model.Organisations, m.OrganisationID); err == nil {
			code = model.AsOrganisation(o).Code()
		}
		out = append(out, m.Role+"@"+code)
	}
	return strings.Join(out, ", ")
}

// actingUser is the person a command's changes are recorded under (--as): every change must
// be traceable to a person, also from the command line. Their roles decide what they may
// change, as on the web pages and in the API.
func actingUser(ctx context.Context, db *store.DB, email, channel string) (context.Context, *auth.Principal, error) {
	if strings.TrimSpace(email) == "" {
		return nil, nil, errors.New("give --as EMAIL (or KLIMASPOR_USER): every change is recorded under the person who makes it")
	}
	u, err := db.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, fmt.Errorf("%s has no account (klimaspor user add --email %s --role …)", email, email)
	}
	if err != nil {
		return nil, nil, err
	}
	if u.Disabled {
		return nil, nil, fmt.Errorf("%s is disabled", email)
	}
	p := &auth.Principal{User: u}
	return store.WithActor(ctx, store.Actor{UserID: u.ID, Channel: channel, Guard: auth.Guard(p)}), p, nil
}
