package reporting

import (
	"fmt"
	"time"
)

// Reminders. A report that is still to be given (not started, a draft, or returned) gets a
// reminder to its project's leads at each of the round's reminder days before the
// deadline, and one when it is overdue; the secretariat gets a weekly digest of what is
// missing while a round is open and for four weeks after its deadline. Due decides what
// is due on a day, from the round and its reports alone; the sender claims each reminder
// by its Key before sending it (a unique key in the store), so a restart or a second app
// server never sends one twice.

// ReminderRound is what Due needs of a round.
type ReminderRound struct {
	ID       int64
	OpensOn  string // YYYY-MM-DD
	Deadline string // YYYY-MM-DD
	Days     []int  // days before the deadline, any order (model.ReportingRound.Reminders)
}

// ReminderReport is what Due needs of a report.
type ReminderReport struct {
	ID        int64
	ProjectID int64
	State     State
}

// Reminder kinds.
const (
	ReminderBefore  = "before"  // Days before the deadline
	ReminderOverdue = "overdue" // the deadline has passed
	ReminderDigest  = "digest"  // the secretariat's weekly digest
)

// Reminder is one reminder due.
type Reminder struct {
	Kind     string
	Days     int   // for ReminderBefore
	ReportID int64 // 0 for a digest
	// Key names the reminder once and for all: the sender adds the receiver and claims it.
	Key string
	// Missing are the reports still to be given, for a digest.
	Missing []int64
}

// Outstanding reports whether a report in the state is still to be given.
func Outstanding(s State) bool { return s == NotStarted || s == Draft || s == Returned }

// digestWeeks is how long after the deadline the secretariat's digest goes on.
const digestWeeks = 4

// Due lists the reminders due on day today (YYYY-MM-DD) for a round: for each outstanding
// report, the reminder of the nearest reminder day reached (only that one: a server that
// was down on the 14th day before does not send it late beside the 3rd day's), or the
// overdue one after the deadline (within the four weeks the digest goes on: a round long
// past is not chased when a server first starts); and the week's digest while reports are
// missing. A round that has not opened has none.
func Due(r ReminderRound, reports []ReminderReport, today string) ([]Reminder, error) {
	day, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return nil, fmt.Errorf("reporting: today %q: %w", today, err)
	}
	opens, err := time.Parse(time.DateOnly, r.OpensOn)
	if err != nil {
		return nil, fmt.Errorf("reporting: round %d opens %q: %w", r.ID, r.OpensOn, err)
	}
	deadline, err := time.Parse(time.DateOnly, r.Deadline)
	if err != nil {
		return nil, fmt.Errorf("reporting: round %d deadline %q: %w", r.ID, r.Deadline, err)
	}
	if day.Before(opens) {
		return nil, nil
	}
	left := int(deadline.Sub(day).Hours() / 24) // whole days: both are midnight UTC
	nearest := -1
	for _, d := range r.Days {
		if d >= left && left >= 0 && (nearest < 0 || d < nearest) {
			nearest = d
		}
	}
	var out []Reminder
	var missing []int64
	for _, rep := range reports {
		if !Outstanding(rep.State) {
			continue
		}
		missing = append(missing, rep.ID)
		switch {
		case left < 0 && day.After(deadline.AddDate(0, 0, 7*digestWeeks)):
			// Long past: a server started on an old round does not chase it now.
		case left < 0:
			out = append(out, Reminder{Kind: ReminderOverdue, ReportID: rep.ID,
				Key: fmt.Sprintf("round:%d:report:%d:overdue", r.ID, rep.ID)})
		case nearest >= 0:
			out = append(out, Reminder{Kind: ReminderBefore, Days: nearest, ReportID: rep.ID,
				Key: fmt.Sprintf("round:%d:report:%d:before:%d", r.ID, rep.ID, nearest)})
		}
	}
	if len(missing) > 0 && !day.After(deadline.AddDate(0, 0, 7*digestWeeks)) {
		year, week := day.ISOWeek()
		out = append(out, Reminder{Kind: ReminderDigest, Missing: missing,
			Key: fmt.Sprintf("round:%d:digest:%d-W%02d", r.ID, year, week)})
	}
	return out, nil
}
