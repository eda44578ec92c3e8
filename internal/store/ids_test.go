package store_test

import (
	"context"
	"testing"
	"time"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestDeletedIDsAreNeverReused: the audit trail and the history pages name a record by its
// resource and id, so a record created after another was deleted must get a new id, or it
// would show the deleted record's history as its own.
func TestDeletedIDsAreNeverReused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		mk := creator(t, db)
		prog := mk(model.Programmes, model.Record{"code": "VIP", "name_da": "VIP"}).ID()
		proj := mk(model.Projects, model.Record{"code": "VIP1", "name_da": "VIP1", "programme_id": prog}).ID()
		ind := mk(model.Indicators, model.Record{"code": "co2", "name_da": "CO2", "unit": "t", "direction": "lower", "owner_plan_id": f.plan}).ID()
		orgs := []int64{f.kbh, f.alb}
		for _, c := range []struct {
			res *model.Resource
			rec func(n int) model.Record // the n-th record (0 or 1) of the resource
		}{
			{model.Organisations, func(n int) model.Record {
				return model.Record{"kind": "other", "code": []string{"X1", "X2"}[n], "name_da": "X"}
			}},
			{model.Themes, func(n int) model.Record { return model.Record{"code": []string{"t1", "t2"}[n], "name_da": "T"} }},
			{model.Programmes, func(n int) model.Record { return model.Record{"code": []string{"P1", "P2"}[n], "name_da": "P"} }},
			{model.Projects, func(n int) model.Record {
				return model.Record{"code": []string{"J1", "J2"}[n], "name_da": "J", "programme_id": prog}
			}},
			{model.Participants, func(n int) model.Record {
				return model.Record{"project_id": proj, "organisation_id": orgs[n], "role": "member"}
			}},
			{model.Plans, func(n int) model.Record {
				return model.Record{"code": []string{"KP1", "KP2"}[n], "organisation_id": f.kbh, "kind": "strategy", "title": "Udkast", "status": "draft"}
			}},
			{model.Goals, func(n int) model.Record { return model.Record{"plan_id": f.plan, "text_da": "Mål"} }},
			{model.Actions, func(n int) model.Record {
				return model.Record{"plan_id": f.plan, "title": []string{"Kladde", "Ny indsats"}[n], "sector": "energy", "organisation_id": f.kbh, "status": "planned"}
			}},
			{model.Indicators, func(n int) model.Record {
				return model.Record{"code": []string{"i1", "i2"}[n], "name_da": "I", "unit": "t", "direction": "lower", "owner_plan_id": f.plan}
			}},
			{model.IndicatorValues, func(n int) model.Record {
				return model.Record{"indicator_id": ind, "organisation_id": f.kbh, "period": []string{"2020", "2021"}[n], "value": 1.0}
			}},
		} {
			deleted := mk(c.res, c.rec(0))
			if err := db.Delete(ctx, c.res, deleted.ID(), 0); err != nil {
				t.Fatalf("delete %s %d: %v", c.res.Name, deleted.ID(), err)
			}
			next := mk(c.res, c.rec(1))
			if next.ID() <= deleted.ID() {
				t.Errorf("%s: a new record got id %d after %d was deleted", c.res.Name, next.ID(), deleted.ID())
			}
			hist, err := db.Audit(ctx, store.AuditQuery{Resource: c.res.Name, RecordID: next.ID()})
			if err != nil {
				t.Fatal(err)
			}
			if len(hist) != 1 || hist[0].Op != "create" {
				t.Errorf("%s %d: history has %d entries, want its own create only", c.res.Name, next.ID(), len(hist))
			}
		}

		// Accounts: a person's tokens and roles go when the person is deleted.
		u1, err := db.CreateUser(ctx, store.User{Email: "a@example.dk", Memberships: []store.Membership{{Role: "editor", OrganisationID: f.kbh}}})
		if err != nil {
			t.Fatal(err)
		}
		tok1, err := db.CreateToken(ctx, u1.ID, "laptop", "read", "hash1", time.Now().AddDate(1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteUser(ctx, u1.ID, "slettet-1"); err != nil {
			t.Fatal(err)
		}
		u2, err := db.CreateUser(ctx, store.User{Email: "b@example.dk"})
		if err != nil {
			t.Fatal(err)
		}
		tok2, err := db.CreateToken(ctx, u2.ID, "laptop", "read", "hash2", time.Now().AddDate(1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		if tok2.ID <= tok1.ID {
			t.Errorf("api token: a new token got id %d after %d was deleted", tok2.ID, tok1.ID)
		}
	})
}

// TestEveryIDComesFromASequenceThatNeverGoesBack keeps the rule for tables added later: on
// SQLite every table with an INTEGER PRIMARY KEY id has AUTOINCREMENT, on PostgreSQL every
// id is an identity column (or has a sequence as its default). data_version, one row with
// id 1, is the exception, and so is search_meta, the same; the shadow tables SQLite keeps for
// an FTS5 index (search_fts_<type>_data, …) are SQLite's own.
func TestEveryIDComesFromASequenceThatNeverGoesBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := `SELECT m.name, m.sql LIKE '%AUTOINCREMENT%' FROM sqlite_master m, pragma_table_info(m.name) c
			WHERE m.type = 'table' AND c.name = 'id' AND c.pk = 1 AND upper(c.type) = 'INTEGER'
			AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%'
				AND substr(m.name, 1, length(v.name) + 1) = v.name || '_')`
		if db.Engine() == "postgres" {
			q = `SELECT c.table_name, c.is_identity = 'YES' OR COALESCE(c.column_default, '') LIKE 'nextval(%'
				FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.column_name = 'id'`
		}
		rows, err := db.ReaderForTest().QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var table string
			var ok bool
			if err := rows.Scan(&table, &ok); err != nil {
				t.Fatal(err)
			}
			n++
			if !ok && table != "data_version" && table != "search_meta" {
				t.Errorf("%s: its ids can be handed out again after a delete", table)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if n < 15 {
			t.Errorf("only %d tables with ids found; the query no longer sees them", n)
		}
	})
}
