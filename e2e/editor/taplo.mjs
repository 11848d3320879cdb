// A language-server client for Taplo (npm @taplo/lsp, the engine of the
// Even Better TOML extension), run in this process: it opens a document
// and asks for completions, as an editor does when the user types.
//
// Run as a program (node taplo.mjs URI LINE CHARACTER < text) it prints
// the completion labels as JSON; lsp.test.mjs runs it that way where
// Taplo may panic, since a panic in its WebAssembly ends the process.
import { promises as fsp } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { TaploLsp } = require("@taplo/lsp");

// open starts a language server for the workspace root.
export async function open(root) {
  const waiting = new Map();
  let next = 0;
  const env = {
    now: () => new Date(),
    envVar: (n) => process.env[n],
    envVars: () => Object.entries(process.env),
    stdErrAtty: () => false,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: { write: () => true }, // Taplo's own log
    glob: () => [],
    readFile: (p) => fsp.readFile(p),
    writeFile: (p, b) => fsp.writeFile(p, b),
    urlToFilePath: (u) => { try { return fileURLToPath(u); } catch (e) { return u; } },
    isAbsolute: (p) => path.isAbsolute(p),
    cwd: () => root,
    findConfigFile: () => undefined,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    // No schema catalog from the network: the test machine is offline,
    // and the file names its schema itself.
    fetch: { fetch: () => Promise.reject(new Error("offline")), Headers, Request, Response },
  };
  const diagnostics = new Map();
  let lsp;
  lsp = await TaploLsp.initialize(env, {
    onMessage(msg) {
      if (msg.id !== undefined && !msg.method && waiting.has(msg.id)) {
        waiting.get(msg.id)(msg);
        waiting.delete(msg.id);
      } else if (msg.method && msg.id !== undefined) {
        // Requests from the server: its settings, as an editor answers.
        const result = msg.method === "workspace/configuration" ? (msg.params.items || []).map(() => ({ schema: { enabled: true, catalogs: [] } })) : null;
        lsp.send({ jsonrpc: "2.0", id: msg.id, result });
      } else if (msg.method === "textDocument/publishDiagnostics") {
        diagnostics.set(msg.params.uri, msg.params.diagnostics);
      }
    },
  });
  function request(method, params) {
    const id = ++next;
    lsp.send({ jsonrpc: "2.0", id, method, params });
    return new Promise((resolve, reject) => {
      waiting.set(id, resolve);
      setTimeout(() => reject(new Error(`Taplo did not answer ${method} in 20 s`)), 20000).unref();
    });
  }
  await request("initialize", {
    processId: process.pid, rootUri: "file://" + root, workspaceFolders: [{ uri: "file://" + root, name: "root" }],
    capabilities: { textDocument: { completion: { completionItem: { documentationFormat: ["markdown", "plaintext"] } } } },
  });
  lsp.send({ jsonrpc: "2.0", method: "initialized", params: {} });
  const versions = new Map();
  return {
    diagnostics,
    // show opens (or replaces) the document at uri with text.
    async show(uri, text) {
      const version = (versions.get(uri) || 0) + 1;
      versions.set(uri, version);
      diagnostics.delete(uri);
      lsp.send({ jsonrpc: "2.0", method: version === 1 ? "textDocument/didOpen" : "textDocument/didChange",
        params: version === 1 ? { textDocument: { uri, languageId: "toml", version, text } } : { textDocument: { uri, version }, contentChanges: [{ text }] } });
      await new Promise((r) => setTimeout(r, 300));
    },
    // problems waits for the diagnostics of uri (schema errors among
    // them) after show, and returns them.
    async problems(uri) {
      for (let i = 0; i < 200 && !diagnostics.has(uri); i++) await new Promise((r) => setTimeout(r, 50));
      return diagnostics.get(uri) || null;
    },
    // complete returns the completion items at a position (0-based).
    async complete(uri, line, character) {
      const res = await request("textDocument/completion", { textDocument: { uri }, position: { line, character } });
      if (res.error) throw new Error("completion: " + JSON.stringify(res.error));
      return Array.isArray(res.result) ? res.result : (res.result && res.result.items) || [];
    },
    close: () => lsp.dispose(),
  };
}

// doc is the documentation of a completion item as text.
export function doc(item) {
  const d = item.documentation;
  return typeof d === "string" ? d : (d && d.value) || "";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [uri, line, character] = process.argv.slice(2);
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  const s = await open(process.cwd());
  await s.show(uri, Buffer.concat(chunks).toString("utf8"));
  const items = await s.complete(uri, Number(line), Number(character));
  console.log(JSON.stringify(items.map((i) => i.label)));
  process.exit(0);
}
