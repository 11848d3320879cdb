// Package trainer holds the logic of the trainer's tools of the scenario
// command: the JSON Schema of the scenario format, graphs, the starter file,
// transcript test plans, random playtests and xAPI statements. It is pure Go
// with no I/O of its own beyond what callers hand it; every play goes
// through package play, so the rules live in one place.
package trainer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// Schema is one JSON Schema (draft 2020-12) object, limited to the keywords
// the scenario schema uses. Fields are in the order they are printed.
type Schema struct {
	Schema               string      `json:"$schema,omitempty"`
	ID                   string      `json:"$id,omitempty"`
	Title                string      `json:"title,omitempty"`
	Description          string      `json:"description,omitempty"`
	Type                 string      `json:"type,omitempty"`
	Enum                 []string    `json:"enum,omitempty"`
	Pattern              string      `json:"pattern,omitempty"`
	Minimum              *float64    `json:"minimum,omitempty"`
	Maximum              *float64    `json:"maximum,omitempty"`
	MinItems             *int        `json:"minItems,omitempty"`
	Items                *Schema     `json:"items,omitempty"`
	Properties           *Properties `json:"properties,omitempty"`
	Required             []string    `json:"required,omitempty"`
	AdditionalProperties *bool       `json:"additionalProperties,omitempty"`
	Default              any         `json:"default,omitempty"`
	Examples             []any       `json:"examples,omitempty"`
	AllOf                []*Schema   `json:"allOf,omitempty"`
	OneOf                []*Schema   `json:"oneOf,omitempty"`
	If                   *Schema     `json:"if,omitempty"`
	Then                 *Schema     `json:"then,omitempty"`
}

// Properties is an ordered list of named property schemas; it prints as a
// JSON object in the order of the Go struct fields it came from.
type Properties struct {
	Names   []string
	Schemas map[string]*Schema
}

// Get returns the schema of a property, or nil.
func (p *Properties) Get(name string) *Schema {
	if p == nil {
		return nil
	}
	return p.Schemas[name]
}

func (p *Properties) add(name string, s *Schema) {
	if p.Schemas == nil {
		p.Schemas = map[string]*Schema{}
	}
	p.Names = append(p.Names, name)
	p.Schemas[name] = s
}

