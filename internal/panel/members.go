package panel

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Member roles. Each role may do what the roles below it may:
//
//   - reviewer: read assessments, results and exports;
//   - author: also create assessments and invite links, withdraw links;
//   - owner: also manage members (invite, change roles, remove, reset
//     passwords, end their sessions) and read the audit log.
const (
	RoleReviewer = "reviewer"
	RoleAuthor   = "author"
	RoleOwner    = "owner"
)

// Roles lists the roles from the least to the most allowed.
var Roles = []string{RoleReviewer, RoleAuthor, RoleOwner}

func roleRank(role string) int {
	for i, r := range Roles {
		if r == role {
			return i + 1
		}
	}
	return 0
}

// roleAllows reports whether a member with role may do what needs need.
func roleAllows(role, need string) bool {
	return roleRank(role) > 0 && roleRank(role) >= roleRank(need)
}

// Member is a panel member's account.
type Member struct {
	ID      int64
	Email   string
	Name    string
	Role    string
	Created time.Time
	// Sessions counts the member's live sign-ins (Members only).
	Sessions int
}

// Label is how the member is shown: the name, else the e-mail.
func (m Member) Label() string {
	if m.Name != "" {
		return m.Name
	}
	return m.Email
}

// Errors of member changes.
var (
	ErrLastOwner   = errors.New("the panel needs at least one owner: make another member owner first")
	ErrEmailTaken  = errors.New("a member with this e-mail already exists")
	ErrLinkInvalid = errors.New("this link is unknown, already used, withdrawn or expired")
)

// maxEmail bounds an e-mail address (RFC 5321's path limit).
const maxEmail = 254

// NormalizeEmail checks an e-mail address and returns it lower-cased, as
// it is stored and compared.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("give an e-mail address")
	}
	if len(s) > maxEmail {
		return "", fmt.Errorf("an e-mail address may be at most %d characters", maxEmail)
	}
	if !utf8.ValidString(s) || strings.ContainsAny(s, " <>\"\\,;") || checkText("the e-mail address", s) != "" {
		return "", fmt.Errorf("%q is not an e-mail address such as ana@example.org", s)
	}
	a, err := mail.ParseAddress(s)
	local, domain, ok := strings.Cut(s, "@")
	if err != nil || a.Address != s || !ok || local == "" || domain == "" || strings.Contains(domain, "@") {
		return "", fmt.Errorf("%q is not an e-mail address such as ana@example.org", s)
	}
	return strings.ToLower(s), nil
}

// checkName checks a member's display name.
func checkName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", errors.New("give your name, as the other members will see it")
	}
	if utf8.RuneCountInString(name) > 100 {
		return "", errors.New("the name may be at most 100 characters")
	}
	if why := checkText("the name", name); why != "" {
		return "", errors.New(why)
	}
	return name, nil
}

// checkNewPassword checks a password a member chooses.
func checkNewPassword(pw, again string) error {
	switch {
	case len(pw) > maxPasswordBytes:
		return fmt.Errorf("the password is %d bytes long; at most %d are allowed", len(pw), maxPasswordBytes)
	case utf8.RuneCountInString(pw) < minPasswordLen:
		return fmt.Errorf("the password must be at least %d characters long", minPasswordLen)
	case pw != again:
		return errors.New("the two passwords differ")
	}
	return nil
}

// querier is what both *sql.DB and *sqlTx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// memberByEmail finds an active member and its password hash.
func (s *Store) memberByEmail(ctx context.Context, email string) (Member, string, error) {
	var m Member
	var hash string
	var created int64
	err := s.db.QueryRowContext(ctx, "SELECT id, email, name, role, password_hash, created_at FROM members WHERE email = ? AND removed_at IS NULL", email).
		Scan(&m.ID, &m.Email, &m.Name, &m.Role, &hash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return m, "", ErrNotFound
	}
	m.Created = fromMS(created)
	return m, hash, err
}

// MemberByID finds an active member.
func (s *Store) MemberByID(ctx context.Context, id int64) (Member, error) {
	return memberByID(ctx, s.db, id)
}

