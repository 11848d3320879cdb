package panel

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"
)

// The audit log records who did what, when and from where: sign-ins
// (right and wrong), member changes, sessions ended, assessments and
// invite links created or withdrawn, submissions received and exports
// downloaded. It is append-only: this package has no statement that
// updates or deletes its rows (TestAuditLogAppendOnly reads the sources),
// and the database refuses both (triggers of migration 2).

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID int64     `json:"id"`
	At time.Time `json:"-"`
	// ActorID is the member who acted, 0 for a candidate, the panel
	// itself or an unknown e-mail.
	ActorID int64 `json:"actor_id,omitempty"`
	// Actor is the member's e-mail at the time, "candidate", "panel", or
	// the e-mail typed in a failed sign-in.
	Actor  string `json:"actor"`
	Action string `json:"action"`
	Target string `json:"target"`
	Detail string `json:"detail"`
	// Client is the client's address (see clientAddr: a trusted proxy's
	// X-Forwarded-For is believed).
	Client string `json:"client"`
}

// Actor is who makes a change: a member and where they are.
type Actor struct {
	ID     int64
	Email  string
	Client string
}

// entry starts an audit entry by a.
func (a Actor) entry(now time.Time, action, target, detail string) AuditEntry {
	actor := a.Email
	if actor == "" {
		actor = "panel"
	}
	return AuditEntry{At: now, ActorID: a.ID, Actor: actor, Action: action, Target: target, Detail: detail, Client: a.Client}
}

// auditField bounds a field of the log and escapes what could confuse a
// reader (control and bidi characters as [U+XXXX]).
func auditField(s string, max int) string {
	s = escapeText(s)
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// appendAudit adds an entry, in the caller's transaction when q is one.
func appendAudit(ctx context.Context, q querier, e AuditEntry) error {
	var actorID any
	if e.ActorID != 0 {
		actorID = e.ActorID
	}
	_, err := q.ExecContext(ctx, "INSERT INTO audit_log(at, actor_id, actor, action, target, detail, client) VALUES(?, ?, ?, ?, ?, ?, ?)",
		ms(e.At), actorID, auditField(e.Actor, 300), e.Action, auditField(e.Target, 500), auditField(e.Detail, 1000), auditField(e.Client, 100))
	return err
}

// AppendAudit adds an entry to the audit log.
func (s *Store) AppendAudit(ctx context.Context, e AuditEntry) error {
	return appendAudit(ctx, s.db, e)
}

const auditColumns = "id, at, coalesce(actor_id, 0), actor, action, target, detail, client"

func scanAudit(sc interface{ Scan(...any) error }) (AuditEntry, error) {
	var e AuditEntry
	var at int64
	err := sc.Scan(&e.ID, &at, &e.ActorID, &e.Actor, &e.Action, &e.Target, &e.Detail, &e.Client)
	e.At = fromMS(at)
	return e, err
}

// AuditPage returns up to limit entries older than the entry before
// (all when before is 0), newest first, and whether older ones exist.
func (s *Store) AuditPage(ctx context.Context, before int64, limit int) ([]AuditEntry, bool, error) {
	q := "SELECT " + auditColumns + " FROM audit_log"
	args := []any{}
	if before > 0 {
		q += " WHERE id < ?"
		args = append(args, before)
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, limit+1)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, false, err
		}
		out = append(out, e)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, rows.Err()
}

