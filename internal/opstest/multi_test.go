package opstest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"klimaspor/internal/demo"
	"klimaspor/internal/mail/mailtest"
)

// backendHeader chooses the app server a request through the test's proxy goes to: "a" or
// "b"; without it the proxy takes turns.
const backendHeader = "X-Opstest-Backend"

// proxy is a reverse proxy on loopback in front of the servers, as a load balancer would be.
func proxy(t *testing.T, servers map[string]*server) string {
	var turn atomic.Int64
	names := []string{"a", "b"}
	targets := map[string]*url.URL{}
	for name, s := range servers {
		u, err := url.Parse(s.URL)
		if err != nil {
			t.Fatal(err)
		}
		targets[name] = u
	}
	rp := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		name := r.In.Header.Get(backendHeader)
		if targets[name] == nil {
			name = names[turn.Add(1)%2]
		}
		r.SetURL(targets[name])
		r.Out.Host = r.In.Host
	}}
	ps := httptest.NewServer(rp)
	t.Cleanup(ps.Close)
	return ps.URL
}

// TestSeveralServers runs two `klimaspor serve` processes on one PostgreSQL database behind
// a reverse proxy: a session made on one works on the other and ends on both, the sign-in
// limit counts the attempts on both, neither cache (the API's answers, the pages) serves
// data older than a write made through the other server, and the reporting reminders,
// which both servers look for every second, are each mailed once.
func TestSeveralServers(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo data and runs three servers; not with -short")
	}
	tg := newTarget(t, "postgres")
	env := tg.env()
	// The demo data, loaded by `klimaspor demo`, which is stopped once it serves: the two
	// app servers are plain `serve`.
	loader := start(t, "demo", env, "demo")
	loader.stop()
	out := run(t, env, "", "user", "token", "--email", "admin@demo.klimaspor.dk", "--name", "opstest", "--scope", "write")
	token := strings.TrimSpace(out)
	ms := mailtest.Start(t)
	serveEnv := append(env, "KLIMASPOR_SMTP_HOST="+ms.Host(), "KLIMASPOR_SMTP_PORT="+strconv.Itoa(ms.Port()),
		"KLIMASPOR_SMTP_FROM=noreply@klimaspor.test", "KLIMASPOR_SMTP_TLS=none",
		"KLIMASPOR_BASE_URL=https://klimaspor.example.dk", "KLIMASPOR_REMINDER_INTERVAL=1s",
		"KLIMASPOR_API_CACHE_MB=64", "KLIMASPOR_WEB_CACHE_MB=32") // both caches on, as by default
	servers := map[string]*server{"a": start(t, "server a", serveEnv, "serve"), "b": start(t, "server b", serveEnv, "serve")}
	base := proxy(t, servers)

	t.Run("session", func(t *testing.T) {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		form := url.Values{"email": {"redaktoer.kbh@demo.klimaspor.dk"}, "password": {demo.Password}}
		resp := send(t, c, "a", "POST", base+"/log-ind", form)
		if resp.status != http.StatusSeeOther {
			t.Fatalf("signing in on a answered %d", resp.status)
		}
		resp = send(t, c, "b", "GET", base+"/konto", nil)
		if resp.status != http.StatusOK || !strings.Contains(resp.body, "redaktoer.kbh@demo.klimaspor.dk") {
			t.Fatalf("the account page on b answered %d without the account's address", resp.status)
		}
		csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(resp.body)
		if csrf == nil {
			t.Fatal("the account page on b has no form token")
		}
		// Signing out on b, with the form token the session has on b, ends it on a too.
		if resp := send(t, c, "b", "POST", base+"/log-ud", url.Values{"csrf": {csrf[1]}}); resp.status != http.StatusSeeOther {
			t.Fatalf("signing out on b answered %d", resp.status)
		}
		if resp := send(t, c, "a", "GET", base+"/konto", nil); resp.status != http.StatusSeeOther {
			t.Errorf("after signing out on b, the account page on a answered %d, want 303 to the sign-in", resp.status)
		}
	})

	t.Run("sign-in limit", func(t *testing.T) {
		// The limit per client address (30 attempts in 15 minutes; the proxy is the client
		// here) is counted in the database: 16 wrong attempts on each server are refused at
		// the 31st in all, where neither server alone has seen 30. The session test's
		// sign-in counted one already. Each attempt names another address, so the slowdown
		// per account plays no part.
		seen := map[string]int{"a": 0, "b": 0}
		for i := 0; ; i++ {
			name := []string{"a", "b"}[i%2]
			form := url.Values{"email": {fmt.Sprintf("nobody%d@ops.test", i)}, "password": {"wrong password"}}
			resp := send(t, http.DefaultClient, name, "POST", base+"/log-ind", form)
			seen[name]++
			if resp.status == http.StatusTooManyRequests {
				if total := seen["a"] + seen["b"] + 1; total != 31 {
					t.Errorf("the limit refused attempt %d in all (a %d, b %d), want the 31st", total, seen["a"], seen["b"])
				}
				break
			}
			if resp.status != http.StatusUnauthorized {
				t.Fatalf("a wrong password on %s answered %d", name, resp.status)
			}
			if i > 40 {
				t.Fatalf("no attempt was refused: a saw %d, b %d; the servers do not share the limit", seen["a"], seen["b"])
			}
		}
	})

	t.Run("caches", func(t *testing.T) {
		api := client{base: base, http: http.DefaultClient}
		var list struct {
			Items []struct {
				ID      int64  `json:"id"`
				Version int64  `json:"version"`
				Title   string `json:"title"`
			} `json:"items"`
		}
		getJSON(t, "b", base+"/api/v1/actions?limit=1", &list)
		if len(list.Items) == 0 {
			t.Fatal("the demo has no published action")
		}
		act := list.Items[0]
		path := fmt.Sprintf("/api/v1/actions/%d", act.ID)
		page := fmt.Sprintf("%s/indsatser/%d", base, act.ID)
		// Read twice on b: the second answer comes from b's caches.
		for range 2 {
			var got struct{ Title string }
			getJSON(t, "b", base+path, &got)
			if got.Title != act.Title {
				t.Fatalf("b's API gives the title %q, want %q", got.Title, act.Title)
			}
			if resp := send(t, http.DefaultClient, "b", "GET", page, nil); !strings.Contains(resp.body, htmlText(act.Title)) {
				t.Fatalf("b's page of the action lacks its title %q", act.Title)
			}
		}
		title := "Opstest: rettet gennem server a"
		api.token = token
		status, body, err := api.do(withBackend("a"), "PATCH", path, fmt.Sprintf(`{"version":%d,"title":%q}`, act.Version, title))
		if err != nil || status != http.StatusOK {
			t.Fatalf("PATCH on a: %d %s %v", status, body, err)
		}
		var got struct{ Title string }
		getJSON(t, "b", base+path, &got)
		if got.Title != title {
			t.Errorf("after the write on a, b's API gives the title %q, want %q", got.Title, title)
		}
		if resp := send(t, http.DefaultClient, "b", "GET", page, nil); !strings.Contains(resp.body, title) {
			t.Errorf("after the write on a, b's page of the action lacks the new title %q", title)
		}
	})

	t.Run("reminders once", func(t *testing.T) {
		// The demo's open round has reports not started: the secretariat's digest and the
		// leads' reminders are due. Both servers look every second; let them look a few
		// times, then count.
		first := len(ms.WaitFor(t, 1, time.Minute))
		// A round made now, while both servers run, whose deadline passed yesterday: each
		// report's leads get an overdue reminder and the secretariat a digest, found by
		// whichever server looks first.
		var progs struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		getJSON(t, "a", base+"/api/v1/programmes", &progs)
		api := client{base: base, token: token, http: http.DefaultClient}
		today := time.Now().UTC()
		status, body, err := api.do(withBackend("a"), "POST", "/api/v1/reporting-rounds", fmt.Sprintf(
			`{"programme_id":%d,"name_da":"Opstest-runden","kind":"regular","opens_on":%q,"deadline":%q}`,
			progs.Items[0].ID, today.AddDate(0, 0, -10).Format(time.DateOnly), today.AddDate(0, 0, -1).Format(time.DateOnly)))
		if err != nil || status != http.StatusCreated {
			t.Fatalf("making a round on a: %d %s %v", status, body, err)
		}
		ms.WaitFor(t, first+2, time.Minute)
		time.Sleep(4 * time.Second)
		for _, s := range servers {
			s.stop()
		}
		mails := ms.Messages()
		db := tg.open(t)
		sent := count(t, db, "SELECT count(*) FROM report_reminders WHERE state = 'sent'")
		claimed := count(t, db, "SELECT count(*) FROM report_reminders")
		if len(mails) != sent || sent != claimed {
			t.Errorf("%d mails were sent for %d reminders recorded as sent (%d claimed): each reminder must go once", len(mails), sent, claimed)
		}
		// A reminder that went twice is the same mail twice.
		seen := map[string]bool{}
		for _, m := range mails {
			k := strings.Join(m.To, ",") + "\n" + m.Header.Get("Subject") + "\n" + m.Body
			if seen[k] {
				t.Errorf("mailed twice to %v: %q", m.To, m.Header.Get("Subject"))
			}
			seen[k] = true
		}
		t.Logf("%d reminders mailed, %d of them after the round was made while both servers ran", len(mails), len(mails)-first)
	})
}

