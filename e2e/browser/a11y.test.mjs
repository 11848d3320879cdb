// The accessible view, run by run.sh: a practice session on /play/ and an
// assessment invite, each taken end to end with the mirror's buttons and
// field only (found by role and name, as a screen reader finds them),
// never a key sent to the canvas. The live region must carry the
// customer's line and the countdown's announcements; each choice must be
// the one the engine records (the debrief's ending equals `scenario play
// --json` for the same choices; the panel's transcript holds the
// file-order choices); axe finds nothing critical or serious on /play/
// or /a/{token}. Screenshots with the view open land in
// e2e/browser/out/a11y/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

import { args, outDir, snapper, startPanel, state, waitScene } from "./lib.mjs";

const panelBin = process.env.PANEL_BIN;
const scenarioBin = process.env.SCENARIO_BIN;
const root = process.env.REPO_ROOT;
if (!panelBin || !scenarioBin || !root) {
  throw new Error("run this through e2e/browser/run.sh (PANEL_BIN, SCENARIO_BIN, REPO_ROOT)");
}
const out = outDir(root, "a11y");
const snap = snapper(out);
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

// The panel for these tests: a server of their own, with an owner who
// signs in with an e-mail and a password (the other tests make theirs
// through the setup link of the shared one).
const OWNER = { email: "a11y-owner@e2e.test", password: "a11y-" + randomUUID() };
let server;
test.before(async () => {
  server = await startPanel({ bin: panelBin, root, owner: OWNER, name: "a11y" });
});
test.after(() => server && server.stop());

