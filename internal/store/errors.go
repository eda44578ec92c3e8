package store

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"klimaspor/internal/model"
)

// ErrNotFound is returned when no record has the id asked for.
var ErrNotFound = errors.New("not found")

// ConflictError is an update or delete that carried a stale version: someone else saved
// first. Current is the record as it is now, so the user can compare.
type ConflictError struct {
	Resource string
	ID       int64
	Given    int64
	Current  model.Record
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s %d was changed by someone else (you sent version %d, it is now at version %v)",
		e.Resource, e.ID, e.Given, e.Current["version"])
}

// InUseError is a delete refused because other records refer to the record.
type InUseError struct {
	Resource string
	ID       int64
}

func (e *InUseError) Error() string {
	return fmt.Sprintf("%s %d is still referred to by other records; delete or move those first", e.Resource, e.ID)
}

var (
	sqliteUnique = regexp.MustCompile(`UNIQUE constraint failed: ([\w., ]+)`)
	pgKey        = regexp.MustCompile(`Key \(([^)]+)\)`)
)

// translate turns an engine's constraint error into our error types, so that the API can
// name the offending field. Other errors pass through.
func translate(res *model.Resource, id int64, err error) error {
	if err == nil {
		return nil
	}
	var cols []string
	unique, fk := false, false
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505":
			unique = true
			if m := pgKey.FindStringSubmatch(pgErr.Detail); m != nil {
				cols = strings.Split(m[1], ", ")
			}
		case "23503":
			fk = true
		case "23514":
			return &model.ValidationError{Errors: []model.FieldError{{Field: "", Code: model.CodeRule, Message: "the record breaks a rule of the database: " + pgErr.ConstraintName}}}
		}
	} else {
		msg := err.Error()
		switch {
		case strings.Contains(msg, "UNIQUE constraint failed"):
			unique = true
			if m := sqliteUnique.FindStringSubmatch(msg); m != nil {
				for _, c := range strings.Split(m[1], ",") {
					c = strings.TrimSpace(c)
					if i := strings.LastIndex(c, "."); i >= 0 {
						c = c[i+1:]
					}
					cols = append(cols, c)
				}
			}
		case strings.Contains(msg, "FOREIGN KEY constraint failed"):
			fk = true
		case strings.Contains(msg, "CHECK constraint failed"):
			return &model.ValidationError{Errors: []model.FieldError{{Code: model.CodeRule, Message: "the record breaks a rule of the database"}}}
		}
	}
	switch {
	case unique:
		field := ""
		if len(cols) > 0 {
			field = cols[len(cols)-1]
		}
		if f := hooks[res].duplicateField; f != "" {
			field = f
		}
		return &model.ValidationError{Errors: []model.FieldError{{Field: field, Code: model.CodeDuplicate,
			Message: fmt.Sprintf("another %s already has this %s", res.Singular, strings.Join(cols, " and "))}}}
	case fk:
		return &InUseError{Resource: res.Singular, ID: id}
	}
	return err
}

// isUnique reports whether err is a unique-constraint violation on either engine.
func isUnique(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}