func memberByID(ctx context.Context, q querier, id int64) (Member, error) {
	var m Member
	var created int64
	err := q.QueryRowContext(ctx, "SELECT id, email, name, role, created_at FROM members WHERE id = ? AND removed_at IS NULL", id).
		Scan(&m.ID, &m.Email, &m.Name, &m.Role, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	m.Created = fromMS(created)
	return m, err
}

// Members lists the active members, owners first, with their live
// sessions.
func (s *Store) Members(ctx context.Context, now time.Time) ([]Member, error) {
	rows, err := s.db.QueryContext(ctx, `
SELECT m.id, m.email, m.name, m.role, m.created_at,
	(SELECT count(*) FROM sessions se WHERE se.member_id = m.id AND se.expires_at > ?)
FROM members m WHERE m.removed_at IS NULL ORDER BY m.id`, ms(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		var created int64
		if err := rows.Scan(&m.ID, &m.Email, &m.Name, &m.Role, &created, &m.Sessions); err != nil {
			return nil, err
		}
		m.Created = fromMS(created)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ranked := make([]Member, 0, len(out))
	for i := len(Roles) - 1; i >= 0; i-- {
		for _, m := range out {
			if m.Role == Roles[i] {
				ranked = append(ranked, m)
			}
		}
	}
	return ranked, nil
}

// countOwners counts the active owners.
func countOwners(ctx context.Context, q querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM members WHERE role = 'owner' AND removed_at IS NULL").Scan(&n)
	return n, err
}

// insertMember adds an active member and returns its id.
func insertMember(ctx context.Context, q querier, email, name, role, hash string, now time.Time) (int64, error) {
	var taken int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM members WHERE email = ? AND removed_at IS NULL", email).Scan(&taken); err != nil {
		return 0, err
	}
	if taken > 0 {
		return 0, ErrEmailTaken
	}
	var id int64
	err := q.QueryRowContext(ctx, "INSERT INTO members(email, name, role, password_hash, created_at) VALUES(?, ?, ?, ?, ?) RETURNING id",
		email, name, role, hash, ms(now)).Scan(&id)
	return id, err
}

// inTx runs fn in an administrative transaction (Store.begin: on
// PostgreSQL it takes turns with the others) and commits it when fn
// returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sqlTx) error) error {
	return commitTx(s.begin(ctx))(fn)
}

// commitTx runs fn in tx, begun with err, and commits it when fn returns
// nil; otherwise it rolls it back.
func commitTx(tx *sqlTx, err error) func(fn func(tx *sqlTx) error) error {
	return func(fn func(tx *sqlTx) error) error {
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if err := fn(tx); err != nil {
			return err
		}
		return tx.Commit()
	}
}

// SetRole changes a member's role; the last owner keeps theirs.
func (s *Store) SetRole(ctx context.Context, by Actor, id int64, role string, now time.Time) (Member, error) {
	if roleRank(role) == 0 {
		return Member{}, fmt.Errorf("there is no role %q", role)
	}
	var m Member
	err := s.inTx(ctx, func(tx *sqlTx) error {
		var err error
		if m, err = memberByID(ctx, tx, id); err != nil {
			return err
		}
		if m.Role == role {
			return nil
		}
		if m.Role == RoleOwner {
			if n, err := countOwners(ctx, tx); err != nil {
				return err
			} else if n <= 1 {
				return ErrLastOwner
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE members SET role = ? WHERE id = ?", role, id); err != nil {
			return err
		}
		old := m.Role
		m.Role = role
		return appendAudit(ctx, tx, by.entry(now, "member.role_changed", memberTarget(m), old+" → "+role))
	})
	return m, err
}

// RemoveMember removes a member: their sessions end in the same
// transaction, their open links are withdrawn and they can no longer sign
// in. The row stays (with no password) so that what they did keeps their
// name; their e-mail may be invited again.
func (s *Store) RemoveMember(ctx context.Context, by Actor, id int64, now time.Time) (Member, error) {
	var m Member
	err := s.inTx(ctx, func(tx *sqlTx) error {
		var err error
		if m, err = memberByID(ctx, tx, id); err != nil {
			return err
		}
		if m.Role == RoleOwner {
			if n, err := countOwners(ctx, tx); err != nil {
				return err
			} else if n <= 1 {
				return ErrLastOwner
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE members SET removed_at = ?, password_hash = '' WHERE id = ?", ms(now), id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE member_id = ?", id)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		if _, err := tx.ExecContext(ctx, "UPDATE member_links SET revoked_at = ? WHERE member_id = ? AND used_at IS NULL AND revoked_at IS NULL", ms(now), id); err != nil {
			return err
		}
		return appendAudit(ctx, tx, by.entry(now, "member.removed", memberTarget(m), fmt.Sprintf("role %s; %s ended", m.Role, plural(int(n), "session", "sessions"))))
	})
	return m, err
}

func memberTarget(m Member) string {
	return fmt.Sprintf("member %d %s", m.ID, m.Email)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ---- setup, join and reset links ----

// Kinds of member links.
const (
	LinkSetup = "setup" // makes the first owner
	LinkJoin  = "join"  // an invitation to become a member
	LinkReset = "reset" // sets a member's password anew
)

// MemberLink is a single-use link for a member. Its token is only known
// when created.
type MemberLink struct {
	ID        int64
	Kind      string
	Email     string
	Role      string
	MemberID  int64
	CreatedBy string
	Created   time.Time
	Expires   time.Time
	Used      time.Time
	Revoked   time.Time
	Token     string
}

// Status returns the link's state at now (InviteOpen, InviteUsed…).
func (l *MemberLink) Status(now time.Time) string {
	iv := Invite{Used: l.Used, Revoked: l.Revoked, Expires: l.Expires}
	return iv.Status(now)
}

// createLink stores a new link and returns it with its token.
func createLink(ctx context.Context, q querier, l MemberLink, createdBy int64, ttl time.Duration, now time.Time) (MemberLink, error) {
	tok, hash := newSecret()
	l.Created, l.Expires, l.Token = fromMS(ms(now)), fromMS(ms(now.Add(ttl))), tok
	var memberID, by any
	if l.MemberID != 0 {
		memberID = l.MemberID
	}
	if createdBy != 0 {
		by = createdBy
	}
	err := q.QueryRowContext(ctx, "INSERT INTO member_links(token_hash, kind, email, role, member_id, created_by, created_at, expires_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		hash, l.Kind, l.Email, l.Role, memberID, by, ms(now), ms(now.Add(ttl))).Scan(&l.ID)
	return l, err
}

// NewSetupLink withdraws any unused setup link and makes a new one, when
// the panel has no owner; otherwise it returns ErrNotFound.
func (s *Store) NewSetupLink(ctx context.Context, ttl time.Duration, now time.Time) (MemberLink, error) {
	var l MemberLink
	err := s.inTx(ctx, func(tx *sqlTx) error {
		n, err := countOwners(ctx, tx)
		if err != nil {
			return err
		}
		if n > 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, "UPDATE member_links SET revoked_at = ? WHERE kind = 'setup' AND used_at IS NULL AND revoked_at IS NULL", ms(now)); err != nil {
			return err
		}
		l, err = createLink(ctx, tx, MemberLink{Kind: LinkSetup, Role: RoleOwner}, 0, ttl, now)
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, AuditEntry{At: now, Actor: "panel", Action: "setup.link_created", Target: fmt.Sprintf("link %d", l.ID), Detail: "the panel has no owner; valid until " + l.Expires.UTC().Format(time.RFC3339)})
	})
	return l, err
}

// InviteMember makes a join link for email with role. An e-mail that
// already has an open invitation gets a new link; the old one is
// withdrawn.
func (s *Store) InviteMember(ctx context.Context, by Actor, email, role string, ttl time.Duration, now time.Time) (MemberLink, error) {
	if roleRank(role) == 0 {
		return MemberLink{}, fmt.Errorf("there is no role %q", role)
	}
	email, err := NormalizeEmail(email)
	if err != nil {
		return MemberLink{}, err
	}
	var l MemberLink
	err = s.inTx(ctx, func(tx *sqlTx) error {
		var taken int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM members WHERE email = ? AND removed_at IS NULL", email).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return ErrEmailTaken
		}
		if _, err := tx.ExecContext(ctx, "UPDATE member_links SET revoked_at = ? WHERE kind = 'join' AND email = ? AND used_at IS NULL AND revoked_at IS NULL", ms(now), email); err != nil {
			return err
		}
		l, err = createLink(ctx, tx, MemberLink{Kind: LinkJoin, Email: email, Role: role}, by.ID, ttl, now)
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, by.entry(now, "member.invited", email, fmt.Sprintf("role %s; link %d valid until %s", role, l.ID, l.Expires.UTC().Format(time.RFC3339))))
	})
	return l, err
}

// ResetLink makes a link that lets a member choose a new password. Their
// current password keeps working until the link is used.
func (s *Store) ResetLink(ctx context.Context, by Actor, memberID int64, ttl time.Duration, now time.Time) (MemberLink, Member, error) {
	var l MemberLink
	var m Member
	err := s.inTx(ctx, func(tx *sqlTx) error {
		var err error
		if m, err = memberByID(ctx, tx, memberID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE member_links SET revoked_at = ? WHERE kind = 'reset' AND member_id = ? AND used_at IS NULL AND revoked_at IS NULL", ms(now), memberID); err != nil {
			return err
		}
		l, err = createLink(ctx, tx, MemberLink{Kind: LinkReset, Email: m.Email, Role: m.Role, MemberID: m.ID}, by.ID, ttl, now)
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, by.entry(now, "member.reset_link_created", memberTarget(m), fmt.Sprintf("link %d valid until %s", l.ID, l.Expires.UTC().Format(time.RFC3339))))
	})
	return l, m, err
}

