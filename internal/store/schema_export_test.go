package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Column is one column as the engine's catalogue describes it, its type
// in a vocabulary common to both engines.
type Column struct {
	Name    string
	Type    string // int, text, bool, float, blob, or the engine's own name
	NotNull bool
}

// Index is an index of a table: its columns in order and whether it is
// unique. Named is false for the indexes an engine makes for a primary
// key or a UNIQUE constraint, whose names differ by engine.
type Index struct {
	Name    string
	Columns string // comma-separated
	Unique  bool
	Named   bool
}

// TableSchema is a table's columns (in order) and indexes.
type TableSchema struct {
	Columns []Column
	Indexes []Index // sorted by columns
}

// commonType maps an engine's type name to the shared vocabulary.
func commonType(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	switch {
	case t == "integer" || t == "bigint" || t == "smallint" || t == "int" || t == "int8" || t == "int4":
		return "int"
	case t == "text" || strings.HasPrefix(t, "varchar") || strings.HasPrefix(t, "character varying") || strings.HasPrefix(t, "char"):
		return "text"
	case t == "boolean" || t == "bool":
		return "bool"
	case t == "real" || t == "double precision" || t == "float" || t == "double":
		return "float"
	case t == "blob" || t == "bytea":
		return "blob"
	}
	return t
}

// Schema reads every table's columns and indexes from the catalogue:
// pragma table_info and index_list on SQLite, information_schema and
// pg_index on PostgreSQL.
func (db *DB) Schema(ctx context.Context) (map[string]TableSchema, error) {
	tables, err := db.TableNames(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]TableSchema{}
	for _, table := range tables {
		var ts TableSchema
		if db.dialect == Postgres {
			ts, err = db.pgTable(ctx, table)
		} else {
			ts, err = db.sqliteTable(ctx, table)
		}
		if err != nil {
			return nil, fmt.Errorf("schema of %s: %w", table, err)
		}
		sort.Slice(ts.Indexes, func(i, j int) bool { return ts.Indexes[i].Columns < ts.Indexes[j].Columns })
		out[table] = ts
	}
	return out, nil
}

func (db *DB) sqliteTable(ctx context.Context, table string) (TableSchema, error) {
	var ts TableSchema
	cols, err := queryAll(ctx, db.read, func(sc scanner) (Column, error) {
		var c Column
		var typ string
		var notNull, pk int
		err := sc.Scan(&c.Name, &typ, &notNull, &pk)
		c.Type, c.NotNull = commonType(typ), notNull == 1
		// An INTEGER PRIMARY KEY is the rowid, which is never NULL. (Any
		// other primary key column accepts NULL unless declared NOT NULL,
		// an old SQLite quirk the parity test reports.)
		if pk > 0 && c.Type == "int" {
			c.NotNull = true
		}
		return c, err
	}, `SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return ts, err
	}
	ts.Columns = cols
	type idx struct {
		name, origin string
		unique       bool
	}
	list, err := queryAll(ctx, db.read, func(sc scanner) (idx, error) {
		var i idx
		err := sc.Scan(&i.name, &i.unique, &i.origin)
		return i, err
	}, `SELECT name, "unique", origin FROM pragma_index_list(?)`, table)
	if err != nil {
		return ts, err
	}
	for _, i := range list {
		names, err := queryAll(ctx, db.read, func(sc scanner) (string, error) {
			var n *string
			err := sc.Scan(&n)
			if n == nil {
				return "(expression)", err
			}
			return *n, err
		}, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, i.name)
		if err != nil {
			return ts, err
		}
		ts.Indexes = append(ts.Indexes, Index{Name: i.name, Columns: strings.Join(names, ","), Unique: i.unique, Named: i.origin == "c"})
	}
	// A rowid primary key has no index of its own; PostgreSQL makes one.
	pkCols, err := queryAll(ctx, db.read, func(sc scanner) (string, error) {
		var n string
		err := sc.Scan(&n)
		return n, err
	}, `SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, table)
	if err != nil {
		return ts, err
	}
	if len(pkCols) > 0 {
		key := strings.Join(pkCols, ",")
		found := false
		for _, i := range ts.Indexes {
			if i.Columns == key && i.Unique {
				found = true
			}
		}
		if !found {
			ts.Indexes = append(ts.Indexes, Index{Name: "(rowid)", Columns: key, Unique: true})
		}
	}
	return ts, nil
}

func (db *DB) pgTable(ctx context.Context, table string) (TableSchema, error) {
	var ts TableSchema
	cols, err := queryAll(ctx, db.read, func(sc scanner) (Column, error) {
		var c Column
		var typ, nullable string
		err := sc.Scan(&c.Name, &typ, &nullable)
		c.Type, c.NotNull = commonType(typ), nullable == "NO"
		return c, err
	}, `SELECT column_name, data_type, is_nullable FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`, table)
	if err != nil {
		return ts, err
	}
	ts.Columns = cols
	ts.Indexes, err = queryAll(ctx, db.read, func(sc scanner) (Index, error) {
		var i Index
		var constraint bool
		err := sc.Scan(&i.Name, &i.Unique, &i.Columns, &constraint)
		i.Named = !constraint
		return i, err
	}, `SELECT i.relname, ix.indisunique,
			array_to_string(ARRAY(SELECT COALESCE(a.attname, '(expression)')
				FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
				LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), ','),
			EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
		FROM pg_index ix
		JOIN pg_class t ON t.oid = ix.indrelid
		JOIN pg_class i ON i.oid = ix.indexrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = current_schema() AND t.relname = ?`, table)
	return ts, err
}
