package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"klimaspor/internal/klimaregnskab"
	"klimaspor/internal/store"
)

// runKlimaregnskab reads the Energy Agency's energy and CO2 accounts from its JSON API into
// a new release, beside the releases stored before (internal/klimaregnskab).
func runKlimaregnskab(ctx context.Context, e *env, args []string) error {
	var cfg Config
	var years, name string
	fs := e.flags("klimaregnskab", "", "Read the Danish Energy Agency's energy and CO2 accounts (Energi- og CO2-regnskabet) of every stored\n"+
		"municipality from its API and store them as a new release, beside the earlier ones. All or nothing:\n"+
		"any failed answer stores nothing. The API's address and key come from KLIMASPOR_KLIMAREGNSKAB_URL\n"+
		"(default "+klimaregnskab.DefaultURL+") and KLIMASPOR_KLIMAREGNSKAB_KEY.", &cfg, false)
	fs.StringVar(&years, "years", "", "the years to read: 2018-2023, or 2022,2023")
	fs.StringVar(&name, "name", "", "the release's name (default: Energi- og CO2-regnskabet FIRST–LAST)")
	as := fs.String("as", e.getenv("KLIMASPOR_USER"), "the email of the person the release is recorded under: the secretariat or an administrator (KLIMASPOR_USER)")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) != 0 {
		fs.Usage()
		return errUsage
	}
	ys, err := parseYears(years)
	if err != nil {
		return err
	}
	if name == "" {
		name = fmt.Sprintf("Energi- og CO2-regnskabet %d–%d", ys[0], ys[len(ys)-1])
	}
	client, err := klimaregnskab.New(klimaregnskab.ConfigFromEnv(e.getenv), nil)
	if err != nil {
		return err
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, _, err = actingUser(ctx, db, *as, store.ChannelImport)
	if err != nil {
		return err
	}
	start := time.Now()
	rel, err := client.Import(ctx, db, name, ys, time.Now())
	if err != nil {
		return fmt.Errorf("nothing was stored: %w", err)
	}
	fmt.Fprintf(e.stdout, "stored release %d %q (vintage %s) in %.1fs\n", rel.ID, rel.Name, rel.Vintage, time.Since(start).Seconds())
	return nil
}

// parseYears reads "2018-2023" or "2022,2023" into years in the order given, at most 50.
func parseYears(s string) ([]int, error) {
	bad := fmt.Errorf("give --years as FIRST-LAST (2018-2023) or a list (2022,2023), not %q", s)
	year := func(t string) (int, error) {
		y, err := strconv.Atoi(strings.TrimSpace(t))
		if err != nil || y < 1990 || y > 2100 {
			return 0, bad
		}
		return y, nil
	}
	var out []int
	if first, last, ok := strings.Cut(s, "-"); ok {
		a, err1 := year(first)
		b, err2 := year(last)
		if err1 != nil || err2 != nil || b < a || b-a >= 50 {
			return nil, bad
		}
		for y := a; y <= b; y++ {
			out = append(out, y)
		}
		return out, nil
	}
	for _, t := range strings.Split(s, ",") {
		y, err := year(t)
		if err != nil {
			return nil, bad
		}
		out = append(out, y)
	}
	if len(out) > 50 {
		return nil, bad
	}
	return out, nil
}
