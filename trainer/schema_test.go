package trainer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// compileSchema compiles the generated schema with a draft 2020-12
// validator, which also checks it against the meta-schema.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := SchemaJSON()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource("scenario.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("scenario.schema.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

// tomlAsJSON decodes a TOML file into the JSON value an editor's schema
// check sees (Taplo does the same conversion).
func tomlAsJSON(t *testing.T, data []byte) (any, error) {
	t.Helper()
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return nil, err
	}
	j, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(j))
}

func TestSchemaEveryKeyDocumented(t *testing.T) {
	s, err := ScenarioSchema()
	if err != nil {
		t.Fatal(err)
	}
	var walk func(path string, s *Schema)
	count := 0
	walk = func(path string, s *Schema) {
		if s.Properties != nil {
			if s.AdditionalProperties == nil || *s.AdditionalProperties {
				t.Errorf("%s: additionalProperties is not false", path)
			}
			for _, name := range s.Properties.Names {
				p := s.Properties.Get(name)
				count++
				if strings.TrimSpace(p.Description) == "" {
					t.Errorf("%s.%s has no description", path, name)
				}
				walk(path+"."+name, p)
			}
		}
		if s.Items != nil {
			walk(path+"[]", s.Items)
		}
	}
	walk("$", s)
	if count < 30 {
		t.Errorf("only %d properties documented; the format has more", count)
	}
	if got := s.Required; strings.Join(got, ",") != "id,title,language,node" {
		t.Errorf("required top-level keys: got %v, want [id title language node]", got)
	}
}

// TestSchemaKeysAcceptedByLoader builds a file using every key the schema
// knows and checks that the loader knows them all too: together with the
// reflection over the Go types this keeps both in step.
func TestSchemaKeysAcceptedByLoader(t *testing.T) {
	s, err := ScenarioSchema()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	node := s.Properties.Get("node").Items
	choice := node.Properties.Get("choice").Items
	writeTable := func(props *Properties, skip ...string) {
		for _, name := range props.Names {
			if slices.Contains(skip, name) {
				continue
			}
			fmt.Fprintf(&b, "%s = %s\n", name, sampleValue(name, props.Get(name)))
		}
	}
	writeTable(s.Properties, "customer", "node")
	b.WriteString("[customer]\n")
	writeTable(s.Properties.Get("customer").Properties)
	b.WriteString("[[node]]\n")
	writeTable(node.Properties, "choice", "ending")
	b.WriteString("[[node.choice]]\n")
	writeTable(choice.Properties)
	b.WriteString("[[node]]\nid = \"end\"\ntext = \"x\"\nending = \"resolved\"\n")
	src := b.String()
	_, diags := scenarios.Parse("kitchen-sink.toml", []byte(src))
	for _, d := range diags {
		if strings.Contains(d.Message, "unknown key") || strings.Contains(d.Message, "must be") {
			t.Errorf("the loader rejects a key the schema has: %v\n%s", d, src)
		}
	}
	v, err := tomlAsJSON(t, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if err := compileSchema(t).Validate(v); err != nil {
		t.Errorf("the schema rejects its own sample: %v\n%s", err, src)
	}
}

func sampleValue(name string, s *Schema) string {
	switch {
	case name == "next" || name == "start":
		return `"end"`
	case name == "id":
		return `"end-x"`
	case name == "drift":
		return "{ pivot = 1.0 }"
	case len(s.Enum) > 0:
		return fmt.Sprintf("%q", s.Enum[0])
	case s.Type == "array" && s.Items != nil && len(s.Items.Enum) > 0:
		return fmt.Sprintf("[%q]", s.Items.Enum[0])
	case s.Type == "array":
		return `["x"]`
	case s.Type == "integer":
		return "5"
	case s.Type == "boolean":
		return "true"
	case s.Type == "object" && s.Properties != nil:
		// An inline table of every key, such as customer.look.
		var parts []string
		for _, k := range s.Properties.Names {
			parts = append(parts, k+" = "+sampleValue(k, s.Properties.Get(k)))
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	case s.Pattern != "" && s.Pattern != notBlank:
		return fmt.Sprintf("%q", s.Examples[0])
	}
	return `"x"`
}

func TestLibraryValidatesAgainstSchema(t *testing.T) {
	schema := compileSchema(t)
	files, _ := filepath.Glob("../scenarios/library/*.toml")
	if len(files) == 0 {
		t.Fatal("no library scenarios found")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, diags := scenarios.Parse(f, data); diags.HasErrors() {
				t.Skipf("check rejects it (another test reports that): %v", diags.Errors())
			}
			v, err := tomlAsJSON(t, data)
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(v); err != nil {
				t.Errorf("%s passes check but not the schema:\n%v", f, err)
			}
		})
	}
}

