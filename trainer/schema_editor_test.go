package trainer

import (
	"bytes"
	"testing"
)

// Taplo's language server (Even Better TOML) completes nothing inside a
// table whose schema uses allOf (e2e/editor shows it): the schema keeps
// its cross-key rules as if/then and oneOf instead.
func TestSchemaHasNoAllOf(t *testing.T) {
	data, err := SchemaJSON()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(`"allOf"`)) {
		t.Error(`the schema uses "allOf", which stops Taplo's completion inside the table that has it`)
	}
	node, _ := ScenarioSchema()
	n := node.Properties.Get("node").Items
	if n.If == nil || n.Then == nil || len(n.OneOf) != 2 {
		t.Error("the node lost its cross-key rules (fit needs actions; choices or an ending)")
	}
}
