// Package remind sends status reporting's reminders (C5): to the project leads of each
// report still to be given, at the round's reminder days before the deadline and once it is
// overdue, and a weekly digest of what is missing to the secretariat. What is due on a day
// is reporting.Due's rule; this package reads the day's work from the store, claims each
// mail for its receiver before sending it (store.ClaimReminder: a unique key, so a restart
// or a second app server never sends it again), sends it in the receiver's language and
// records how it went.
package remind

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"klimaspor/internal/i18n"
	"klimaspor/internal/mail"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store"
)

// Sender sends the reminders due. Its zero Clock is time.Now, its zero Log slog.Default().
type Sender struct {
	DB      *store.DB
	Mail    mail.Sender
	BaseURL string // the site's address, without a trailing slash, for the links
	Clock   func() time.Time
	Log     *slog.Logger
}

// copenhagen is the zone the days are counted in: a deadline is a Danish day. Without the
// zone database the days are UTC's, at most two hours off, and Run says so.
var copenhagen, zoneErr = time.LoadLocation("Europe/Copenhagen")

func init() {
	if zoneErr != nil {
		copenhagen = time.UTC
	}
}

func (s *Sender) log() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

// today is the day it is in Copenhagen, YYYY-MM-DD.
func (s *Sender) today() string {
	now := time.Now
	if s.Clock != nil {
		now = s.Clock
	}
	return now().In(copenhagen).Format(time.DateOnly)
}

// Run sends the reminders due when it starts and then every interval, until ctx ends. An
// error is logged and the next run tries again.
func (s *Sender) Run(ctx context.Context, every time.Duration) {
	if zoneErr != nil {
		s.log().Warn("remind: no time zone database: days are counted in UTC, not Europe/Copenhagen", "err", zoneErr)
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.RunOnce(ctx); err != nil && ctx.Err() == nil {
			s.log().ErrorContext(ctx, "remind: run", "sent", n, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce sends the reminders due today that nobody has claimed yet, and says how many it
// sent. A failed send is recorded as failed and logged, not returned: err is for what keeps
// the run from doing its work (the database).
func (s *Sender) RunOnce(ctx context.Context) (sent int, err error) {
	today := s.today()
	work, err := s.DB.ReminderWork(ctx, today)
	if err != nil {
		return 0, fmt.Errorf("remind: %w", err)
	}
	var errs []error
	for _, round := range work.Rounds {
		rr := reporting.ReminderRound{ID: round.ID, OpensOn: round.OpensOn, Deadline: round.Deadline, Days: round.Days}
		reports := make([]reporting.ReminderReport, len(round.Reports))
		byID := map[int64]store.ReminderReport{}
		for i, r := range round.Reports {
			reports[i] = reporting.ReminderReport{ID: r.ID, ProjectID: r.ProjectID, State: reporting.State(r.State)}
			byID[r.ID] = r
		}
		due, err := reporting.Due(rr, reports, today)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, rem := range due {
			receivers := work.Secretariat
			if rem.Kind != reporting.ReminderDigest {
				receivers = byID[rem.ReportID].Leads
			}
			for _, to := range receivers {
				if ctx.Err() != nil {
					return sent, ctx.Err() // stopping: claim nothing more
				}
				ok, err := s.send(ctx, round, byID, rem, to)
				if err != nil {
					errs = append(errs, err)
				}
				if ok {
					sent++
				}
			}
		}
	}
	return sent, errors.Join(errs...)
}

// send claims one reminder for one receiver and, when this sender has it, sends it and
// records the result. It reports whether the mail went.
func (s *Sender) send(ctx context.Context, round store.ReminderRound, reports map[int64]store.ReminderReport, rem reporting.Reminder, to store.Receiver) (bool, error) {
	claim := store.ReminderClaim{Key: rem.Key + ":to:" + strconv.FormatInt(to.UserID, 10), RoundID: round.ID,
		ReportID: rem.ReportID, UserID: to.UserID, Email: to.Email, Kind: rem.Kind}
	id, ok, err := s.DB.ClaimReminder(ctx, claim)
	if err != nil || !ok {
		return false, err
	}
	// A claimed mail is sent and recorded even when the server is stopping meanwhile (the
	// mail sender's own timeout bounds it): cut off halfway, it might arrive yet be
	// recorded as failed.
	ctx = context.WithoutCancel(ctx)
	msg := s.message(round, reports, rem, to)
	sendErr := s.Mail.Send(ctx, msg)
	log := s.log().With("key", claim.Key, "kind", rem.Kind, "round", round.ID, "report", rem.ReportID, "user", to.UserID)
	if sendErr != nil {
		log.WarnContext(ctx, "remind: send failed", "err", sendErr)
	} else {
		log.InfoContext(ctx, "remind: sent")
	}
	if err := s.DB.FinishReminder(ctx, id, sendErr); err != nil {
		return sendErr == nil, err
	}
	return sendErr == nil, nil
}

// langOf is the language a receiver reads: their own, else Danish.
func langOf(r store.Receiver) i18n.Lang {
	l, _ := i18n.ParseLang(r.Language) // Danish when it does not read
	return l
}

// pick is the English text for English readers where there is one, else the Danish.
func pick(lang i18n.Lang, da, en string) string {
	if lang == i18n.English && en != "" {
		return en
	}
	return da
}

// message writes a reminder to one receiver in their language.
func (s *Sender) message(round store.ReminderRound, reports map[int64]store.ReminderReport, rem reporting.Reminder, to store.Receiver) mail.Message {
	lang := langOf(to)
	name := to.Name
	if name == "" {
		name = to.Email
	}
	roundName := pick(lang, round.NameDA, round.NameEN)
	deadline := round.Deadline
	if d, err := time.Parse(time.DateOnly, round.Deadline); err == nil {
		deadline = i18n.FormatDate(lang, d)
	}
	addr := mail.Message{To: to.Email}
	if rem.Kind == reporting.ReminderDigest {
		var list strings.Builder
		for _, id := range rem.Missing {
			r := reports[id]
			fmt.Fprintf(&list, "- %s %s: %s\n", r.ProjectCode, pick(lang, r.ProjectNameDA, r.ProjectNameEN), i18n.T(lang, "report_state."+r.State))
		}
		link := s.BaseURL + "/rapportering/runder/" + strconv.FormatInt(round.ID, 10)
		addr.Subject = i18n.T(lang, "remind.digest.subject", len(rem.Missing), roundName)
		addr.Body = i18n.T(lang, "remind.digest.body", name, roundName, deadline, list.String(), link) + "\n"
		return addr
	}
	r := reports[rem.ReportID]
	project := r.ProjectCode + " " + pick(lang, r.ProjectNameDA, r.ProjectNameEN)
	link := s.BaseURL + "/rapportering/rapporter/" + strconv.FormatInt(r.ID, 10)
	state := i18n.T(lang, "report_state."+r.State)
	kind := "remind.before"
	if rem.Kind == reporting.ReminderOverdue {
		kind = "remind.overdue"
	}
	addr.Subject = i18n.T(lang, kind+".subject", project, deadline)
	addr.Body = i18n.T(lang, kind+".body", name, project, roundName, deadline, state, link) + "\n"
	return addr
}
