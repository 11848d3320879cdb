// Browser tests of the game's page itself, run by run.sh against the same
// panel server as assess.test.mjs: what a player sees in a browser that
// lacks WebAssembly or WebGL 2, and that settings and a broken or
// read-only localStorage are handled. Screenshots go to
// e2e/browser/out/page/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

import { args, key, outDir, snapper, waitScene } from "./lib.mjs";

const base = process.env.PANEL_URL;
const root = process.env.REPO_ROOT;
if (!base || !root) throw new Error("run this through e2e/browser/run.sh (PANEL_URL, REPO_ROOT)");
const snap = snapper(outDir(root, "page"));
const SAVE_KEY = "shockabsorber/save.json";

let browser;
before(async () => { browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args }); });
after(async () => { await browser?.close(); });

// open loads the practice page in a fresh context after running setup in
// it (before the page's own scripts), and collects the page's errors and
// the URLs it requested.
async function open(setup) {
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 700 }, locale: "en-US" });
  if (setup) await ctx.addInitScript(setup);
  const page = await ctx.newPage();
  const errors = [], requests = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(base + "/play/");
  return { ctx, page, errors, requests };
}

// problem waits for the page's own error box and returns its title.
async function problem(page) {
  await page.waitForSelector("#problem", { state: "visible", timeout: 20000 });
  return page.textContent("#problem-title");
}

test("a browser without WebAssembly is told so, and downloads nothing", async () => {
  const { ctx, page, requests } = await open(() => { delete globalThis.WebAssembly; });
  assert.equal(await problem(page), "WebAssembly is not available");
  assert.match(await page.textContent("#problem-body"), /current version of Chrome, Edge, Firefox or Safari/);
  await snap(page, "no-webassembly");
  assert.ok(!requests.some((u) => u.endsWith("game.wasm")), "game.wasm was requested anyway");
  await ctx.close();
});

test("a browser without WebGL 2 is told so", async () => {
  const { ctx, page } = await open(() => { delete globalThis.WebGL2RenderingContext; });
  assert.equal(await problem(page), "WebGL 2 is not available");
  await snap(page, "no-webgl2");
  await ctx.close();
});

test("a browser whose WebGL 2 cannot start (blocked GPU) is told so once the game stops", async () => {
  const { ctx, page } = await open(() => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
      return /webgl/.test(type) ? null : getContext.call(this, type, ...rest);
    };
  });
  assert.equal(await problem(page), "WebGL 2 is not available");
  assert.match(await page.textContent("#problem-body"), /hardware acceleration/);
  await snap(page, "webgl2-fails");
  await ctx.close();
});

test("settings are kept in localStorage and applied on the next visit", async () => {
  const { ctx, page, errors } = await open();
  let st = await waitScene(page, "title");
  assert.equal(st.lang, "en", "a browser in en-US starts in English");
  await key(page, "F2");
  await waitScene(page, "settings");
  await key(page, "ArrowRight"); // language: English → Português (Brasil)
  await page.waitForFunction((k) => (localStorage.getItem(k) || "").includes('"pt-BR"'), SAVE_KEY, { timeout: 10000 });
  const saved = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), SAVE_KEY));
  assert.equal(saved.settings.lang, "pt-BR", "the saved language");
  await snap(page, "settings-pt-BR");
  await page.reload();
  st = await waitScene(page, "title");
  assert.equal(st.lang, "pt-BR", "the language after a reload");
  await snap(page, "title-pt-BR-after-reload");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("an unreadable save is kept aside and the game starts fresh", async () => {
  const { ctx, page, errors } = await open(() => {
    if (!sessionStorage.getItem("seeded")) {
      sessionStorage.setItem("seeded", "1");
      localStorage.setItem("shockabsorber/save.json", "{\"version\": 1, \"settings\": {\"lang\": ");
    }
  });
  const st = await waitScene(page, "title");
  assert.equal(st.lang, "en");
  const kept = await page.evaluate((k) => localStorage.getItem(k + ".corrupt"), SAVE_KEY);
  assert.equal(kept, "{\"version\": 1, \"settings\": {\"lang\": ", "the unreadable save is kept under .corrupt");
  await snap(page, "corrupt-save-notice");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a localStorage that refuses writes does not stop the game", async () => {
  const { ctx, page, errors } = await open(() => {
    Storage.prototype.setItem = function () { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };
  });
  await waitScene(page, "title");
  await key(page, "F2");
  await waitScene(page, "settings");
  await key(page, "ArrowRight"); // the change applies for this visit even if it cannot be kept
  await key(page, "Escape");
  const st = await waitScene(page, "title");
  assert.equal(st.lang, "pt-BR");
  await snap(page, "save-refused-notice");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("while the server is still building the game the page waits, then plays", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 700 }, locale: "en-US" });
  const page = await ctx.newPage();
  // The panel's answer during its first-start build, twice for game.wasm
  // and once for wasm_exec.js; then the real files.
  const busy = { "game.wasm": 2, "wasm_exec.js": 1 };
  await page.route(/\/play\/(game\.wasm|wasm_exec\.js)$/, (route) => {
    const name = route.request().url().split("/").pop();
    if (busy[name]-- > 0) {
      return route.fulfill({ status: 503, headers: { "Retry-After": "1", "Cache-Control": "no-store" }, contentType: "text/plain", body: `${name} is being built on the server` });
    }
    return route.continue();
  });
  await page.goto(base + "/play/");
  await page.waitForFunction(() => /being built on the server/.test(document.getElementById("status").textContent), null, { timeout: 10000 });
  await snap(page, "waiting-for-the-build");
  await waitScene(page, "title", { timeout: 30000 });
  assert.deepEqual(busy, { "game.wasm": -1, "wasm_exec.js": -1 }, "each file was asked again after its 503");
  await ctx.close();
});