// EachAudit calls fn for every entry, oldest first, reading them in
// batches so that neither the whole log nor a long read transaction is
// held.
func (s *Store) EachAudit(ctx context.Context, fn func(AuditEntry) error) error {
	const batch = 500
	after := int64(0)
	for {
		rows, err := s.db.QueryContext(ctx, "SELECT "+auditColumns+" FROM audit_log WHERE id > ? ORDER BY id LIMIT ?", after, batch)
		if err != nil {
			return err
		}
		var list []AuditEntry
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				rows.Close()
				return err
			}
			list = append(list, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, e := range list {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(list) < batch {
			return nil
		}
		after = list[len(list)-1].ID
	}
}

// ---- from a request ----

// clientString is the client's address as the audit log shows it.
func (s *Server) clientString(r *http.Request) string {
	if a, ok := s.clientAddr(r); ok {
		return a.String()
	}
	return r.RemoteAddr
}

// actor is the signed-in member of r (the panel itself when none).
func (s *Server) actor(r *http.Request) Actor {
	a := Actor{Client: s.clientString(r)}
	if se := sessionFrom(r.Context()); se != nil {
		a.ID, a.Email = se.member.ID, se.member.Email
	}
	return a
}

// audit records what the request's member did. A failure to record is
// logged: the change itself has been made.
func (s *Server) audit(r *http.Request, action, target, detail string) {
	if err := s.store.AppendAudit(context.WithoutCancel(r.Context()), s.actor(r).entry(s.now(), action, target, detail)); err != nil {
		s.log.Error("audit log", "action", action, "err", err)
	}
}

// statusRecorder notes the status a handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusRecorder) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// downloads records an export in the audit log once h has answered it
// with 200.
func (s *Server) downloads(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		h(rec, r)
		if rec.status == http.StatusOK {
			s.audit(r, "export.downloaded", r.URL.Path, "")
		}
	}
}

// ---- the owner's page and exports ----

// auditPageSize is how many entries a page of the log shows.
const auditPageSize = 50

type auditData struct {
	Entries []AuditEntry
	Before  int64 // the id to ask for the next (older) page; 0 when none
	First   bool  // the newest page
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	var before int64
	if v := r.URL.Query().Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			s.errorPage(w, r, http.StatusBadRequest, "Bad page", "before must be an entry number.")
			return
		}
		before = n
	}
	list, more, err := s.store.AuditPage(r.Context(), before, auditPageSize)
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	d := auditData{Entries: list, First: before == 0}
	if more && len(list) > 0 {
		d.Before = list[len(list)-1].ID
	}
	s.render(w, r, http.StatusOK, "audit", "Audit log", d)
}

var auditHead = []string{"id", "at", "actor_id", "actor", "action", "target", "detail", "client"}

func auditTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// handleAuditCSV streams the whole log, oldest first.
func (s *Server) handleAuditCSV(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="shockabsorber-audit.csv"`)
	s.audit(r, "audit.exported", r.URL.Path, "")
	cw := csv.NewWriter(w)
	cw.Write(auditHead)
	err := s.store.EachAudit(r.Context(), func(e AuditEntry) error {
		actorID := ""
		if e.ActorID != 0 {
			actorID = strconv.FormatInt(e.ActorID, 10)
		}
		cw.Write([]string{strconv.FormatInt(e.ID, 10), auditTime(e.At), actorID, csvCell(e.Actor), e.Action, csvCell(e.Target), csvCell(e.Detail), csvCell(e.Client)})
		return cw.Error()
	})
	cw.Flush()
	if err != nil {
		s.log.Error("audit export", "err", err)
	}
}

// auditLine is one line of the JSON lines export.
type auditLine struct {
	AuditEntry
	At string `json:"at"`
}

// handleAuditJSONL streams the whole log as JSON lines, oldest first.
func (s *Server) handleAuditJSONL(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="shockabsorber-audit.jsonl"`)
	s.audit(r, "audit.exported", r.URL.Path, "")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	err := s.store.EachAudit(r.Context(), func(e AuditEntry) error {
		return enc.Encode(auditLine{AuditEntry: e, At: auditTime(e.At)})
	})
	if err != nil {
		s.log.Error("audit export", "err", err)
	}
}

// auditCount counts the log's entries (tests).
func (s *Store) auditCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM audit_log").Scan(&n)
	return n, err
}

// memberID is the actor's member id for a created_by column: NULL for the
// panel itself.
func (a Actor) memberID() any {
	if a.ID == 0 {
		return nil
	}
	return a.ID
}