// MarshalJSON writes the properties in order.
func (p *Properties) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, name := range p.Names {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(name)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(p.Schemas[name])
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// keyDoc is what the schema says about one key beyond its Go type.
type keyDoc struct {
	desc     string
	required bool
	// apply adds the contract's constraints the Go type cannot carry.
	apply func(*Schema)
}

func ptr[T any](v T) *T { return &v }

// The TOML keys whose Go field is named differently: the file format uses
// singular array-of-table names ([[node]], [[node.choice]]).
var tomlName = map[string]string{
	"Scenario.Nodes": "node",
	"Node.Choices":   "choice",
}

// notBlank is the pattern of a required string the loader refuses when it
// is empty or only spaces.
const notBlank = `\S`

func blank(s *Schema) { s.Pattern = notBlank }

// docs describes every key of the format, by its path in a file ("node.id",
// "node.choice.next"). The schema test fails when a field of the Go types
// has no entry here, or an entry no field.
var docs = map[string]keyDoc{
	"id": {desc: "Unique id of the scenario across a library: lowercase letters, digits and '-', starting with a letter or digit. Example: \"double-charge\".", required: true,
		apply: func(s *Schema) { s.Pattern = `^[a-z0-9][a-z0-9-]*$`; s.Examples = []any{"double-charge"} }},
	"title": {desc: "Title shown to players and in reports.", required: true, apply: blank},
	"language": {desc: "Language of the texts, as a BCP 47 tag: en, pt-BR, es ...", required: true,
		apply: func(s *Schema) {
			s.Pattern = `^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`
			s.Examples = []any{"en", "pt-BR", "es"}
		}},
	"summary": {desc: "Optional one- or two-sentence description of the case, shown before play."},
	"tags":    {desc: "Optional free-text labels for finding scenarios, such as \"billing\"."},
	"start":   {desc: "Optional id of the first node. Default: the first [[node]] in the file."},
	"situation": {desc: "Optional (v2): links the files of one situation in different languages; they share it. Lowercase letters, digits and '-', like an id.",
		apply: func(s *Schema) { s.Pattern = `^[a-z0-9][a-z0-9-]*$`; s.Examples = []any{"double-charge"} }},
	"walkout":       {desc: "Optional (v2): id of the ending node (with ending = \"lost\") entered when the customer walks out, so the scene can be written.", apply: blank},
	"customer":      {desc: "Optional: the person the player serves."},
	"customer.name": {desc: "Optional name of the customer, shown to the player."},
	"customer.mood": {desc: "Optional starting mood, 0..100 (0 furious, 100 delighted). Default 50. When mood reaches 0 the customer walks out and the run ends as \"lost\".",
		apply: func(s *Schema) { s.Minimum, s.Maximum, s.Default = ptr(0.0), ptr(100.0), scenarios.DefaultMood }},
	"customer.look":             {desc: "Optional (an addition): how the game draws the customer. Every key is optional; a key left out comes from the customer's name, the same on every run and platform (a first name that reads as a woman's gets no facial hair by default)."},
	"customer.look.hair":        {desc: "Hair style: short, long, curly, bun, ponytail, bob, afro, buzz (cropped) or bald."},
	"customer.look.hair_color":  {desc: "Hair colour: black, brown, auburn, red, blonde, grey or white."},
	"customer.look.skin":        {desc: "Skin tone, lightest to darkest: pale, light, olive, tan, brown, dark."},
	"customer.look.age":         {desc: "Age: young, adult or older (older shows lines on the face, and grey hair unless hair_color says otherwise)."},
	"customer.look.build":       {desc: "Build: slim, average or broad (the face and shoulders)."},
	"customer.look.facial_hair": {desc: "Facial hair: none, stubble, moustache or beard."},
	"customer.look.glasses":     {desc: "Whether the customer wears glasses: true or false."},
	"node": {desc: "The moments of the scenario, each [[node]] either with choices or an ending. At least one.", required: true,
		apply: func(s *Schema) { s.MinItems = ptr(1) }},
	"node.id":      {desc: "Id of the node, unique in the file; choices name it in next.", required: true, apply: blank},
	"node.speaker": {desc: "Optional: who is talking (free text). Default \"customer\".", apply: func(s *Schema) { s.Default = scenarios.DefaultSpeaker }},
	"node.title":   {desc: "Optional (v2): a short title for the step, used by debriefs and reports instead of the node id.", apply: blank},
	"node.text":    {desc: "What is said or what happens at this node.", required: true, apply: blank},
	"node.fit": {desc: "Optional: the action(s) that fit this case. On a node with fit every choice needs an action, and scoring compares the action with this list: action in fit and a follow-up that owns the case (monitor, close) is the shock absorber.",
		apply: func(s *Schema) { s.MinItems = ptr(1) }},
	"node.time_limit": {desc: "Optional: seconds the player has to decide in assessment mode. A positive integer.",
		apply: func(s *Schema) { s.Minimum = ptr(1.0) }},
	"node.ending": {desc: "Makes this an ending node (it then has no choices): resolved, unresolved or lost."},
	"node.choice": {desc: "What the player can say or do at this node, in the order shown.",
		apply: func(s *Schema) { s.MinItems = ptr(1) }},
	"node.choice.text":   {desc: "What the player says or does.", required: true, apply: blank},
	"node.choice.action": {desc: "The agent's decision: assume (solve it yourself), derive (hand it to the team that manages it), connect (bring people together), escalate (open several fronts when the root cause is unknown). Required on a node that has fit."},
	"node.choice.follow_up": {desc: "What the agent does after deciding: none, promise (a quick answer with nothing behind it), monitor (keeps tracking the delegation) or close (owns it until total closure). monitor and close own the case. Default \"none\".",
		apply: func(s *Schema) { s.Default = scoring.None }},
	"node.choice.mood":     {desc: "Optional change to the customer's mood when this choice is taken (an integer, usually -100..100). Mood is clamped to 0..100; at 0 the customer walks out."},
	"node.choice.feedback": {desc: "Optional coaching shown after the choice in practice mode: why it fits or not."},
	"node.choice.next":     {desc: "Id of the node this choice leads to.", required: true, apply: blank},
	"node.choice.sets":     {desc: "Optional flags this choice sets, for later choices' requires and unless."},
	"node.choice.requires": {desc: "Optional: the choice is shown only when all these flags are set."},
	"node.choice.unless":   {desc: "Optional: the choice is hidden when any of these flags is set."},
	"node.choice.drift":    {desc: "Optional explicit archetype weights for this choice (values >= 0), replacing the fit and follow-up rules. Example: { pivot = 1.0 }."},
}

// enums are the keys whose strings come from a fixed list.
var enums = map[string][]string{
	"node.fit":                  scoring.Actions,
	"node.ending":               scoring.Endings,
	"node.choice.action":        scoring.Actions,
	"node.choice.follow_up":     scoring.FollowUps,
	"customer.look.hair":        scenarios.HairStyles,
	"customer.look.hair_color":  scenarios.HairColors,
	"customer.look.skin":        scenarios.Skins,
	"customer.look.age":         scenarios.Ages,
	"customer.look.build":       scenarios.Builds,
	"customer.look.facial_hair": scenarios.FacialHairs,
}

// archetypeDocs describe the keys of a drift table.
var archetypeDocs = map[string]string{
	scoring.Pivot:         "Weight toward the pivot: passes the need on to someone else with a quick answer and nothing behind it.",
	scoring.Spring:        "Weight toward the spring: keeps the case but answers without the knowledge to back it.",
	scoring.Connector:     "Weight toward the connector: brings many people together without a clear owner.",
	scoring.Disperser:     "Weight toward the disperser: opens several separate work fronts for one need.",
	scoring.ShockAbsorber: "Weight toward the shock absorber: the right analysis, the fitting action, owned until closure.",
}

// ScenarioSchema builds the JSON Schema of the scenario format by reflecting
// over the Go types of package scenarios and adding the contract's
// constraints. It fails when a field has no documentation here or the
// documentation names a key no field has, so the schema cannot silently
// fall behind the types.
func ScenarioSchema() (*Schema, error) {
	used := map[string]bool{}
	root, err := structSchema(reflect.TypeFor[scenarios.Scenario](), "", used)
	if err != nil {
		return nil, err
	}
	var stale []string
	for k := range docs {
		if !used[k] {
			stale = append(stale, k)
		}
	}
	if len(stale) > 0 {
		sort.Strings(stale)
		return nil, fmt.Errorf("schema documents keys that no Go field has: %s", strings.Join(stale, ", "))
	}
	root.Schema = "https://json-schema.org/draft/2020-12/schema"
	root.Title = "Shock Absorber scenario"
	root.Description = "One customer-service scenario (scenario contract v2, section 2). The schema catches structure; `scenario check` also checks references between nodes, duplicate ids and reachability."

	// Constraints across keys of a node, written as keywords of the node
	// itself rather than under allOf: an allOf on the node stops Taplo's
	// language server (Even Better TOML) from completing keys inside
	// [[node]], and if/then beside oneOf validate exactly as allOf of the
	// two would.
	node := root.Properties.Get("node").Items
	node.Description = "A node has either choices or an ending, not both; on a node with fit every choice needs an action."
	node.If = &Schema{Required: []string{"fit"}}
	node.Then = &Schema{Properties: &Properties{Names: []string{"choice"}, Schemas: map[string]*Schema{
		"choice": {Items: &Schema{Required: []string{"action"}}},
	}}}
	node.OneOf = []*Schema{{Required: []string{"choice"}}, {Required: []string{"ending"}}}
	return root, nil
}

// SchemaJSON returns the schema as indented JSON with a final newline, as
// `scenario schema` prints it and docs/scenario.schema.json holds it.
func SchemaJSON() ([]byte, error) {
	s, err := ScenarioSchema()
	if err != nil {
		return nil, err
	}
	return play.MarshalJSON(s)
}

func structSchema(t reflect.Type, prefix string, used map[string]bool) (*Schema, error) {
	s := &Schema{Type: "object", Properties: &Properties{}, AdditionalProperties: ptr(false)}
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		name := tag
		if n, ok := tomlName[t.Name()+"."+f.Name]; ok {
			name = n
		}
		if name == "" {
			return nil, fmt.Errorf("field %s.%s has no json name", t.Name(), f.Name)
		}
		key := name
		if prefix != "" {
			key = prefix + "." + name
		}
		doc, ok := docs[key]
		if !ok {
			return nil, fmt.Errorf("field %s.%s (key %q) is not documented in the schema: add it to trainer.docs", t.Name(), f.Name, key)
		}
		used[key] = true
		ps, err := typeSchema(f.Type, key, used)
		if err != nil {
			return nil, err
		}
		ps.Description = doc.desc
		if e, ok := enums[key]; ok {
			target := ps
			if ps.Type == "array" {
				target = ps.Items
			}
			target.Enum = e
		}
		if doc.apply != nil {
			doc.apply(ps)
		}
		if doc.required {
			s.Required = append(s.Required, name)
		}
		s.Properties.add(name, ps)
	}
	return s, nil
}

func typeSchema(t reflect.Type, key string, used map[string]bool) (*Schema, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return &Schema{Type: "string"}, nil
	case reflect.Int, reflect.Int32, reflect.Int64:
		return &Schema{Type: "integer"}, nil
	case reflect.Float64:
		return &Schema{Type: "number"}, nil
	case reflect.Bool:
		return &Schema{Type: "boolean"}, nil
	case reflect.Slice:
		items, err := typeSchema(t.Elem(), key, used)
		if err != nil {
			return nil, err
		}
		return &Schema{Type: "array", Items: items}, nil
	case reflect.Struct:
		return structSchema(t, key, used)
	case reflect.Map:
		if t.Key().Kind() != reflect.String || t.Elem().Kind() != reflect.Float64 {
			break
		}
		// The only map is a drift table: archetype -> weight >= 0.
		s := &Schema{Type: "object", Properties: &Properties{}, AdditionalProperties: ptr(false)}
		for _, a := range scoring.Archetypes {
			s.Properties.add(a, &Schema{Type: "number", Minimum: ptr(0.0), Description: archetypeDocs[a]})
		}
		return s, nil
	}
	return nil, fmt.Errorf("key %q has Go type %s, which the schema generator does not know", key, t)
}
