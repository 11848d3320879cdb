// Browser end-to-end test of an assessment, run by run.sh (which starts
// the panel server and sets the environment below):
//
//   the owner opens the setup link the new panel printed and creates their
//   account, invites an author by link from the Members page; the author
//   joins with that link, creates an assessment of two bundled scenarios
//   with time limits, and makes an invite link; a candidate opens
//   it in a fresh browser context, types a name and plays it through with
//   the keyboard only; the panel's dashboard then shows the candidate, and
//   every report the server computed equals `scenario play --json` for the
//   choices the candidate made; the candidate's page says the author
//   invited them, and the owner's audit log shows who did what.
//
// It also measures the download (brotli bytes actually sent) and the time
// from navigation to the game's first interactive frame on screen, and saves a screenshot of each
// step in e2e/browser/out/assess/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { chromium } from "playwright-core";

import { args, frameCount, heldFor, HOLD_MS, key, outDir, snapper, state, waitScene } from "./lib.mjs";

const base = process.env.PANEL_URL;
const setupURL = process.env.PANEL_SETUP_URL;
const scenarioBin = process.env.SCENARIO_BIN;
const root = process.env.REPO_ROOT;
if (!base || !setupURL || !scenarioBin || !root) {
  throw new Error("run this through e2e/browser/run.sh (PANEL_URL, PANEL_SETUP_URL, SCENARIO_BIN, REPO_ROOT)");
}
const out = outDir(root, "assess");
const snap = snapper(out);

const SCENARIOS = ["double-charge", "friday-outage"];
const OWNER = { email: "olga.owner@example.org", name: "Olga Owner", password: "e2e owner " + Date.now() };
const AUTHOR = { email: "arturo.author@example.org", name: "Arturo Author", password: "e2e author " + Date.now() };
const SEED = "4815162342";
// The candidate types the Latin part with keys (ë, ñ and Å as keyboards
// with those keys send them) and the Chinese part with an input method.
const CANDIDATE_KEYS = "Zoë Núñez-Ågren ";
const CANDIDATE_IME = { steps: ["w", "wa", "wang", "wang f", "wang fang"], text: "王芳" };
const CANDIDATE = CANDIDATE_KEYS + CANDIDATE_IME.text;
const BUDGET_BYTES = 3_000_000; // whole download, brotli
const BUDGET_FIRST_FRAME_MS = 1500;

// typeChar types one character as a keyboard with that key would (a
// Spanish "ñ" key, a Portuguese "ç"): a keydown carrying the character,
// which is what the game reads. Playwright's own keyboard only knows the
// US layout and sends other characters as bare text input.
async function typeChar(page, cdp, ch) {
  if (/^[\x20-\x7e]$/.test(ch)) return key(page, ch === " " ? "Space" : ch);
  const before = await frameCount(page);
  await cdp.send("Input.dispatchKeyEvent", { type: "keyDown", key: ch, text: ch, unmodifiedText: ch });
  await page.waitForTimeout(HOLD_MS);
  await heldFor(page, before);
  await cdp.send("Input.dispatchKeyEvent", { type: "keyUp", key: ch });
  await page.waitForTimeout(60);
}

// typeWithIME types text as an input method does (Chinese pinyin, say):
// the reading is composed step by step, shown but not yet typed, then the
// chosen characters are committed at once, with no key characters.
// beforeCommit runs while the last step is on screen.
async function typeWithIME(page, cdp, steps, text, beforeCommit) {
  for (const s of steps) {
    await cdp.send("Input.imeSetComposition", { text: s, selectionStart: s.length, selectionEnd: s.length });
    await page.waitForTimeout(HOLD_MS);
  }
  if (beforeCommit) await beforeCommit();
  await cdp.send("Input.insertText", { text });
  await page.waitForTimeout(HOLD_MS);
}

