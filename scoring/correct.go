package scoring

// Correct reports whether a decision that added the weights w counts as
// correct where one answer is marked right or wrong (an LMS interaction,
// an xAPI result): when it fed the shock absorber at least as much as any
// other archetype. For a choice without a drift table that is exactly
// scoring v2's fit and ownership: an action that fits the node (or a node
// with no fit) and a follow-up that owns the case (monitor or close). A
// drift table counts as correct when the shock absorber leads it.
func Correct(w Weights) bool {
	sa := w[4]
	if sa <= 0 {
		return false
	}
	for i := range 4 {
		if w[i] > sa {
			return false
		}
	}
	return true
}
