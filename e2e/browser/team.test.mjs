// Team progress in the browser, run by run.sh: the owner creates a team
// on /teams and reads its join link; a player opens the link in a fresh
// browser, presses "Play in the browser", agrees on the game's consent
// screen under a name, and plays one short practice scenario to its end
// through the accessible view; the debrief says the run was sent, and the
// owner's team view then shows one practice run for that name. Each step
// is saved as a screenshot in e2e/browser/out/team/, the join page and
// the team view at desktop and phone widths too. A second player pastes
// the link in the game's Settings → Team (Ctrl+V) and reaches the same
// consent screen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { chromium } from "playwright-core";

import { args, key, outDir, snapper, startPanel, state, waitScene } from "./lib.mjs";

const panelBin = process.env.PANEL_BIN;
const root = process.env.REPO_ROOT;
if (!panelBin || !root) {
  throw new Error("run this through e2e/browser/run.sh (PANEL_BIN, REPO_ROOT)");
}
const out = outDir(root, "team");
const snap = snapper(out);

const OWNER = { email: "team-owner@e2e.test", password: "team-" + randomUUID() };
const TEAM = "Night shift, e2e";
const PLAYER = "Zoë Núñez";

let server;
test.before(async () => {
  server = await startPanel({ bin: panelBin, root, owner: OWNER, name: "team" });
});
test.after(() => server && server.stop());

const mirror = (page) => page.getByRole("region", { name: "Accessible view" });
const live = (page) => page.locator("#sa-a11y-live");

// view waits until the accessible view shows one of scenes on another
// screen than notSerial, and returns the game's state with its serial.
async function view(page, scenes, notSerial = -1) {
  await page.waitForFunction(([scenes, notSerial]) => {
    const r = document.getElementById("sa-a11y");
    const s = globalThis.shockAbsorberState;
    if (globalThis.shockAbsorberLoadError) throw new Error("the page failed: " + globalThis.shockAbsorberLoadError);
    return s && r && scenes.includes(r.dataset.scene) && Number(r.dataset.serial) !== notSerial && s.scene === r.dataset.scene;
  }, [scenes, notSerial], { timeout: 30000, polling: 50 });
  const st = await state(page);
  st.serial = Number(await page.locator("#sa-a11y").getAttribute("data-serial"));
  return st;
}

