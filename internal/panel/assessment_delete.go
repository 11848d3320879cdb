package panel

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// ErrHasSubmissions refuses to delete an assessment candidates took.
var ErrHasSubmissions = errors.New("candidates have submitted results for this assessment, which are kept: it cannot be deleted")

// DeleteAssessment deletes an assessment no candidate has submitted
// (a draft, or one made by mistake) with its scenarios and links, and
// says so in the audit log.
func (s *Store) DeleteAssessment(ctx context.Context, by Actor, id int64, now time.Time) error {
	return s.inTx(ctx, func(tx *sqlTx) error {
		var name string
		err := tx.QueryRowContext(ctx, "SELECT name FROM assessments WHERE id = ?", id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		var subs int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM submissions WHERE assessment_id = ?", id).Scan(&subs); err != nil {
			return err
		}
		if subs > 0 {
			return ErrHasSubmissions
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM invites WHERE assessment_id = ?", id)
		if err != nil {
			return err
		}
		links, _ := res.RowsAffected()
		if _, err := tx.ExecContext(ctx, "DELETE FROM assessment_scenarios WHERE assessment_id = ?", id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM assessments WHERE id = ?", id); err != nil {
			return fmt.Errorf("delete assessment %d: %w", id, err)
		}
		return appendAudit(ctx, tx, by.entry(now, "assessment.deleted", fmt.Sprintf("assessment %d", id), fmt.Sprintf("%q; %s deleted with it", name, plural(int(links), "unused link", "unused links"))))
	})
}

func (s *Server) handleDeleteAssessment(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	err := s.store.DeleteAssessment(r.Context(), s.actor(r), id, s.now())
	if errors.Is(err, ErrHasSubmissions) {
		s.errorPage(w, r, http.StatusConflict, "Not deleted", capitalize(err.Error())+".")
		return
	}
	if s.pageFailed(w, r, err) {
		return
	}
	s.mu.Lock()
	delete(s.assessments, id)
	s.mu.Unlock()
	http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
}
