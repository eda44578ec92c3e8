package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/mail/mailtest"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// TestReminderSettings: reminders are on unless KLIMASPOR_REMINDERS says off; they look every
// hour unless KLIMASPOR_REMINDER_INTERVAL gives a duration of at least a second; anything
// else stops the start.
func TestReminderSettings(t *testing.T) {
	for _, c := range []struct {
		on, interval string
		wantOn       bool
		wantEvery    time.Duration
		wantErr      bool
	}{
		{wantOn: true, wantEvery: time.Hour},
		{on: "off", wantOn: false, wantEvery: time.Hour},
		{on: "OFF", wantOn: false, wantEvery: time.Hour},
		{on: "on", interval: "15m", wantOn: true, wantEvery: 15 * time.Minute},
		{on: "sometimes", wantErr: true},
		{interval: "hourly", wantErr: true},
		{interval: "10ms", wantErr: true},
		{interval: "-1h", wantErr: true},
	} {
		vars := map[string]string{"KLIMASPOR_REMINDERS": c.on, "KLIMASPOR_REMINDER_INTERVAL": c.interval}
		on, every, err := reminderSettings(func(k string) string { return vars[k] })
		if (err != nil) != c.wantErr || (err == nil && (on != c.wantOn || every != c.wantEvery)) {
			t.Errorf("%q %q: %v %v %v, want %v %v (error %v)", c.on, c.interval, on, every, err, c.wantOn, c.wantEvery, c.wantErr)
		}
	}
}

// TestServeSendsReminders: serve with mail sends the secretariat the digest of an open
// round's missing report at start; with KLIMASPOR_REMINDERS=off it sends none.
func TestServeSendsReminders(t *testing.T) {
	for _, c := range []struct {
		name, reminders string
		want            int
	}{{"on", "", 1}, {"off", "off", 0}} {
		t.Run(c.name, func(t *testing.T) {
			dbPath := filepath.Join(t.TempDir(), "k.db")
			ctx := context.Background()
			db, err := open(ctx, Config{DBPath: dbPath})
			if err != nil {
				t.Fatal(err)
			}
			prog, err := db.Create(ctx, model.Programmes, model.Record{"code": "VIP", "name_da": "VIP"})
			if err == nil {
				_, err = db.Create(ctx, model.Projects, model.Record{"programme_id": prog.ID(), "code": "VIP1", "name_da": "Madspild"})
			}
			if err == nil {
				today := time.Now()
				_, err = db.Create(ctx, model.ReportingRounds, model.Record{"programme_id": prog.ID(), "name_da": "Runden", "kind": "regular",
					"opens_on": today.AddDate(0, 0, -2).Format(time.DateOnly), "deadline": today.AddDate(0, 1, 0).Format(time.DateOnly)})
			}
			if err == nil {
				_, err = db.CreateUser(ctx, store.User{Email: "sek@vip.dk", Memberships: []store.Membership{{Role: "secretariat"}}})
			}
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			ms := mailtest.Start(t)
			vars := smtpEnv(ms)
			vars["KLIMASPOR_BASE_URL"] = "https://klimaspor.example.dk"
			vars["KLIMASPOR_REMINDERS"] = c.reminders
			_, stop := startServing(t, vars, "serve", "--addr", "127.0.0.1:0", "--db", dbPath)
			if c.want > 0 {
				m := ms.WaitFor(t, 1, 10*time.Second)[0]
				if m.To[0] != "sek@vip.dk" || !strings.Contains(m.Body, "- VIP1 Madspild: Ikke påbegyndt") || !strings.Contains(m.Body, "https://klimaspor.example.dk/rapportering/runder/") {
					t.Errorf("the digest to %v:\n%s", m.To, m.Body)
				}
			} else {
				time.Sleep(500 * time.Millisecond)
			}
			logs := stop()
			if n := len(ms.Messages()); n != c.want {
				t.Errorf("%d mails sent, want %d", n, c.want)
			}
			if logged := strings.Contains(logs, `"msg":"remind: sent","key":"round:`); logged != (c.want > 0) {
				t.Errorf("the send is logged: %v; log:\n%s", logged, logs)
			}
			if said := strings.Contains(logs, "reporting reminders are off"); said != (c.reminders == "off") {
				t.Errorf("the start says the reminders are off: %v; log:\n%s", said, logs)
			}
		})
	}
}