test("a player joins a team from its link, consents, and one practice run reaches the team view", { timeout: 240000 }, async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args });
  try {
    // --- The owner makes the team and reads its join link.
    const ownerCtx = await browser.newContext({ viewport: { width: 1200, height: 860 } });
    const op = await ownerCtx.newPage();
    await op.goto(server.url + "/login");
    await op.fill("#email", OWNER.email);
    await op.fill("#password", OWNER.password);
    await Promise.all([op.waitForURL(/\/dashboard/), op.click("button[type=submit]")]);
    await op.goto(server.url + "/teams");
    await op.fill("input[name=name]", TEAM);
    await op.fill("input[name=retention_days]", "365");
    await snap(op, "owner-teams");
    // The new team's page comes in answer to the form: its join link is
    // shown this once.
    await op.getByRole("button", { name: "Create team" }).click();
    await op.locator("#join-link").waitFor();
    const joinLink = (await op.inputValue("#join-link")).trim();
    const teamURL = server.url + (await op.getAttribute("form[action$='/link']", "action")).replace(/\/link$/, "");
    assert.match(teamURL, /\/teams\/\d+$/, "the team view's address");
    assert.match(joinLink, /^http:\/\/127\.0\.0\.1:\d+\/t\/[A-Za-z0-9_-]{22}$/, "the join link");
    await snap(op, "owner-team-created");

    // --- The player: the join page, then the game in the browser.
    const pc = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "en-US" });
    const page = await pc.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(joinLink);
    await page.getByRole("heading", { name: "Join " + TEAM }).waitFor();
    await snap(page, "join-page");
    await page.setViewportSize({ width: 390, height: 844 });
    await snap(page, "join-page-phone");
    await page.setViewportSize({ width: 1280, height: 720 });
    await Promise.all([page.waitForURL(/\/play\/\?team=/), page.getByRole("link", { name: "Play in the browser" }).click()]);

    // The game opens on its consent screen, which the accessible view
    // mirrors: the team, the trainer, what is sent, the name field.
    await waitScene(page, "team");
    await page.getByRole("button", { name: "Accessible view" }).click();
    let st = await view(page, ["team"]);
    const said = await live(page).innerText();
    assert.ok(said.includes("Send your practice results to “" + TEAM + "”?"), "the consent screen names the team: " + said);
    // The owner was set up from the command line with no name: the panel
    // names no trainer then (never their e-mail), and neither does the game.
    assert.ok(!said.includes(OWNER.email) && !said.includes("Trainer:"), "no trainer line without a trainer's name: " + said);
    assert.match(said, /What is sent: the name you type below/, "it says what is sent");
    await snap(page, "game-consent");
    const field = mirror(page).getByRole("textbox", { name: "Your name for the team" });
    await field.fill(PLAYER);
    await mirror(page).getByRole("button", { name: "Send my practice results" }).click();
    st = await view(page, ["title"], st.serial);
    await snap(page, "game-joined-title");

    // One short practice scenario, through the accessible view only.
    await mirror(page).getByRole("button", { name: "The unopened minibar" }).click();
    st = await view(page, ["dialogue"], st.serial);
    const choices = [];
    for (let step = 0; step < 30 && st.scene !== "debrief"; step++) {
      const buttons = live(page).getByRole("list").getByRole("button");
      if (st.scene === "dialogue" && (await buttons.count()) > 0) {
        await live(page).getByRole("button", { name: /^1\. / }).click();
        choices.push(1);
      } else if (st.scene === "feedback") {
        await live(page).getByRole("button", { name: "Continue" }).click();
      } else if (st.scene === "dialogue") {
        await live(page).getByRole("button", { name: "See your debrief" }).click();
      }
      st = await view(page, ["dialogue", "feedback", "debrief"], st.serial);
    }
    assert.equal(st.scene, "debrief", "the run reaches its debrief");
    await live(page).getByText("Sent to “" + TEAM + "”").waitFor({ timeout: 20000 });
    await page.getByRole("button", { name: "Accessible view" }).click(); // the whole canvas for the picture
    await page.waitForTimeout(500);
    await snap(page, "game-debrief-sent");
    assert.deepEqual(errors, [], "no errors in the player's page");

    // --- The owner's team view shows the run under the player's name.
    await op.goto(teamURL);
    const rows = op.locator("#practice-runs tbody tr");
    assert.equal(await rows.count(), 1, "one practice run in the team view");
    assert.ok((await rows.first().innerText()).includes(PLAYER), "the run is the player's");
    await op.locator("#practice-runs").scrollIntoViewIfNeeded();
    await snap(op, "owner-team-view");
    await op.setViewportSize({ width: 390, height: 844 });
    await snap(op, "owner-team-view-phone");

    // --- Another player pastes the link in the game's Settings → Team
    // (Ctrl+V, keyboard only) and gets the same consent screen.
    const p2 = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "en-US" });
    await p2.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    const page2 = await p2.newPage();
    await page2.goto(server.url + "/play/");
    await waitScene(page2, "title");
    await page2.focus("canvas");
    await key(page2, "F2");
    await waitScene(page2, "settings");
    for (let i = 0; i < 4; i++) await key(page2, "ArrowDown"); // past the four settings to Team
    await key(page2, "Enter"); // Join a team…
    await waitScene(page2, "team");
    await page2.evaluate((l) => navigator.clipboard.writeText(l), joinLink);
    await page2.keyboard.down("Control");
    await key(page2, "v");
    await page2.keyboard.up("Control");
    // The field holds the link once (the mirror's copy of it says so).
    await page2.waitForFunction((l) => { const n = document.getElementById("sa-name"); return n && n.value === l; }, joinLink, { timeout: 10000 });
    await snap(page2, "game-link-pasted");
    await key(page2, "Enter");
    await page2.waitForFunction(() => globalThis.shockAbsorberState.detail === "" && document.getElementById("sa-a11y").dataset.scene === "team" &&
      document.getElementById("sa-a11y-live").innerText.includes("Send your practice results to"), null, { timeout: 20000 });
    assert.ok((await live(page2).innerText()).includes("“" + TEAM + "”"), "the pasted link leads to the team's consent screen");
    await snap(page2, "game-consent-from-paste");
    await key(page2, "Escape"); // Not now
    await waitScene(page2, "settings");
    await p2.close();

    console.log(`team: ${PLAYER} joined ${joinLink.replace(/[^/]+$/, "…")} and sent v01-minibar-charge choices ${choices.join(",")}`);
    await pc.close();
    await ownerCtx.close();
  } finally {
    await browser.close();
  }
});