// TestBadFilesRejectedByBoth: every file in testdata/trainer/bad breaks
// the format in a way a schema can see; check and the schema must both
// reject it. The files in beyond-schema break only what check alone sees.
func TestBadFilesRejectedByBoth(t *testing.T) {
	schema := compileSchema(t)
	files, _ := filepath.Glob("../internal/cli/testdata/trainer/bad/*.toml")
	if len(files) < 20 {
		t.Fatalf("found %d bad files, want the whole set", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, _ := os.ReadFile(f)
			if _, diags := scenarios.Parse(f, data); !diags.HasErrors() {
				t.Errorf("check accepts %s", f)
			}
			v, err := tomlAsJSON(t, data)
			if err != nil {
				t.Fatal(err)
			}
			if schema.Validate(v) == nil {
				t.Errorf("the schema accepts %s", f)
			}
		})
	}
	beyond, _ := filepath.Glob("../internal/cli/testdata/trainer/beyond-schema/*.toml")
	for _, f := range beyond {
		data, _ := os.ReadFile(f)
		if _, diags := scenarios.Parse(f, data); !diags.HasErrors() {
			t.Errorf("check accepts %s", f)
		}
		v, _ := tomlAsJSON(t, data)
		if err := schema.Validate(v); err != nil {
			t.Errorf("%s should pass the schema (its problem is beyond it): %v", f, err)
		}
	}
}

// schemaLevel matches the messages of check about problems a schema can
// see. Integers written as floats (mood = 1.0) are left out: JSON, and so
// a JSON Schema, cannot tell 1.0 from 1.
var schemaLevel = regexp.MustCompile(`unknown key|must be (a|an) (string|integer|table|array)|must hold only strings|unknown (action|follow_up|ending|archetype)|missing required key|outside 0\.\.100|must not be empty|has no \[\[node\]\]`)

// TestSharedBadFilesRejectedBySchema reads the bad files of package
// scenarios (written by the loader's authors) and, for each that check
// rejects for a reason a schema can see, asks the schema to reject it too.
func TestSharedBadFilesRejectedBySchema(t *testing.T) {
	files, _ := filepath.Glob("../scenarios/testdata/bad/*.toml")
	if len(files) == 0 {
		t.Skip("no scenarios/testdata/bad files yet")
	}
	schema := compileSchema(t)
	for _, f := range files {
		data, _ := os.ReadFile(f)
		_, diags := scenarios.Parse(f, data)
		var reasons []string
		for _, d := range diags.Errors() {
			if schemaLevel.MatchString(d.Message) && !strings.Contains(d.Message, "not a float") {
				reasons = append(reasons, d.Message)
			}
		}
		if len(reasons) == 0 {
			continue
		}
		v, err := tomlAsJSON(t, data)
		if err != nil {
			continue // not TOML at all: no editor gets as far as the schema
		}
		if schema.Validate(v) == nil {
			t.Errorf("%s: check says %q, but the schema accepts the file", f, reasons)
		}
	}
}
