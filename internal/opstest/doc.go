// Package opstest tests Klimaspor as an operator runs it: the built binary as separate
// processes. Its tests start several `klimaspor serve` processes on one PostgreSQL database
// behind a reverse proxy (sessions, rate limits, caches and scheduled jobs shared through the
// database), and kill the program with SIGKILL in the middle of imports, a migration and a
// burst of edits to show that the databases stay whole and every acknowledged write stays
// (DECISIONS.md 72; scripts/crash.sh runs the crash harness with more trials).
package opstest
