// docs/scenario.schema.json in Taplo, the engine of the Even Better TOML
// extension (npm @taplo/lsp and @taplo/cli, pinned): completion on a real
// library file that names the schema with a `#:schema` line, and the
// schema's checks as `taplo check` runs them. run.sh runs this file.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { open, doc } from "./taplo.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const FILE = path.join(ROOT, "scenarios/library/double-charge.toml");
const URI = "file://" + FILE;
const SCHEMA = path.join(ROOT, "docs/scenario.schema.json");
const CLI = path.join(HERE, "node_modules/@taplo/cli/dist/cli.js");

// The library file as a trainer has it open: the schema named on its first
// line by a path relative to the file, and the cursor on a new line in
// each table (marked "|" here; the marks are taken out before Taplo sees
// the text).
function withCursors(edit) {
  const lines = ("#:schema ../../docs/scenario.schema.json\n" + readFileSync(FILE, "utf8")).split("\n");
  edit(lines);
  const cursors = {};
  lines.forEach((l, i) => {
    const m = l.match(/\|(\w+)\|/);
    if (m) {
      cursors[m[1]] = { line: i, character: m.index };
      lines[i] = l.replace(m[0], "");
    }
  });
  return { text: lines.join("\n"), cursors };
}
const at = (lines, re, from = 0) => {
  const i = lines.findIndex((l, k) => k >= from && re.test(l));
  assert.ok(i >= 0, `no line matches ${re}`);
  return i;
};

let lsp;
before(async () => { lsp = await open(ROOT); });
after(() => lsp && lsp.close());

test("Taplo completes keys and values with their descriptions in [customer] and in [[node]]", async () => {
  const { text, cursors } = withCursors((lines) => {
    // The customer's mood taken out: the cursor where it was.
    const mood = at(lines, /^mood = /, at(lines, /^\[customer\]$/));
    lines[mood] = "|customer|";
    const hair = at(lines, /^hair = /);
    lines[hair] = "hair = |hair|";
    // The last node: Taplo compares a [[node]] with the last item of the
    // array when it leaves out keys already written.
    const node = lines.findLastIndex((l) => l.trim() === "[[node]]");
    lines.splice(at(lines, /^id = /, node) + 1, 0, "|node|");
    const ending = at(lines, /^ending = /, node);
    lines[ending] = "ending = |ending|";
  });
  await lsp.show(URI, text);
  const labels = async (name) => {
    const items = await lsp.complete(URI, cursors[name].line, cursors[name].character);
    return new Map(items.map((i) => [i.label.replace(/^"|"$/g, ""), doc(i)]));
  };

  // Every key of the table that the file does not have yet is offered,
  // with the schema's description.
  const schema = JSON.parse(readFileSync(SCHEMA, "utf8"));
  const present = (header, from = 0) => {
    const lines = text.split("\n");
    const start = lines.findIndex((l, k) => k >= from && l.trim() === header);
    const keys = [];
    for (let k = start + 1; k < lines.length && !/^\s*\[/.test(lines[k]); k++) {
      const m = lines[k].match(/^\s*([a-z_]+)\s*=/);
      if (m) keys.push(m[1]);
    }
    return keys;
  };
  const customer = await labels("customer");
  assert.ok(customer.has("mood"), `[customer] offers mood: ${[...customer.keys()]}`);
  assert.match(customer.get("mood"), /walks out/, "with the schema's description");
  assert.ok(!customer.has("name"), "name is written already");
  const hair = await labels("hair");
  assert.deepEqual([...hair.keys()].sort(), [...schema.properties.customer.properties.look.properties.hair.enum].sort(), "[customer.look] hair's values");

  const node = await labels("node");
  const nodeSchema = schema.properties.node.items.properties;
  const last = text.split("\n").findLastIndex((l) => l.trim() === "[[node]]");
  const nodeWant = Object.keys(nodeSchema).filter((k) => !present("[[node]]", last).includes(k));
  assert.ok(nodeWant.length >= 3, "the last node leaves keys to offer");
  for (const k of nodeWant) {
    assert.ok(node.has(k), `[[node]] offers ${k}: ${[...node.keys()]}`);
    assert.equal(node.get(k).includes(nodeSchema[k].description.slice(0, 30)), true, `${k} comes with its description: ${node.get(k)}`);
  }
  for (const k of present("[[node]]", last).filter((k) => k !== "ending")) assert.ok(!node.has(k), `${k} is already written and not offered again`);

  const ending = await labels("ending");
  assert.deepEqual([...ending.keys()].sort(), ["lost", "resolved", "unresolved"], "ending's values");
  console.log(`completions: [customer] ${[...customer.keys()].join(", ")}, hair = ${hair.size} styles, [[node]] ${node.size} (${[...node.keys()].join(", ")}), ending = ${[...ending.keys()].join(" | ")}`);
});

// Inside [[node.choice]] Taplo (0.8.0, and 0.6.1 before it) panics on any
// completion once a document has a schema: its query code looks the
// header's keys up as a table path (crates/taplo-lsp/src/query.rs,
// parent_table_or_array_table, `root.path(&keys).unwrap()`), and node.choice
// goes through an array. An empty schema {} panics the same way, so no
// schema can avoid it; without a schema Taplo answers (with nothing). This
// test pins that finding: when a Taplo release fixes it, it fails, and
// should then check completion inside [[node.choice]] as above.
test("inside [[node.choice]] Taplo's own bug, not the schema, stops completion", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "taplo-"));
  const empty = path.join(dir, "empty.schema.json");
  writeFileSync(empty, "{}");
  const complete = (schemaLine) => {
    const { text, cursors } = withCursors((lines) => {
      lines[0] = schemaLine;
      const choice = at(lines, /^\s*\[\[node\.choice\]\]$/);
      lines.splice(choice + 1, 0, "  |choice|");
    });
    return spawnSync(process.execPath, [path.join(HERE, "taplo.mjs"), URI, String(cursors.choice.line), String(cursors.choice.character)], { cwd: ROOT, input: text, encoding: "utf8", timeout: 60000 });
  };
  const none = complete("# no schema");
  assert.equal(none.status, 0, "without a schema Taplo answers: " + none.stderr.slice(-400));
  for (const [name, line] of [["the scenario schema", "#:schema ../../docs/scenario.schema.json"], ["an empty schema", "#:schema file://" + empty]]) {
    const r = complete(line);
    assert.notEqual(r.status, 0, `with ${name} Taplo no longer panics inside [[node.choice]]: check its completions there now (${r.stdout})`);
    assert.match(r.stderr, /query\.rs/, `with ${name} the panic is Taplo's query code: ${r.stderr.slice(-400)}`);
  }
});

