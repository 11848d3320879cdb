package panel

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkAuditPage reads a page of the audit log deep inside 100,000
// entries: a keyset read on the primary key, as cheap as the first page.
func BenchmarkAuditPage(b *testing.B) {
	h := newHarness(b)
	ctx := context.Background()
	const n = 100000
	tx, err := h.srv.store.db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		if err := appendAudit(ctx, tx, AuditEntry{At: h.clock.Now(), Actor: "panel", Action: "bench.entry", Target: fmt.Sprintf("n%d", i), Detail: "a detail of some length, as a sign-in or a submission has"}); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		list, _, err := h.srv.store.AuditPage(ctx, int64(n/2-i%1000), auditPageSize)
		if err != nil || len(list) != auditPageSize {
			b.Fatal(err, len(list))
		}
	}
}
