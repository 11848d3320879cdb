package panel

import (
	"context"
	"net/http"
	"strings"
)

// The same browser taking several invite links is an integrity signal for
// reviewers (never a verdict: a shared family computer, a test run). A
// candidate's page gives the browser a random device cookie, once; the
// submission records its hash (submission_devices, evidenceSchema), and
// the Evidence page lists candidates whose browser also took other links.
// The candidate's screen says so before they begin.

const candidateDeviceCookie = "sa_candidate_device"

// ensureCandidateDevice gives the browser a device cookie when it has no
// valid one. It is HttpOnly and sent to this site only, for a year.
func (s *Server) ensureCandidateDevice(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(candidateDeviceCookie); err == nil && validToken(c.Value) {
		return
	}
	tok, _ := newSecret()
	http.SetCookie(w, &http.Cookie{Name: candidateDeviceCookie, Value: tok, Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
}

// deviceHash is the hash of the request's device cookie, nil without
// one. It is stored with the submission, in its transaction.
func deviceHash(r *http.Request) []byte {
	c, err := r.Cookie(candidateDeviceCookie)
	if err != nil || !validToken(c.Value) {
		return nil
	}
	return hashSecret(c.Value)
}

// sameDevice returns, for each submission of assessment aid whose browser
// took other links too, the candidates of those links (in any assessment),
// oldest first.
func (s *Store) sameDevice(ctx context.Context, aid int64) (map[int64][]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT d.submission_id, o.submission_id, os.candidate
FROM submission_devices d
JOIN submissions s ON s.id = d.submission_id AND s.assessment_id = ?
JOIN submission_devices o ON o.device = d.device AND o.submission_id <> d.submission_id
JOIN submissions os ON os.id = o.submission_id
ORDER BY d.submission_id, o.submission_id`, aid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var sid, oid int64
		var name string
		if err := rows.Scan(&sid, &oid, &name); err != nil {
			return nil, err
		}
		out[sid] = append(out[sid], strings.TrimSpace(name))
	}
	return out, rows.Err()
}
