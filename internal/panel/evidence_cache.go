package panel

import (
	"context"
	"sync"

	"github.com/shockabsorber/shockabsorber/internal/evidence"
	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// Evidence is computed from every submission of an assessment, so it is
// kept per assessment until the assessment's results change: a new or
// deleted submission, or a re-score. A signature of three indexed counts
// says whether they did, so a candidate's page costs one small query once
// the group's norms are known, however many candidates there are.

type evidenceSig struct {
	subs, lastSub, rescores int64
}

type evidenceEntry struct {
	sig   evidenceSig
	norms *normsEntry
	full  *groupEvidence
}

// normsEntry is the group's norms with, per submission, its invite label.
type normsEntry struct {
	norms  evidence.Norms
	labels []string
}

// evidenceCache holds, per server, the entries by assessment id.
type evidenceCache struct {
	mu      sync.Mutex
	entries map[int64]*evidenceEntry
}

var evidenceCaches sync.Map // *Server -> *evidenceCache

func (s *Server) evidenceCache() *evidenceCache {
	v, _ := evidenceCaches.LoadOrStore(s, &evidenceCache{entries: map[int64]*evidenceEntry{}})
	return v.(*evidenceCache)
}

// evidenceSignature reads what changes when an assessment's results do.
func (s *Server) evidenceSignature(ctx context.Context, id int64) (evidenceSig, error) {
	var sig evidenceSig
	err := s.store.db.QueryRowContext(ctx, `SELECT count(*), coalesce(max(id), 0),
	(SELECT count(*) FROM rescores WHERE assessment_id = ?) FROM submissions WHERE assessment_id = ?`, id, id).
		Scan(&sig.subs, &sig.lastSub, &sig.rescores)
	return sig, err
}

// cached returns the entry of assessment id when it is still current, and
// the current signature.
func (s *Server) cachedEvidence(ctx context.Context, id int64) (*evidenceEntry, evidenceSig, error) {
	sig, err := s.evidenceSignature(ctx, id)
	if err != nil {
		return nil, sig, err
	}
	c := s.evidenceCache()
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[id]
	if e == nil || e.sig != sig {
		e = &evidenceEntry{sig: sig}
		c.entries[id] = e
	}
	return e, sig, nil
}

// store keeps what was computed for sig, unless the results changed
// meanwhile.
func (s *Server) keepEvidence(id int64, sig evidenceSig, norms *normsEntry, full *groupEvidence) {
	c := s.evidenceCache()
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[id]
	if e == nil || e.sig != sig {
		return
	}
	if norms != nil {
		e.norms = norms
	}
	if full != nil {
		e.full = full
		e.norms = &normsEntry{norms: full.An.Norms, labels: make([]string, len(full.Subs))}
		for i, sub := range full.Subs {
			e.norms.labels[i] = sub.InviteLabel
		}
	}
}

// groupNorms returns the norms of assessment id, reading only each
// submission's summed weights and fit counts (stored beside them since
// migration 4), never its reports.
func (s *Server) groupNorms(ctx context.Context, id int64) (*normsEntry, error) {
	e, sig, err := s.cachedEvidence(ctx, id)
	if err != nil {
		return nil, err
	}
	if e.norms != nil {
		return e.norms, nil
	}
	scenarios := 0
	if err := s.store.db.QueryRowContext(ctx, "SELECT count(*) FROM assessment_scenarios WHERE assessment_id = ?", id).Scan(&scenarios); err != nil {
		return nil, err
	}
	rows, err := s.store.db.QueryContext(ctx, `SELECT s.id, s.candidate, i.label, s.weights, s.fitting, s.decisions, s.lost
FROM submissions s JOIN invites i ON i.id = s.invite_id WHERE s.assessment_id = ? ORDER BY s.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cands []evidence.Candidate
	var labels []string
	for rows.Next() {
		var c evidence.Candidate
		var label, weights string
		var rep play.Report
		c.Scenarios = scenarios
		if err := rows.Scan(&c.ID, &c.Name, &label, &weights, &rep.Fitting, &rep.Decisions, &c.Lost); err != nil {
			return nil, err
		}
		var w scoring.Weights
		if err := w.UnmarshalJSON([]byte(weights)); err != nil {
			return nil, err
		}
		rep.Weights = w
		c.Reports = []play.Report{rep}
		cands = append(cands, c)
		labels = append(labels, label)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	n := &normsEntry{norms: evidence.ComputeNorms(cands), labels: labels}
	s.keepEvidence(id, sig, n, nil)
	return n, nil
}
