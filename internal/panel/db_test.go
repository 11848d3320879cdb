package panel

import (
	"reflect"
	"testing"
)

// TestRebindPostgres: "?" placeholders become $1, $2, … for PostgreSQL,
// and question marks in string literals, quoted identifiers and comments
// stay as they are.
func TestRebindPostgres(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT 1":                                  "SELECT 1",
		"SELECT ? + ?":                              "SELECT $1 + $2",
		"UPDATE t SET a = ?::bigint WHERE b = ?":    "UPDATE t SET a = $1::bigint WHERE b = $2",
		"SELECT '?', ? FROM t WHERE c = 'it''s ?'":  "SELECT '?', $1 FROM t WHERE c = 'it''s ?'",
		`SELECT "odd?col", ? FROM "t""?"`:           `SELECT "odd?col", $1 FROM "t""?"`,
		"SELECT ? -- why?\n, ?":                     "SELECT $1 -- why?\n, $2",
		"SELECT /* a ? b */ ? /* ? */":              "SELECT /* a ? b */ $1 /* ? */",
		"SELECT ? -- trailing ?":                    "SELECT $1 -- trailing ?",
		"SELECT 'unterminated ?":                    "SELECT 'unterminated ?",
		"SELECT /* unterminated ?":                  "SELECT /* unterminated ?",
		"VALUES (?, ?), (?, ?)":                     "VALUES ($1, $2), ($3, $4)",
		"SELECT ?||'x'||? WHERE a LIKE '%?%' AND ?": "SELECT $1||'x'||$2 WHERE a LIKE '%?%' AND $3",
	} {
		if got := rebindPostgres(in); got != want {
			t.Errorf("rebindPostgres(%q)\n = %q\nwant %q", in, got, want)
		}
	}
	if got := sqliteDialect.rebind("SELECT ?"); got != "SELECT ?" {
		t.Errorf("SQLite's statement rewritten: %q", got)
	}
	if a, b := postgresDialect.rebind("SELECT ? AS rebind_test"), postgresDialect.rebind("SELECT ? AS rebind_test"); a != "SELECT $1 AS rebind_test" || a != b {
		t.Errorf("remembered statement %q, %q", a, b)
	}
}

// TestDialectArgsBindBooleansAsIntegers: PostgreSQL's bigint flag columns
// get 0 and 1 for Go booleans, and the caller's slice is left alone.
func TestDialectArgsBindBooleansAsIntegers(t *testing.T) {
	in := []any{true, "x", false, 3}
	got := postgresDialect.args(in)
	if want := []any{int64(1), "x", int64(0), 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("args %v, want %v", got, want)
	}
	if in[0] != true {
		t.Error("the caller's arguments were changed")
	}
	if got := sqliteDialect.args(in); !reflect.DeepEqual(got, in) {
		t.Errorf("SQLite's arguments changed: %v", got)
	}
}