// The schema keeps its checks: taplo check accepts every library file, and
// the language server marks every broken file of check's own test set (all
// break the format where a schema can see it), each opened as an editor
// opens it with the schema named on its first line.
test("the schema in Taplo: the library passes taplo check, every broken file gets a diagnostic", async () => {
  const lib = [path.join(ROOT, "scenarios/library"), path.join(ROOT, "scenarios/library/vignettes")]
    .flatMap((d) => readdirSync(d).filter((f) => f.endsWith(".toml")).map((f) => path.join(d, f)));
  await promisify(execFile)(process.execPath, [CLI, "check", "--schema", "file://" + SCHEMA, ...lib], { cwd: ROOT });
  const badDir = path.join(ROOT, "internal/cli/testdata/trainer/bad");
  const bad = readdirSync(badDir).filter((f) => f.endsWith(".toml"));
  assert.ok(bad.length >= 20, "the whole broken set");
  const missed = [];
  for (const f of bad) {
    const uri = "file://" + path.join(badDir, f);
    await lsp.show(uri, "#:schema file://" + SCHEMA + "\n" + readFileSync(path.join(badDir, f), "utf8"));
    const d = await lsp.problems(uri);
    if (!d || d.length === 0) missed.push(f);
  }
  assert.deepEqual(missed, [], "Taplo finds nothing wrong in these broken files");
  // And a good file gets none.
  const goodURI = "file://" + path.join(ROOT, "scenarios/library/friday-outage.toml");
  await lsp.show(goodURI, "#:schema file://" + SCHEMA + "\n" + readFileSync(path.join(ROOT, "scenarios/library/friday-outage.toml"), "utf8"));
  assert.deepEqual(await lsp.problems(goodURI), [], "a library file gets no diagnostic");
  console.log(`taplo check: ${lib.length} library files pass; the language server marks all ${bad.length} broken files`);
});
