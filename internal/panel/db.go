package panel

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// The panel's SQL is written once, in the subset SQLite and PostgreSQL
// share: "?" placeholders, INSERT … RETURNING, ON CONFLICT, coalesce,
// partial indexes, row values, integers for times and flags. The only
// differences left are the placeholders, which sqlDB and sqlTx rewrite for
// PostgreSQL ($1, $2, …), Go booleans, bound as 0 and 1 as SQLite stores
// them, and the schema's column types (store_postgres.go).

type dialect uint8

const (
	sqliteDialect dialect = iota
	postgresDialect
)

func (d dialect) String() string {
	if d == postgresDialect {
		return "PostgreSQL"
	}
	return "SQLite"
}

// sqlDB is a *sql.DB whose statements are written with "?" placeholders.
type sqlDB struct {
	*sql.DB
	dialect dialect
}

// sqlTx is a *sql.Tx whose statements are written with "?" placeholders.
type sqlTx struct {
	*sql.Tx
	dialect dialect
}

// sqlStmt is a prepared statement; its arguments are bound as sqlDB's.
type sqlStmt struct {
	*sql.Stmt
	dialect dialect
}

func (db *sqlDB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return db.DB.ExecContext(ctx, db.dialect.rebind(query), db.dialect.args(args)...)
}

func (db *sqlDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.DB.QueryContext(ctx, db.dialect.rebind(query), db.dialect.args(args)...)
}

func (db *sqlDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return db.DB.QueryRowContext(ctx, db.dialect.rebind(query), db.dialect.args(args)...)
}

func (db *sqlDB) Exec(query string, args ...any) (sql.Result, error) {
	return db.ExecContext(context.Background(), query, args...)
}

func (db *sqlDB) Query(query string, args ...any) (*sql.Rows, error) {
	return db.QueryContext(context.Background(), query, args...)
}

func (db *sqlDB) QueryRow(query string, args ...any) *sql.Row {
	return db.QueryRowContext(context.Background(), query, args...)
}

// BeginTx starts a transaction. On SQLite every transaction takes the
// write lock as it begins (_txlock=immediate); on PostgreSQL transactions
// run at READ COMMITTED, so the panel's writes that must not interleave
// either say so in their own WHERE (spending a link) or begin with
// Store.begin, which serialises them as SQLite does.
func (db *sqlDB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sqlTx, error) {
	tx, err := db.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &sqlTx{Tx: tx, dialect: db.dialect}, nil
}

func (db *sqlDB) Begin() (*sqlTx, error) { return db.BeginTx(context.Background(), nil) }

func (tx *sqlTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.Tx.ExecContext(ctx, tx.dialect.rebind(query), tx.dialect.args(args)...)
}

func (tx *sqlTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.Tx.QueryContext(ctx, tx.dialect.rebind(query), tx.dialect.args(args)...)
}

func (tx *sqlTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.Tx.QueryRowContext(ctx, tx.dialect.rebind(query), tx.dialect.args(args)...)
}

func (tx *sqlTx) Exec(query string, args ...any) (sql.Result, error) {
	return tx.ExecContext(context.Background(), query, args...)
}

func (tx *sqlTx) Query(query string, args ...any) (*sql.Rows, error) {
	return tx.QueryContext(context.Background(), query, args...)
}

func (tx *sqlTx) QueryRow(query string, args ...any) *sql.Row {
	return tx.QueryRowContext(context.Background(), query, args...)
}

func (tx *sqlTx) PrepareContext(ctx context.Context, query string) (*sqlStmt, error) {
	st, err := tx.Tx.PrepareContext(ctx, tx.dialect.rebind(query))
	if err != nil {
		return nil, err
	}
	return &sqlStmt{Stmt: st, dialect: tx.dialect}, nil
}

func (st *sqlStmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return st.Stmt.ExecContext(ctx, st.dialect.args(args)...)
}

func (st *sqlStmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return st.Stmt.QueryRowContext(ctx, st.dialect.args(args)...)
}

func (st *sqlStmt) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	return st.Stmt.QueryContext(ctx, st.dialect.args(args)...)
}

// args binds Go booleans as the integers 0 and 1, the panel's flag
// columns on both databases (PostgreSQL will not take a boolean for a
// bigint).
func (d dialect) args(args []any) []any {
	if d != postgresDialect {
		return args
	}
	var out []any
	for i, a := range args {
		if b, ok := a.(bool); ok {
			if out == nil {
				out = append([]any(nil), args...)
			}
			out[i] = int64(0)
			if b {
				out[i] = int64(1)
			}
		}
	}
	if out == nil {
		return args
	}
	return out
}

var (
	rebound     sync.Map // query string -> PostgreSQL query string
	reboundSize atomic.Int64
)

// maxRebound bounds the remembered statements: the panel's are a few
// hundred, but a statement built with a variable number of placeholders
// (an IN list) must not grow the map without end.
const maxRebound = 4096

// rebind rewrites "?" placeholders as $1, $2, … for PostgreSQL, leaving
// question marks inside string literals, quoted identifiers and comments
// alone. The panel's statements are a fixed set (with a few built from
// fixed pieces), so each is rewritten once and remembered.
func (d dialect) rebind(query string) string {
	if d != postgresDialect || !strings.Contains(query, "?") {
		return query
	}
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	q := rebindPostgres(query)
	if reboundSize.Load() < maxRebound {
		if _, loaded := rebound.LoadOrStore(query, q); !loaded {
			reboundSize.Add(1)
		}
	}
	return q
}

func rebindPostgres(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(query) {
				if query[j] == c {
					if j+1 < len(query) && query[j+1] == c { // '' or "" inside
						j += 2
						continue
					}
					break
				}
				j++
			}
			b.WriteString(query[i:min(j+1, len(query))])
			i = j
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j - 1
		case c == '/' && i+1 < len(query) && query[i+1] == '*':
			j := strings.Index(query[i+2:], "*/")
			end := len(query)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			b.WriteString(query[i:end])
			i = end - 1
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// scanner is a *sql.Row or *sql.Rows.
type scanner = interface{ Scan(...any) error }

// queryAll runs query and scans every row with scan.
func queryAll[T any](ctx context.Context, q querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
