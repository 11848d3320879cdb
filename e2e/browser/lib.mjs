// Helpers shared by the browser tests (run by run.sh): Chromium's flags,
// numbered screenshots, the game's published state, and a keyboard that
// holds keys long enough for a slow software-rendered frame.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

// args launch Debian's Chromium headless with software WebGL (SwiftShader
// through ANGLE) and none of its background network traffic, which this
// machine's closed network would refuse.
export const args = [
  "--no-sandbox", "--disable-dev-shm-usage",
  "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
];

// outDir empties and returns e2e/browser/out/NAME, one folder per test
// file, so each run's screenshots are only its own.
export function outDir(root, name) {
  const dir = path.join(root, "e2e/browser/out", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

// snapper returns snap(page, name), which saves a numbered screenshot in
// dir and returns its path.
export function snapper(dir) {
  let shot = 0;
  return async (page, name) => {
    shot++;
    const file = path.join(dir, `${String(shot).padStart(2, "0")}-${name}.png`);
    await page.screenshot({ path: file });
    return file;
  };
}

// state returns globalThis.shockAbsorberState (frames, scene, node, shown,
// ready, detail, lang) or null before the game runs.
export function state(page) {
  return page.evaluate(() => {
    const s = globalThis.shockAbsorberState;
    return s ? { frames: s.frames, scene: s.scene, node: s.node, shown: Array.from(s.shown || []), ready: s.ready, detail: s.detail, lang: s.lang } : null;
  });
}

// waitScene waits until the game shows scene (and is ready for input when
// asked), optionally on a node other than notNode.
export async function waitScene(page, scene, { ready = true, notNode, timeout = 20000 } = {}) {
  await page.waitForFunction(
    ([scene, ready, notNode]) => {
      const s = globalThis.shockAbsorberState;
      if (globalThis.shockAbsorberLoadError) throw new Error("the page failed: " + globalThis.shockAbsorberLoadError);
      return s && s.scene === scene && (!ready || s.ready) && (notNode === undefined || s.node !== notNode);
    },
    [scene, ready, notNode],
    { timeout, polling: 50 },
  );
  return state(page);
}

// key presses a key and holds it as a person would (about a tenth of a
// second), and longer if need be until the game has run two frames with it
// down, so a slow software-rendered frame on a busy machine cannot miss it.
export const HOLD_MS = 120;
export async function key(page, k) {
  const before = await frameCount(page);
  await page.keyboard.down(k);
  await page.waitForTimeout(HOLD_MS);
  await heldFor(page, before);
  await page.keyboard.up(k);
  await page.waitForTimeout(60);
}

// frameCount is the game's frame counter (0 before it runs).
export function frameCount(page) {
  return page.evaluate(() => (globalThis.shockAbsorberState && globalThis.shockAbsorberState.frames) || 0);
}

// heldFor waits (up to 5 s) until the game has run two frames since it
// counted before; without a running game it returns at once.
export async function heldFor(page, before) {
  if (!before) return;
  await page.waitForFunction((f) => ((globalThis.shockAbsorberState && globalThis.shockAbsorberState.frames) || 0) >= f + 2, before, { polling: 16, timeout: 5000 }).catch(() => {});
}

// startPanel starts a panel server of a test file's own on a free
// loopback port, with a new database and an owner who signs in with
// owner.email and owner.password, and waits until it answers /healthz. It
// returns its url, its log so far and stop (which also deletes its data).
export async function startPanel({ bin, root, owner, name }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `sa-${name}-`));
  const port = await new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
  const child = spawn(bin, ["--addr", "127.0.0.1:" + port, "--db", path.join(dir, "panel.db"), "--owner-email", owner.email,
    "--web", process.env.PANEL_WEB || path.join(root, "web"), "--build-web=false"], { env: { ...process.env, PANEL_PASSWORD: owner.password }, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (d) => { log += d; });
  const url = "http://127.0.0.1:" + port;
  for (let i = 0; ; i++) {
    if (await fetch(url + "/healthz").then((r) => r.ok, () => false)) break;
    if (i > 100 || child.exitCode !== null) throw new Error("the panel did not start: " + log);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, log: () => log, stop: () => { child.kill(); rmSync(dir, { recursive: true, force: true }); } };
}