// PendingInvitations lists the join links not yet used, newest first.
func (s *Store) PendingInvitations(ctx context.Context, now time.Time) ([]MemberLink, error) {
	rows, err := s.db.QueryContext(ctx, `
SELECT l.id, l.kind, l.email, l.role, l.created_at, l.expires_at, coalesce(nullif(m.name, ''), m.email, '')
FROM member_links l LEFT JOIN members m ON m.id = l.created_by
WHERE l.kind = 'join' AND l.used_at IS NULL AND l.revoked_at IS NULL AND l.expires_at > ?
ORDER BY l.id DESC`, ms(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MemberLink
	for rows.Next() {
		var l MemberLink
		var created, expires int64
		if err := rows.Scan(&l.ID, &l.Kind, &l.Email, &l.Role, &created, &expires, &l.CreatedBy); err != nil {
			return nil, err
		}
		l.Created, l.Expires = fromMS(created), fromMS(expires)
		out = append(out, l)
	}
	return out, rows.Err()
}

// WithdrawInvitation withdraws an unused join link.
func (s *Store) WithdrawInvitation(ctx context.Context, by Actor, id int64, now time.Time) error {
	return s.inTx(ctx, func(tx *sqlTx) error {
		var email string
		err := tx.QueryRowContext(ctx, "UPDATE member_links SET revoked_at = ? WHERE id = ? AND kind = 'join' AND used_at IS NULL AND revoked_at IS NULL RETURNING email", ms(now), id).Scan(&email)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // already used or withdrawn
		}
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, by.entry(now, "member.invitation_withdrawn", email, fmt.Sprintf("link %d", id)))
	})
}