// axe runs axe-core in the page and returns its critical and serious
// violations, each as "rule: target (summary)".
async function axe(page) {
  await page.evaluate(axeSource);
  const res = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ["violations"] }));
  return res.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${n.failureSummary.replace(/\s+/g, " ")}`));
}

// mirror returns the accessible view's region (found by its name).
const mirror = (page, name = "Accessible view") => page.getByRole("region", { name });
const live = (page) => page.locator("#sa-a11y-live");

// view waits until the accessible view shows one of scenes, on another
// screen than the one numbered notSerial, and returns the game's state
// with the view's serial. It does not wait for the canvas to finish
// typing the line: on a busy machine software WebGL draws a few frames a
// second, and the view has the whole line at once.
async function view(page, scenes, notSerial = -1) {
  await page.waitForFunction(([scenes, notSerial]) => {
    const r = document.getElementById("sa-a11y");
    const s = globalThis.shockAbsorberState;
    return s && scenes.includes(r.dataset.scene) && Number(r.dataset.serial) !== notSerial && s.scene === r.dataset.scene;
  }, [scenes, notSerial], { timeout: 30000, polling: 50 });
  const st = await state(page);
  st.serial = Number(await page.locator("#sa-a11y").getAttribute("data-serial"));
  return st;
}

// openingLine returns the first node's text of a library scenario file.
function openingLine(file) {
  const toml = readFileSync(path.join(root, "scenarios/library", file), "utf8");
  const m = toml.match(/\[\[node\]\][\s\S]*?\ntext = "((?:[^"\\]|\\.)*)"/);
  return JSON.parse('"' + m[1] + '"');
}

test("practice through the accessible view only, with reduced motion; axe on /play/", { timeout: 240000 }, async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "en-US", reducedMotion: "reduce" });
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(server.url + "/play/");
    await waitScene(page, "title");
    const toggle = page.getByRole("button", { name: "Accessible view" });
    await toggle.waitFor();
    // The toggle lies in a strip of its own: it covers none of the game
    // (the title's key hint is at the canvas's bottom left).
    const [cv, tg] = await page.evaluate(() => [document.querySelector("canvas"), document.getElementById("sa-a11y-toggle")].map((e) => e.getBoundingClientRect().toJSON()));
    assert.ok(tg.top >= cv.bottom, `the Accessible view toggle (top ${tg.top}) covers the game (bottom ${cv.bottom})`);

    const hidden = await axe(page);
    assert.deepEqual(hidden, [], "axe on /play/ (the view hidden)");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-pressed"), "true");
    await page.waitForTimeout(300); // the game takes the narrower page
    const shown = await axe(page);
    assert.deepEqual(shown, [], "axe on /play/ (the view open)");
    await snap(page, "play-title-view-open");

    // The picker: the situation's card as a button, its languages as
    // toggles; play it in English.
    const m = mirror(page);
    await m.getByRole("button", { name: "Charged twice" }).click();
    let st = await view(page, ["dialogue"]);
    const first = openingLine("double-charge.toml");
    await live(page).getByText(first, { exact: false }).waitFor();
    assert.match(await live(page).innerText(), /Dana Whitfield \(Mood: \w+\)/, "the live region names the speaker and the mood");
    assert.equal(await page.evaluate(() => document.activeElement.id), "sa-line", "the keyboard is on the line");
    await snap(page, "play-dialogue");

    const choices = [];
    for (let step = 0; step < 40; step++) {
      if (st.scene === "debrief") break;
      const buttons = live(page).getByRole("list").getByRole("button");
      if (st.scene === "dialogue" && (await buttons.count()) > 0) {
        const n = await buttons.count();
        assert.equal(n, st.shown.length, "one button per choice on screen");
        const pos = (step + 1) % n;
        await live(page).getByRole("button", { name: new RegExp("^" + (pos + 1) + "\\. ") }).click();
        choices.push(pos + 1);
      } else if (st.scene === "feedback") {
        if (choices.length === 1) await snap(page, "play-feedback");
        await live(page).getByRole("button", { name: "Continue" }).click();
      } else if (st.scene === "dialogue") {
        await live(page).getByRole("button", { name: "See your debrief" }).click();
      } else {
        assert.fail("unexpected screen " + JSON.stringify(st));
      }
      const before = st;
      st = await view(page, ["dialogue", "feedback", "debrief"], before.serial);
      if (st.scene === "dialogue" && before.scene === "feedback") {
        assert.equal(await page.evaluate(() => document.activeElement.id), "sa-line", "after a choice the keyboard moves to the new line");
      }
    }
    assert.equal(st.scene, "debrief");
    const cli = JSON.parse(execFileSync(scenarioBin, ["play", path.join(root, "scenarios/library/double-charge.toml"), "--choose", choices.join(","), "--json"], { encoding: "utf8" }));
    const endings = { resolved: "Resolved", unresolved: "Unresolved", lost: "Customer lost" };
    const text = await live(page).innerText();
    assert.match(text, new RegExp("How it ended: " + endings[cli.ending]), `the debrief says the ending scenario play --json gives for ${choices}`);
    assert.ok(text.includes(`${cli.steps.length}. `), "the path lists every step");
    await snap(page, "play-debrief");
    await live(page).getByRole("button", { name: "Another scenario" }).click();
    await waitScene(page, "title");
    assert.deepEqual(errors, [], "no errors in the page");
    console.log(`practice through the accessible view: double-charge choices ${choices.join(",")} → ${cli.ending}`);
    await ctx.close();
  } finally {
    await browser.close();
  }
});

test("an assessment invite through the accessible view only; countdown announced; axe on /a/{token}", { timeout: 240000 }, async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args });
  try {
    const panel = await browser.newContext({ viewport: { width: 1200, height: 860 } });
    const pp = await panel.newPage();
    await pp.goto(server.url + "/login");
    await pp.fill("#email", OWNER.email);
    await pp.fill("#password", OWNER.password);
    await Promise.all([pp.waitForURL(/\/dashboard/), pp.click("button[type=submit]")]);
    await pp.goto(server.url + "/assessments/new");
    await pp.fill("#name", "Accessible view e2e");
    for (const id of ["v01-minibar-charge", "v02-dizzy-spells"]) await pp.check(`input[name=scenario][value="${id}"]`);
    await pp.fill("#seed", "99");
    await pp.check("input[name=time_limits]");
    await Promise.all([pp.waitForURL(/\/assessments\/\d+$/), pp.click("form.card button[type=submit]")]);
    const assessmentURL = pp.url();
    await Promise.all([pp.waitForLoadState("load"), pp.click("form.row button[type=submit]")]);
    const link = (await pp.inputValue("textarea.links")).trim();

    const cand = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "en-US" });
    const page = await cand.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(link);
    try {
      await candidate(page, errors, assessmentURL, panel);
    } catch (e) {
      await snap(page, "failed");
      const f0 = (await state(page)).frames;
      await page.waitForTimeout(1000);
      throw new Error(`${e.message}: the candidate's page is on ${JSON.stringify(await state(page))} (${f0} frames a second before), its view says: ${await live(page).innerText()}`, { cause: e });
    }
    await cand.close();
    await panel.close();
  } finally {
    await browser.close();
  }
});

