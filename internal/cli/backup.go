package cli

import (
	"context"
	"fmt"

	"klimaspor/internal/backup"
)

func runBackup(ctx context.Context, e *env, args []string) error {
	var cfg Config
	var out string
	var force bool
	fs := e.flags("backup", "", "Take a consistent backup of the database while servers go on using it, into one file\n"+
		"that is checked before it gets its name (a failed backup leaves no file).\n"+
		"SQLite: a compact copy of the database (VACUUM INTO), checked with integrity_check.\n"+
		"PostgreSQL: pg_dump's custom format; pg_dump of the server's major version or newer must be\n"+
		"installed (postgresql-client-NN); the URL's password goes to it in PGPASSWORD, not on its command line.\n"+
		"Files uploaded to S3 (KLIMASPOR_FILES_S3_*) are not in the backup: back up the bucket as well.", &cfg, false)
	fs.StringVar(&out, "out", "", "the backup file to write (required)")
	fs.BoolVar(&force, "force", false, "replace --out if it exists")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) != 0 || out == "" {
		fs.Usage()
		return errUsage
	}
	res, err := backup.Backup(ctx, cfg.storeConfig(), out, backup.Options{Force: force})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backed up %s (schema version %d) to %s: %.1f MB in %.1fs\n",
		cfg.describeDB(), res.Version, res.File, float64(res.Bytes)/(1<<20), res.Took.Seconds())
	if backup.NewerThanBinary(res) {
		fmt.Fprintf(e.stdout, "note: a newer klimaspor migrated this database (schema version %d); only one that knows that version restores the backup\n", res.Version)
	}
	s3Note(e, cfg)
	return nil
}

func runRestore(ctx context.Context, e *env, args []string) error {
	var cfg Config
	var from string
	var force bool
	fs := e.flags("restore", "", "Replace the database by a backup that klimaspor backup made, all or nothing, then migrate it\n"+
		"(a backup of an older version comes up to date; one of a newer version is refused).\n"+
		"STOP EVERY SERVER that uses the database first. The file is checked before anything is touched.\n"+
		"SQLite: the file is copied beside the database and renamed over it; a database another process\n"+
		"has open (a running server) is refused.\n"+
		"PostgreSQL: the schema is dropped and the backup loaded in one transaction (pg_restore and psql\n"+
		"of the server's major version or newer).\n"+
		"A database that holds data (a row in organisations, users or audit_log) is replaced only with --force.", &cfg, false)
	fs.StringVar(&from, "from", "", "the backup file to restore (required)")
	fs.BoolVar(&force, "force", false, "replace a database that holds data")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) != 0 || from == "" {
		fs.Usage()
		return errUsage
	}
	res, err := backup.Restore(ctx, cfg.storeConfig(), from, backup.Options{Force: force})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "restored %s (schema version %d) into %s and migrated it, in %.1fs\n",
		res.File, res.Version, cfg.describeDB(), res.Took.Seconds())
	s3Note(e, cfg)
	return nil
}

// s3Note reminds the operator that the files in object storage are not in the database's
// backup (decision 70).
func s3Note(e *env, cfg Config) {
	if c := cfg.FilesS3; c.Endpoint != "" {
		fmt.Fprintf(e.stdout, "note: uploaded files are kept in the bucket %s at %s (KLIMASPOR_FILES_S3_*) and are NOT in this backup;\n"+
			"back the bucket up as well (versioning, or a copy taken after the database's backup).\n", c.Bucket, c.Endpoint)
	}
}