// transferred asks the server for url as a browser would (Accept-Encoding
// br) and returns the bytes sent on the wire and the encoding.
function transferred(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { "Accept-Encoding": "br, gzip" } }, (res) => {
      let n = 0;
      const chunks = [];
      res.on("data", (c) => { n += c.length; chunks.push(c); });
      res.on("end", () => resolve({ status: res.statusCode, bytes: n, encoding: res.headers["content-encoding"] || "identity", body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

// watchFrames runs in the page before the page's own scripts: a
// requestAnimationFrame loop that notes, on the page's clock (ms since
// navigation), when it first sees the game's first frame and its first
// interactive frame (the scene reports ready: the title's cards, or the
// candidate's name field, take keys). A rAF callback runs once the frame
// before it has gone to the compositor, so these are the times the frames
// reached the screen, free of the test harness's own round trips.
function watchFrames() {
  const tick = () => {
    const s = globalThis.shockAbsorberState;
    if (s && s.frames > 0 && !globalThis.__saPainted) globalThis.__saPainted = performance.now();
    if (s && s.ready) { globalThis.__saInteractive = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

// firstFrame navigates to url and returns the milliseconds from the start
// of navigation to: go.run (started), the game's first frame made (made),
// painted, and the first interactive frame painted (interactive), plus
// page.goto → interactive as seen from here (outside).
async function firstFrame(page, url) {
  await page.addInitScript(watchFrames);
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => globalThis.__saInteractive, null, { timeout: 20000 });
  const outside = Date.now() - t0;
  const r = await page.evaluate(() => [globalThis.shockAbsorberStarted || 0, globalThis.shockAbsorberState.first_frame_ms, globalThis.__saPainted, globalThis.__saInteractive]);
  const [started, made, painted, interactive] = r.map(Math.round);
  return { started, made, painted, interactive, outside };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

test("a candidate takes an assessment in the browser; the panel re-scores it like the CLI", { timeout: 240000 }, async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args });
  try {
    // --- The owner: the setup link makes their account; they invite an
    // author by link.
    const ownerCtx = await browser.newContext({ viewport: { width: 1200, height: 860 } });
    const op = await ownerCtx.newPage();
    await op.goto(setupURL);
    await op.fill("#email", OWNER.email);
    await op.fill("#name", OWNER.name);
    await op.fill("#password", OWNER.password);
    await op.fill("#password2", OWNER.password);
    await snap(op, "owner-setup");
    await Promise.all([op.waitForURL(/\/dashboard$/), op.click("button[type=submit]")]);
    assert.equal((await op.goto(setupURL)).status(), 410, "the setup link works once");
    await op.goto(base + "/members");
    await op.fill("input[name=email]", AUTHOR.email);
    await op.selectOption("form.row select[name=role]", "author");
    await Promise.all([op.waitForLoadState("load"), op.click("form.row button[type=submit]")]);
    const joinLink = (await op.inputValue("textarea.links")).trim();
    assert.match(joinLink, /^http:\/\/127\.0\.0\.1:\d+\/join\/[A-Za-z0-9_-]{22}$/, "the invitation link");
    await snap(op, "owner-members-invited");

    // --- The author: joins with the link, creates an assessment, makes a
    // link for the candidate.
    const panel = await browser.newContext({ viewport: { width: 1200, height: 860 } });
    const pp = await panel.newPage();
    await pp.goto(joinLink);
    assert.equal(await pp.inputValue("#email"), AUTHOR.email, "the invitation names the author's e-mail");
    await pp.fill("#name", AUTHOR.name);
    await pp.fill("#password", AUTHOR.password);
    await pp.fill("#password2", AUTHOR.password);
    await snap(pp, "author-join");
    await Promise.all([pp.waitForURL(/\/dashboard$/), pp.click("button[type=submit]")]);
    assert.equal(await pp.locator("nav a[href='/members']").count(), 0, "an author is not offered the Members page");
    await pp.goto(base + "/assessments/new");
    await pp.fill("#name", "Support agents, browser e2e");
    for (const id of SCENARIOS) await pp.check(`input[name=scenario][value="${id}"]`);
    await pp.fill("#seed", SEED);
    await pp.check("input[name=time_limits]");
    await snap(pp, "panel-new-assessment");
    await Promise.all([pp.waitForURL(/\/assessments\/\d+$/), pp.click("form.card button[type=submit]")]);
    const assessmentURL = pp.url();
    await Promise.all([pp.waitForLoadState("load"), pp.click("form.row button[type=submit]")]);
    const link = (await pp.inputValue("textarea.links")).trim();
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/a\/[A-Za-z0-9_-]{22}$/, "the invite link");
    await snap(pp, "panel-invite-created");
    const token = link.split("/a/")[1];

    // --- What a candidate downloads: the page, wasm_exec.js and game.wasm.
    const page0 = await transferred(link);
    const pageBr = zlib.brotliCompressSync(page0.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    const js = await transferred(base + "/play/wasm_exec.js");
    const wasm = await transferred(base + "/play/game.wasm");
    assert.equal(wasm.status, 200, "game.wasm is served");
    assert.equal(wasm.encoding, "br", "game.wasm is sent brotli-compressed");
    assert.equal(js.encoding, "br", "wasm_exec.js is sent brotli-compressed");
    const total = wasm.bytes + js.bytes + pageBr;
    console.log(`download (brotli): game.wasm ${wasm.bytes} B + wasm_exec.js ${js.bytes} B + page ${pageBr} B (sent ${page0.bytes} B uncompressed) = ${total} B (${(total / 1e6).toFixed(3)} MB; budget ${BUDGET_BYTES / 1e6} MB)`);
    assert.ok(total <= BUDGET_BYTES, `the download is ${total} bytes, over the ${BUDGET_BYTES} budget`);

    // --- Time to the first frame: the practice game, three fresh loads.
    const times = [];
    for (let i = 0; i < 3; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const p = await ctx.newPage();
      times.push(await firstFrame(p, base + "/play/"));
      if (i === 2) {
        await waitScene(p, "title");
        await snap(p, "practice-title");
        await key(p, "Enter");
        // The scenario's file is fetched, then its opening types out; a
        // reader's Enter completes the line (it picks nothing: no choice
        // has focus yet). Software WebGL on a busy 2-core machine draws a
        // few frames a second, and typing goes by frames.
        await waitScene(p, "dialogue", { ready: false });
        await key(p, "Enter");
        const st = await waitScene(p, "dialogue");
        assert.ok(st.shown.length > 1, "the practice dialogue shows choices");
        await snap(p, "practice-dialogue");
      }
      await ctx.close();
    }
    const med = median(times.map((t) => t.interactive));
    const list = (k) => times.map((t) => t[k]).join(", ");
    console.log(`navigation → first interactive frame on screen (practice title): ${list("interactive")} ms (median ${med} ms, budget ${BUDGET_FIRST_FRAME_MS} ms); go.run at ${list("started")} ms; first frame made at ${list("made")}, painted at ${list("painted")} ms; page.goto → interactive seen from the test ${list("outside")} ms`);
    // Reported, not asserted: timings on a shared machine vary too much
    // for a test to fail on them.
    if (med > BUDGET_FIRST_FRAME_MS) console.log(`note: the median (${med} ms) is over the ${BUDGET_FIRST_FRAME_MS} ms budget on this run`);

    // --- The candidate, in a fresh context: keyboard only.
    const cand = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "en-US" });
    const cp = await cand.newPage();
    const errors = [];
    cp.on("pageerror", (e) => errors.push(String(e)));
    cp.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    const ff = await firstFrame(cp, link);
    console.log(`navigation → first interactive frame on screen (assessment link, name entry): ${ff.interactive} ms (go.run at ${ff.started} ms, first frame made at ${ff.made}, painted at ${ff.painted} ms)`);
    let st = await waitScene(cp, "candidate");
    await snap(cp, "candidate-empty");
    await key(cp, "Enter"); // an empty name is refused with a message
    await cp.waitForTimeout(150);
    assert.equal((await state(cp)).scene, "candidate", "Enter with no name stays on the candidate screen");
    await snap(cp, "candidate-name-needed");
    const cdp = await cand.newCDPSession(cp);
    for (const ch of CANDIDATE_KEYS) await typeChar(cp, cdp, ch);
    await key(cp, "Backspace");
    await typeChar(cp, cdp, CANDIDATE_KEYS.at(-1));
    await typeWithIME(cp, cdp, CANDIDATE_IME.steps, CANDIDATE_IME.text, () => snap(cp, "candidate-composing"));
    await snap(cp, "candidate-typed");
    await key(cp, "Enter");

    const chosen = {}; // scenario index -> file-order choices, as the transcript must record
    let decisions = 0;
    for (let si = 0; si < SCENARIOS.length; si++) {
      st = await waitScene(cp, "transition");
      assert.equal(st.detail, `${si + 1}/${SCENARIOS.length}`);
      await snap(cp, `transition-${si + 1}`);
      await key(cp, "Enter");
      chosen[si] = [];
      let node;
      for (;;) {
        st = await waitScene(cp, "dialogue", { notNode: node, timeout: 30000 }).catch(async (e) => {
          const now = await state(cp);
          if (now && (now.scene === "transition" || now.scene === "submitting" || now.scene === "submitted")) return now;
          throw e;
        });
        if (st.scene !== "dialogue") break;
        node = st.node;
        if (decisions < 4) await snap(cp, `dialogue-${si + 1}-${st.node}`);
        // Alternate between a digit and the arrows + Enter. Pick the
        // display position whose file-order index is lowest but vary it
        // per step, so the shuffle matters.
        const pos = decisions % st.shown.length;
        if (decisions % 2 === 0) {
          await key(cp, String(pos + 1));
        } else {
          for (let k = 0; k <= pos; k++) await key(cp, "ArrowDown");
          await key(cp, "Enter");
        }
        chosen[si].push(st.shown[pos]);
        decisions++;
        // The next screen: another node, the next transition, or the end.
        await cp.waitForFunction((n) => {
          const s = globalThis.shockAbsorberState;
          return s && (s.scene !== "dialogue" || s.node !== n);
        }, node, { timeout: 10000, polling: 50 }).catch(async (e) => {
          await snap(cp, "stuck");
          throw new Error(`the game did not move on from node ${node} after a key for display position ${pos + 1}: state ${JSON.stringify(await state(cp))}`, { cause: e });
        });
        const now = await state(cp);
        if (now.scene !== "dialogue") break;
      }
    }
    await waitScene(cp, "submitted", { timeout: 20000 });
    await snap(cp, "submitted");
    assert.deepEqual(errors, [], "no errors in the candidate's console");

    // The link is spent: opening it again explains why, without the game.
    const again = await cand.newPage();
    const res = await again.goto(link);
    assert.equal(res.status(), 410, "a used link answers 410 Gone");
    assert.match(await again.textContent("body"), /already been used/);
    await snap(again, "candidate-link-used");

    // --- Back on the panel: the dashboard and the exports.
    await pp.goto(base + "/dashboard");
    const row = pp.locator("table.candidates tbody tr", { hasText: CANDIDATE });
    await row.waitFor();
    const cells = await row.locator("td").allInnerTexts();
    await snap(pp, "panel-dashboard");
    // cells: map, candidate, assessment, archetype, endings, time, received
    assert.ok(cells[3].trim() !== "", "the archetype cell is filled in");
    assert.ok(cells[4].trim() !== "", "the endings cell is filled in");

    const exp = await (await panel.request.get(assessmentURL + "/results.json")).json();
    const sub = exp.assessments[0].submissions.find((s) => s.candidate === CANDIDATE);
    assert.ok(sub, "the export has the candidate");
    assert.equal(sub.results.length, SCENARIOS.length);
    sub.results.forEach((r, i) => {
      assert.equal(r.scenario, SCENARIOS[i]);
      assert.deepEqual(r.transcript.choices, chosen[i], `scenario ${r.scenario}: the transcript records the file-order choices of the keys pressed`);
      assert.equal(r.transcript.seed, Number(SEED));
      // The server's report equals the CLI's for the same choices.
      const cli = JSON.parse(execFileSync(scenarioBin, [
        "play", path.join(root, "scenarios/library", `${r.scenario}.toml`), "--choose", r.transcript.choices.join(","), "--json",
      ], { encoding: "utf8" }));
      assert.deepEqual(r.report, cli, `scenario ${r.scenario}: server report = scenario play --json`);
    });
    console.log(`candidate ${JSON.stringify(CANDIDATE)}: archetype ${sub.archetype} (dashboard: ${cells[3].trim().replace(/\s*\n\s*/g, " — ")}), endings ${sub.results.map((r) => r.report.ending).join(", ")}, choices ${sub.results.map((r) => r.transcript.choices.join(",")).join(" / ")}`);

    await pp.goto(base + "/submissions/" + sub.id);
    const rows = await pp.locator("section.transcript").evaluateAll((secs) => secs.map((s) => s.querySelectorAll("tbody tr").length));
    assert.deepEqual(rows, sub.results.map((r) => r.report.steps.length), "transcript rows per scenario = steps");
    const facts = (await pp.locator(".summary dl").textContent()).replace(/\s+/g, " ");
    assert.ok(facts.includes(`Invited by ${AUTHOR.name} ${AUTHOR.email}`), `the result shows who invited the candidate: ${facts}`);
    assert.equal(sub.invited_by, AUTHOR.email, "the export names who invited the candidate");
    await snap(pp, "panel-submission");

    // --- The owner's audit log: who did what, newest first.
    await op.goto(base + "/audit");
    const log = await op.locator("table.audit tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent.trim())));
    const actions = log.map((r) => r[3]);
    for (const want of ["submission.received", "export.downloaded", "invite.created", "assessment.created", "member.joined", "member.invited"]) {
      assert.ok(actions.includes(want), `the audit log has ${want}: ${actions.join(" ")}`);
    }
    const byAction = (a) => log.find((r) => r[3] === a);
    assert.equal(byAction("invite.created")[2], AUTHOR.email, "the author created the invite");
    assert.equal(byAction("member.invited")[2], OWNER.email, "the owner invited the author");
    assert.equal(byAction("submission.received")[6], "127.0.0.1", "where the submission came from");
    assert.ok(Number(log[0][0]) > Number(log[log.length - 1][0]), "newest first");
    await snap(op, "owner-audit-log");
    await ownerCtx.close();
    writeFileSync(path.join(out, "export.json"), JSON.stringify(exp, null, 2));
    await cand.close();
    await panel.close();
  } finally {
    await browser.close();
  }
});