// TestServersStartTogether: two `serve` processes started at once on an empty PostgreSQL
// database both come up, one migrating under the advisory lock while the other waits, and
// leave the database at the newest migration.
func TestServersStartTogether(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two servers; not with -short")
	}
	tg := newTarget(t, "postgres")
	a := launch(t, "server a", tg.env(), "serve")
	b := launch(t, "server b", tg.env(), "serve")
	a.waitReady()
	b.waitReady()
	db := tg.open(t)
	versions := count(t, db, "SELECT count(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0")
	rows := count(t, db, "SELECT count(*) FROM goose_db_version WHERE version_id > 0")
	if versions != rows {
		t.Errorf("goose recorded %d migrations for %d versions: one ran twice", rows, versions)
	}
	out := run(t, tg.env(), "", "migrate")
	if strings.Contains(out, " pending ") {
		t.Errorf("after both servers started, a migration is still pending:\n%s", out)
	}
	for _, s := range []*server{a, b} {
		if resp, err := http.Get(s.URL + "/api/v1/organisations"); err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("%s does not answer the API: %v %v", s.name, resp, err)
		} else {
			resp.Body.Close()
		}
	}
}

type answer struct {
	status int
	body   string
}

// send sends a request through the proxy to the backend named, a form when form is given.
func send(t *testing.T, c *http.Client, backend, method, u string, form url.Values) answer {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(backendHeader, backend)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s on %s: %v", method, u, backend, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, string(b)}
}

// getJSON reads an API answer through the proxy from the backend named.
func getJSON(t *testing.T, backend, u string, v any) {
	t.Helper()
	resp := send(t, http.DefaultClient, backend, "GET", u, nil)
	if resp.status != http.StatusOK {
		t.Fatalf("GET %s on %s: %d %s", u, backend, resp.status, resp.body)
	}
	if err := json.Unmarshal([]byte(resp.body), v); err != nil {
		t.Fatal(err)
	}
}

// withBackend is a context whose API requests (client.do) go to the backend named.
func withBackend(name string) context.Context {
	return context.WithValue(context.Background(), backendKey{}, name)
}

type backendKey struct{}

// htmlText is s as html/template writes it in text.
func htmlText(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}
