package panel

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SessionInfo is one sign-in of a member, as their account page lists it.
type SessionInfo struct {
	ID        int64
	Created   time.Time
	Expires   time.Time
	Seen      time.Time
	Client    string
	UserAgent string
}

// MemberSessions lists a member's live sessions, the latest used first.
func (s *Store) MemberSessions(ctx context.Context, memberID int64, now time.Time) ([]SessionInfo, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, created_at, expires_at, seen_at, client, user_agent FROM sessions WHERE member_id = ? AND expires_at > ? ORDER BY seen_at DESC, id DESC", memberID, ms(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SessionInfo
	for rows.Next() {
		var si SessionInfo
		var created, expires, seen int64
		if err := rows.Scan(&si.ID, &created, &expires, &seen, &si.Client, &si.UserAgent); err != nil {
			return nil, err
		}
		si.Created, si.Expires, si.Seen = fromMS(created), fromMS(expires), fromMS(seen)
		out = append(out, si)
	}
	return out, rows.Err()
}

// RevokeSession ends one session of a member; ErrNotFound when the member
// has no such session.
func (s *Store) RevokeSession(ctx context.Context, by Actor, memberID, sessionID int64, now time.Time) error {
	return s.inTx(ctx, func(tx *sqlTx) error {
		var email string
		err := tx.QueryRowContext(ctx, "SELECT m.email FROM sessions se JOIN members m ON m.id = se.member_id WHERE se.id = ? AND se.member_id = ?", sessionID, memberID).Scan(&email)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE id = ?", sessionID); err != nil {
			return err
		}
		return appendAudit(ctx, tx, by.entry(now, "session.revoked", fmt.Sprintf("member %d %s", memberID, email), fmt.Sprintf("session %d", sessionID)))
	})
}

// RevokeAllSessions ends every session of a member ("sign out
// everywhere") and returns how many there were.
func (s *Store) RevokeAllSessions(ctx context.Context, by Actor, memberID int64, now time.Time) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sqlTx) error {
		m, err := memberByID(ctx, tx, memberID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE member_id = ?", memberID)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return appendAudit(ctx, tx, by.entry(now, "sessions.revoked_all", memberTarget(m), plural(int(n), "session", "sessions")+" ended"))
	})
	return int(n), err
}