// openLink finds a usable link of kind by its token, in tx.
func openLink(ctx context.Context, q querier, token, kind string, now time.Time) (MemberLink, error) {
	if !validToken(token) {
		return MemberLink{}, ErrLinkInvalid
	}
	var l MemberLink
	var created, expires int64
	var memberID sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT id, kind, email, role, member_id, created_at, expires_at FROM member_links
WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?`, hashSecret(token), kind, ms(now)).
		Scan(&l.ID, &l.Kind, &l.Email, &l.Role, &memberID, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return l, ErrLinkInvalid
	}
	l.MemberID = memberID.Int64
	l.Created, l.Expires = fromMS(created), fromMS(expires)
	return l, err
}

// LinkByToken returns a usable link of kind, or ErrLinkInvalid.
func (s *Store) LinkByToken(ctx context.Context, token, kind string, now time.Time) (MemberLink, error) {
	return openLink(ctx, s.db, token, kind, now)
}

// spendLink marks a link used; false when another request used it first.
func spendLink(ctx context.Context, tx *sqlTx, id int64, now time.Time) error {
	res, err := tx.ExecContext(ctx, "UPDATE member_links SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL", ms(now), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrLinkInvalid
	}
	return nil
}

// UseSetupLink makes the first owner with a setup link.
func (s *Store) UseSetupLink(ctx context.Context, token, email, name, hash, client string, now time.Time) (Member, error) {
	var m Member
	err := s.inTx(ctx, func(tx *sqlTx) error {
		l, err := openLink(ctx, tx, token, LinkSetup, now)
		if err != nil {
			return err
		}
		if n, err := countOwners(ctx, tx); err != nil {
			return err
		} else if n > 0 {
			return ErrLinkInvalid
		}
		if err := spendLink(ctx, tx, l.ID, now); err != nil {
			return err
		}
		id, err := insertMember(ctx, tx, email, name, RoleOwner, hash, now)
		if err != nil {
			return err
		}
		m = Member{ID: id, Email: email, Name: name, Role: RoleOwner, Created: fromMS(ms(now))}
		a := Actor{ID: id, Email: email, Client: client}
		return appendAudit(ctx, tx, a.entry(now, "member.joined", memberTarget(m), fmt.Sprintf("role owner, by the setup link %d", l.ID)))
	})
	return m, err
}

// UseJoinLink makes a member of an invitation.
func (s *Store) UseJoinLink(ctx context.Context, token, name, hash, client string, now time.Time) (Member, error) {
	var m Member
	err := s.inTx(ctx, func(tx *sqlTx) error {
		l, err := openLink(ctx, tx, token, LinkJoin, now)
		if err != nil {
			return err
		}
		if err := spendLink(ctx, tx, l.ID, now); err != nil {
			return err
		}
		id, err := insertMember(ctx, tx, l.Email, name, l.Role, hash, now)
		if err != nil {
			return err
		}
		m = Member{ID: id, Email: l.Email, Name: name, Role: l.Role, Created: fromMS(ms(now))}
		a := Actor{ID: id, Email: l.Email, Client: client}
		return appendAudit(ctx, tx, a.entry(now, "member.joined", memberTarget(m), fmt.Sprintf("role %s, by the invitation link %d", l.Role, l.ID)))
	})
	return m, err
}

// UseResetLink sets a member's new password; every session of theirs
// ends.
func (s *Store) UseResetLink(ctx context.Context, token, hash, client string, now time.Time) (Member, error) {
	var m Member
	err := s.inTx(ctx, func(tx *sqlTx) error {
		l, err := openLink(ctx, tx, token, LinkReset, now)
		if err != nil {
			return err
		}
		if m, err = memberByID(ctx, tx, l.MemberID); errors.Is(err, ErrNotFound) {
			return ErrLinkInvalid
		} else if err != nil {
			return err
		}
		if err := spendLink(ctx, tx, l.ID, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE members SET password_hash = ? WHERE id = ?", hash, m.ID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE member_id = ?", m.ID)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		a := Actor{ID: m.ID, Email: m.Email, Client: client}
		return appendAudit(ctx, tx, a.entry(now, "member.password_reset", memberTarget(m), fmt.Sprintf("by the reset link %d; %s ended", l.ID, plural(int(n), "session", "sessions"))))
	})
	return m, err
}

// EnsureOwner makes sure an active owner with email exists, for operators
// who configure the panel from the command line (Options.OwnerEmail): a
// member with that e-mail becomes owner and gets hash as password when
// hash is not "" (its sessions end when the password changes); a new one
// is created with hash. It reports what it did ("" when nothing).
func (s *Store) EnsureOwner(ctx context.Context, email, hash string, now time.Time) (string, error) {
	did := ""
	err := s.inTx(ctx, func(tx *sqlTx) error {
		var id int64
		var role string
		err := tx.QueryRowContext(ctx, "SELECT id, role FROM members WHERE email = ? AND removed_at IS NULL", email).Scan(&id, &role)
		sys := AuditEntry{At: now, Actor: "panel", Target: "", Client: ""}
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if hash == "" {
				return fmt.Errorf("there is no member %s to make owner, and no password was given for a new one", email)
			}
			id, err := insertMember(ctx, tx, email, "", RoleOwner, hash, now)
			if err != nil {
				return err
			}
			did = "created"
			sys.Action, sys.Target, sys.Detail = "member.joined", fmt.Sprintf("member %d %s", id, email), "role owner, from the command line (--owner-email)"
			return appendAudit(ctx, tx, sys)
		case err != nil:
			return err
		}
		target := fmt.Sprintf("member %d %s", id, email)
		if role != RoleOwner {
			if _, err := tx.ExecContext(ctx, "UPDATE members SET role = 'owner' WHERE id = ?", id); err != nil {
				return err
			}
			did = "promoted"
			sys.Action, sys.Target, sys.Detail = "member.role_changed", target, role+" → owner, from the command line (--owner-email)"
			if err := appendAudit(ctx, tx, sys); err != nil {
				return err
			}
		}
		if hash != "" {
			if _, err := tx.ExecContext(ctx, "UPDATE members SET password_hash = ? WHERE id = ?", hash, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE member_id = ?", id); err != nil {
				return err
			}
			did = "password"
			sys.Action, sys.Target, sys.Detail = "member.password_reset", target, "from the command line; the member's sessions ended"
			return appendAudit(ctx, tx, sys)
		}
		return nil
	})
	return did, err
}

// memberCount counts the active members.
func (s *Store) memberCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM members WHERE removed_at IS NULL").Scan(&n)
	return n, err
}