async function candidate(page, errors, assessmentURL, panel) {
  {
    await waitScene(page, "candidate");
    const field = mirror(page).getByRole("textbox", { name: "Your name or candidate code" });
    await field.waitFor({ state: "attached" });
    assert.deepEqual(await axe(page), [], "axe on /a/{token} (the name entry, the view hidden)");

    // Shift+Tab leaves the game's canvas (which takes every other key)
    // for the view, which then shows.
    await page.focus("canvas");
    await page.keyboard.press("Shift+Tab");
    assert.ok(await page.evaluate(() => document.getElementById("sa-a11y").contains(document.activeElement)), "Shift+Tab from the canvas reaches the accessible view");
    await snap(page, "invite-view-on-focus");
    await mirror(page).getByRole("button", { name: "Begin" }).click();
    await mirror(page).getByRole("alert").filter({ hasText: "Please type your name or code first." }).waitFor();
    await field.fill("Ada Lovelace");
    await snap(page, "invite-name-typed");
    assert.deepEqual(await axe(page), [], "axe on /a/{token} (the view shown, the name refused once)");
    await mirror(page).getByRole("button", { name: "Begin" }).click();

    const chosen = [[], []];
    for (let si = 0; si < 2; si++) {
      // The transition starts the scenario by itself after a moment;
      // "Start now" starts it at once.
      let st = await view(page, ["transition", "dialogue"]);
      if (st.scene === "transition") {
        assert.match(await live(page).innerText(), new RegExp(`Scenario ${si + 1} of 2`));
        await live(page).getByRole("button", { name: "Start now" }).click({ timeout: 3000 }).catch(() => {});
        st = await view(page, ["dialogue"], st.serial);
      }
      const say = page.locator("#sa-a11y-say");
      await say.filter({ hasText: /^You have \d+ seconds for this decision\.$/ }).waitFor();
      assert.equal(await page.evaluate(() => document.activeElement.id), "sa-line", "the keyboard is on the line");
      if (si === 0) {
        // The minibar line is timed at 35 s: 30 s left is announced (not
        // every second: the timer element itself is not live).
        await say.filter({ hasText: "30 seconds left." }).waitFor({ timeout: 15000 });
        assert.equal(await page.locator("#sa-a11y-time").getAttribute("role"), "timer");
        await snap(page, "invite-dialogue-countdown");
      }
      for (;;) {
        const n = await live(page).getByRole("list").getByRole("button").count();
        assert.equal(n, st.shown.length);
        const pos = chosen[si].length % n;
        await live(page).getByRole("button", { name: new RegExp("^" + (pos + 1) + "\\. ") }).click();
        chosen[si].push(st.shown[pos]);
        st = await view(page, ["dialogue", "transition", "submitting", "submitted"], st.serial);
        if (st.scene !== "dialogue") break;
      }
    }
    await view(page, ["submitted"]);
    await live(page).getByText("Thank you").waitFor();
    await snap(page, "invite-submitted");
    assert.deepEqual(errors, [], "no errors in the candidate's page");

    const exp = await (await panel.request.get(assessmentURL + "/results.json")).json();
    const sub = exp.assessments[0].submissions.find((s) => s.candidate === "Ada Lovelace");
    assert.ok(sub, "the panel has the candidate");
    assert.deepEqual(sub.results.map((r) => r.transcript.choices), chosen, "the transcript records the file-order choice of each button");
    console.log(`assessment through the accessible view: choices ${chosen.map((c) => c.join(",")).join(" / ")}, archetype ${sub.archetype}`);
  }
}

test("a browser in Spanish gets the game and the accessible view in Spanish on its first visit", { timeout: 120000 }, async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "es-419" });
    const page = await ctx.newPage();
    await page.goto(server.url + "/play/");
    const st = await waitScene(page, "title");
    assert.equal(st.lang, "es", "the game takes the browser's language");
    await page.getByRole("button", { name: "Vista accesible" }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "es", "the page says it is in Spanish");
    await mirror(page, "Vista accesible").getByRole("heading", { name: "Biblioteca de escenarios" }).waitFor({ state: "attached" });
    await ctx.close();
  } finally {
    await browser.close();
  }
});
