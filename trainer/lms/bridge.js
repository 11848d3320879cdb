// bridge.js: the course package's link between the game and the LMS
// (`scenario package`, trainer/package.go). The game calls
// shockAbsorberLMS.event(kind, json) with "node", "decision" and "end"
// events (game/course.go); this file keeps the course's results and
// reports them through SCORM 1.2 (window.API), SCORM 2004
// (window.API_1484_11) or cmi5 (xAPI statements to the LMS's endpoint).
//
// The rules, as docs/writing-scenarios.md states them:
//   - a course is a list of situations (the files of one situation in
//     several languages count once); the last run of each counts;
//   - score: mean over the situations of the shock absorber's share of
//     the drift (0..1; a situation not played yet counts 0);
//   - complete: every situation played to an ending;
//   - passed: with a mastery score, score >= mastery; otherwise every
//     situation's last run ended resolved with a clear shock-absorber
//     drift. Failed: complete and not passed.
"use strict";
(function () {
  const course = JSON.parse(document.getElementById("sa-course").textContent);
  const base = course.base;

  const words = {
    en: {
      loading: "Loading the game…", starting: "Starting the game…",
      unsupported: "This browser cannot run the game: it needs WebAssembly and WebGL 2.",
      failed: "The game could not start.",
      nolms: "No LMS was found: your progress in this course is not being recorded.",
      lmserror: "The LMS did not accept your progress:",
    },
    "pt-BR": {
      loading: "Carregando o jogo…", starting: "Iniciando o jogo…",
      unsupported: "Este navegador não consegue rodar o jogo: ele precisa de WebAssembly e WebGL 2.",
      failed: "Não foi possível iniciar o jogo.",
      nolms: "Nenhum LMS foi encontrado: seu progresso neste curso não está sendo registrado.",
      lmserror: "O LMS não aceitou o seu progresso:",
    },
    es: {
      loading: "Cargando el juego…", starting: "Iniciando el juego…",
      unsupported: "Este navegador no puede ejecutar el juego: necesita WebAssembly y WebGL 2.",
      failed: "No fue posible iniciar el juego.",
      nolms: "No se encontró ningún LMS: su progreso en este curso no se está registrando.",
      lmserror: "El LMS no aceptó su progreso:",
    },
  };
  function say(key) {
    const want = [navigator.language || "", document.documentElement.lang || "", "en"];
    for (const l of want) {
      if (words[l]) return words[l][key];
      const short = l.split("-")[0];
      for (const k of Object.keys(words)) if (k.split("-")[0] === short) return words[k][key];
    }
    return words.en[key];
  }
  function notice(text) {
    const show = () => {
      const el = document.getElementById("lms-notice");
      if (!el) return;
      el.textContent = text;
      el.style.display = "block";
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
    else show();
  }

  // ---- the course's results -------------------------------------------
  const situationOf = {};
  for (const s of course.situations) for (const id of s.ids) situationOf[id] = s.key;
  let results = {}; // situation key -> {s: score 0..1, e: ending, p: passed by the rule}
  let mastery = typeof course.mastery === "number" ? course.mastery : null;

  function courseState() {
    let sum = 0, done = 0, good = 0;
    for (const s of course.situations) {
      const r = results[s.key];
      if (!r) continue;
      done++;
      sum += r.s;
      if (r.p) good++;
    }
    const n = course.situations.length;
    const score = n ? sum / n : 0;
    const complete = done === n;
    let passed = null; // null: not known yet
    if (mastery !== null) passed = score >= mastery - 1e-9 ? true : complete ? false : null;
    else if (complete) passed = good === n;
    return { score: Math.round(score * 10000) / 10000, complete, passed, done, total: n };
  }

  // ---- formats ----------------------------------------------------------
  const pad = (n, w) => String(Math.floor(n)).padStart(w, "0");
  function iso8601Duration(ms) { return "PT" + (Math.max(0, ms) / 1000).toFixed(2).replace(/\.?0+$/, "") + "S"; }
  function scorm12Timespan(ms) {
    const s = Math.max(0, ms) / 1000;
    const cs = Math.floor((s * 100) % 100);
    return pad(s / 3600, 4) + ":" + pad((s % 3600) / 60, 2) + ":" + pad(s % 60, 2) + "." + pad(cs, 2);
  }
  function scorm12Time(d) { return pad(d.getHours(), 2) + ":" + pad(d.getMinutes(), 2) + ":" + pad(d.getSeconds(), 2); }
  function scorm2004Time(d) { return d.toISOString().replace(/\.(\d\d)\dZ$/, ".$1Z"); }
  // optionID names an option in SCORM 2004 and xAPI: its position in the
  // node, its action and follow-up ("o2-derive-monitor").
  function optionID(o) { return "o" + o.id + "-" + o.action + "-" + o.follow_up; }
  // SCORM 1.2 names the options of a choice with one character each.
  function optionLetter(id) { return "abcdefghijklmnopqrstuvwxyz0123456789".charAt(id - 1) || "z"; }
  function optionOf(ev, id) { return ev.options.find((o) => o.id === id) || { id, action: ev.action, follow_up: ev.follow_up, text: "" }; }
  function safeID(s) { return String(s).replace(/[^A-Za-z0-9_.-]/g, "_"); }
  function cut(s, n) { s = String(s || ""); return s.length <= n ? s : s.slice(0, n - 1) + "…"; }
  function nodeIRI(ev) { return course.id + "/scenarios/" + encodeURIComponent(ev.scenario) + "/nodes/" + encodeURIComponent(ev.node); }
  function uuid() {
    if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // findAPI looks for the LMS's SCORM API object in the windows around
  // this one, as the SCORM run-time environment describes: the parents,
  // then the opener and its parents.
  function findAPI(name) {
    function up(w) {
      for (let i = 0; w && i < 12; i++) {
        try { if (w[name]) return w[name]; } catch (e) { return null; } // another origin
        if (w.parent === w) break;
        w = w.parent;
      }
      return null;
    }
    return up(window) || (window.opener ? up(window.opener) : null);
  }

  // ---- SCORM 1.2 -------------------------------------------------------
  function scorm12() {
    const api = findAPI("API");
    if (!api) return null;
    let n = 0, objectives = {}, failed = false;
    const set = (k, v) => {
      if (String(api.LMSSetValue(k, String(v))) !== "true" && !failed) {
        failed = true;
        notice(say("lmserror") + " " + k + " (" + api.LMSGetErrorString(api.LMSGetLastError()) + ")");
      }
    };
    const get = (k) => String(api.LMSGetValue(k) || "");
    return {
      init() {
        api.LMSInitialize("");
        const m = Number.parseFloat(get("cmi.student_data.mastery_score"));
        if (Number.isFinite(m)) mastery = m / 100;
        try { results = JSON.parse(get("cmi.suspend_data")).r || {}; } catch (e) { results = {}; }
        const status = get("cmi.core.lesson_status");
        if (status === "" || status === "not attempted") set("cmi.core.lesson_status", "incomplete");
        n = Number(get("cmi.interactions._count")) || 0;
        const k = Number(get("cmi.objectives._count")) || 0;
        for (let i = 0; i < k; i++) objectives[get("cmi.objectives." + i + ".id")] = i;
      },
      decision(ev, key) {
        const i = n++, p = "cmi.interactions." + i + ".";
        set(p + "id", safeID(key + "." + ev.node));
        set(p + "objectives.0.id", safeID(key));
        set(p + "time", scorm12Time(ev.time));
        set(p + "type", "choice");
        let c = 0;
        for (const o of ev.options) if (o.correct) set(p + "correct_responses." + c++ + ".pattern", optionLetter(o.id));
        set(p + "weighting", "1");
        set(p + "student_response", optionLetter(ev.response));
        set(p + "result", ev.correct ? "correct" : "wrong");
        set(p + "latency", scorm12Timespan(ev.latency_ms));
      },
      progress(st, key) {
        if (key) {
          let i = objectives[safeID(key)];
          if (i === undefined) {
            i = objectives[safeID(key)] = Object.keys(objectives).length;
            set("cmi.objectives." + i + ".id", safeID(key));
          }
          const r = results[key];
          set("cmi.objectives." + i + ".score.min", "0");
          set("cmi.objectives." + i + ".score.max", "100");
          set("cmi.objectives." + i + ".score.raw", Math.round(r.s * 100));
          set("cmi.objectives." + i + ".status", r.p ? "passed" : "failed");
        }
        set("cmi.core.score.min", "0");
        set("cmi.core.score.max", "100");
        set("cmi.core.score.raw", Math.round(st.score * 100));
        set("cmi.core.lesson_status", st.passed === true ? "passed" : st.complete ? "failed" : "incomplete");
        set("cmi.suspend_data", JSON.stringify({ v: 1, r: results }));
        api.LMSCommit("");
      },
      finish(st, ms) {
        set("cmi.core.session_time", scorm12Timespan(ms));
        set("cmi.core.exit", st.complete ? "" : "suspend");
        api.LMSCommit("");
        api.LMSFinish("");
      },
    };
  }

  // ---- SCORM 2004 4th edition -----------------------------------------
  function scorm2004() {
    const api = findAPI("API_1484_11");
    if (!api) return null;
    let n = 0, objectives = {}, failed = false;
    const set = (k, v) => {
      if (String(api.SetValue(k, String(v))) !== "true" && !failed) {
        failed = true;
        notice(say("lmserror") + " " + k + " (" + api.GetErrorString(api.GetLastError()) + ")");
      }
    };
    const get = (k) => String(api.GetValue(k) || "");
    return {
      init() {
        api.Initialize("");
        const m = Number.parseFloat(get("cmi.scaled_passing_score"));
        if (Number.isFinite(m)) mastery = m;
        try { results = JSON.parse(get("cmi.suspend_data")).r || {}; } catch (e) { results = {}; }
        const status = get("cmi.completion_status");
        if (status !== "completed") set("cmi.completion_status", "incomplete");
        n = Number(get("cmi.interactions._count")) || 0;
        const k = Number(get("cmi.objectives._count")) || 0;
        for (let i = 0; i < k; i++) objectives[get("cmi.objectives." + i + ".id")] = i;
      },
      decision(ev, key) {
        const i = n++, p = "cmi.interactions." + i + ".";
        set(p + "id", nodeIRI(ev));
        set(p + "type", "choice");
        set(p + "objectives.0.id", safeID(key));
        set(p + "timestamp", scorm2004Time(ev.time));
        set(p + "description", "{lang=" + ev.language + "}" + cut(ev.node_text, 240));
        let c = 0;
        for (const o of ev.options) if (o.correct) set(p + "correct_responses." + c++ + ".pattern", optionID(o));
        set(p + "weighting", "1");
        set(p + "learner_response", optionID(optionOf(ev, ev.response)));
        set(p + "result", ev.correct ? "correct" : "incorrect");
        set(p + "latency", iso8601Duration(ev.latency_ms));
      },
      progress(st, key) {
        if (key) {
          let i = objectives[safeID(key)];
          if (i === undefined) {
            i = objectives[safeID(key)] = Object.keys(objectives).length;
            set("cmi.objectives." + i + ".id", safeID(key));
          }
          const r = results[key], title = (course.situations.find((s) => s.key === key) || {}).title || key;
          set("cmi.objectives." + i + ".description", cut(title, 240));
          set("cmi.objectives." + i + ".score.scaled", r.s);
          set("cmi.objectives." + i + ".success_status", r.p ? "passed" : "failed");
          set("cmi.objectives." + i + ".completion_status", "completed");
        }
        set("cmi.score.min", "0");
        set("cmi.score.max", "100");
        set("cmi.score.raw", Math.round(st.score * 100));
        set("cmi.score.scaled", st.score);
        set("cmi.progress_measure", st.total ? Math.round((st.done / st.total) * 10000) / 10000 : 1);
        set("cmi.completion_status", st.complete ? "completed" : "incomplete");
        set("cmi.success_status", st.passed === null ? "unknown" : st.passed ? "passed" : "failed");
        set("cmi.suspend_data", JSON.stringify({ v: 1, r: results }));
        api.Commit("");
      },
      finish(st, ms) {
        set("cmi.session_time", iso8601Duration(ms));
        set("cmi.exit", st.complete ? "normal" : "suspend");
        api.Commit("");
        api.Terminate("");
      },
    };
  }

  // ---- cmi5 -------------------------------------------------------------
  const cmi5Category = { objectType: "Activity", id: "https://w3id.org/xapi/cmi5/context/categories/cmi5" };
  const moveOnCategory = { objectType: "Activity", id: "https://w3id.org/xapi/cmi5/context/categories/moveon" };
  const verbs = {
    initialized: "http://adlnet.gov/expapi/verbs/initialized",
    answered: "http://adlnet.gov/expapi/verbs/answered",
    completed: "http://adlnet.gov/expapi/verbs/completed",
    passed: "http://adlnet.gov/expapi/verbs/passed",
    failed: "http://adlnet.gov/expapi/verbs/failed",
    terminated: "http://adlnet.gov/expapi/verbs/terminated",
  };
  function cmi5() {
    const q = new URLSearchParams(location.search);
    const endpoint = q.get("endpoint"), fetchURL = q.get("fetch"), registration = q.get("registration");
    const activityId = q.get("activityId");
    let actor = null;
    try { actor = JSON.parse(q.get("actor") || "null"); } catch (e) { actor = null; }
    if (!endpoint || !fetchURL || !registration || !activityId || !actor) return null;
    const root = endpoint.endsWith("/") ? endpoint : endpoint + "/";
    let auth = "", template = {}, launchMode = "Normal", sent = { completed: false, passed: false, failed: false };
    let queue = [], busy = null, ready = null, finished = false;
    const stateURL = (id) => root + "activities/state?" + new URLSearchParams({
      stateId: id, activityId, agent: JSON.stringify(actor), registration,
    });
    const headers = () => ({ Authorization: "Basic " + auth, "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json" });
    function context(categories, extra) {
      const c = JSON.parse(JSON.stringify(template || {}));
      c.registration = registration;
      c.contextActivities = c.contextActivities || {};
      if (categories.length) c.contextActivities.category = (c.contextActivities.category || []).concat(categories);
      if (extra && extra.parent) c.contextActivities.parent = extra.parent;
      if (extra && extra.extensions) c.extensions = Object.assign({}, c.extensions || {}, extra.extensions);
      if (extra && extra.language) c.language = extra.language;
      return c;
    }
    function statement(verb, object, result, ctx) {
      const s = {
        id: uuid(), actor,
        verb: { id: verbs[verb], display: { "en-US": verb } },
        object, context: ctx, timestamp: new Date().toISOString(),
      };
      if (result) s.result = result;
      return s;
    }
    // Statements go out in order, several in one request when they pile
    // up; on leaving the page the rest go with keepalive.
    function flush(keepalive) {
      if (busy || !queue.length || !auth) return busy;
      const batch = queue;
      queue = [];
      busy = fetch(root + "statements", { method: "POST", headers: headers(), body: JSON.stringify(batch), keepalive: !!keepalive })
        .then((res) => { if (!res.ok) notice(say("lmserror") + " HTTP " + res.status); })
        .catch((e) => notice(say("lmserror") + " " + e.message))
        .then(() => { busy = null; return flush(keepalive); });
      return busy;
    }
    function send(s) { queue.push(s); flush(false); }
    function saveState() {
      if (!auth) return;
      fetch(stateURL("shockabsorber.results"), { method: "PUT", headers: headers(), body: JSON.stringify({ v: 1, r: results, sent }), keepalive: true }).catch(() => {});
    }
    let sessionStart = Date.now();
    return {
      init() {
        sessionStart = Date.now();
        ready = (async () => {
          const res = await fetch(fetchURL, { method: "POST" });
          const body = await res.json();
          if (!res.ok || !body["auth-token"]) throw new Error("fetch: " + (body["error-text"] || res.status));
          auth = body["auth-token"];
          const ld = await fetch(stateURL("LMS.LaunchData"), { headers: headers() });
          if (ld.ok) {
            const data = await ld.json();
            template = data.contextTemplate || {};
            launchMode = data.launchMode || "Normal";
            if (typeof data.masteryScore === "number") mastery = data.masteryScore;
          }
          const saved = await fetch(stateURL("shockabsorber.results"), { headers: headers() });
          if (saved.ok) {
            try {
              const data = await saved.json();
              results = data.r || {};
              Object.assign(sent, data.sent || {});
            } catch (e) { /* a state we cannot read: start afresh */ }
          }
          send(statement("initialized", { objectType: "Activity", id: activityId }, null, context([cmi5Category])));
        })().catch((e) => { notice(say("lmserror") + " " + e.message); auth = ""; });
      },
      decision(ev, key) {
        const lang = ev.language || "und";
        const ext = (k) => base + "/extensions/" + k;
        const object = {
          objectType: "Activity", id: nodeIRI(ev),
          definition: {
            name: { [lang]: ev.title + " · " + (ev.node_title || ev.node) },
            description: { [lang]: ev.node_text },
            type: "http://adlnet.gov/expapi/activities/cmi.interaction",
            interactionType: "choice",
            choices: ev.options.map((o) => ({ id: optionID(o), description: { [lang]: o.text } })),
          },
        };
        const correct = ev.options.filter((o) => o.correct).map(optionID);
        if (correct.length) object.definition.correctResponsesPattern = correct;
        const extensions = {};
        extensions[ext("action")] = ev.action;
        extensions[ext("follow_up")] = ev.follow_up;
        extensions[ext("fit")] = ev.fit || [];
        extensions[ext("fits")] = ev.fits;
        extensions[ext("mood_before")] = ev.mood_before;
        extensions[ext("mood_after")] = ev.mood_after;
        if (ev.walked_out) extensions[ext("walked_out")] = true;
        const result = { response: optionID(optionOf(ev, ev.response)), success: ev.correct, duration: iso8601Duration(ev.latency_ms), extensions };
        const s = statement("answered", object, result, context([], {
          language: ev.language,
          parent: [{ objectType: "Activity", id: activityId }],
          extensions: { [ext("step")]: ev.step, [ext("situation")]: key },
        }));
        s.timestamp = ev.time.toISOString();
        ready.then(() => { if (auth) send(s); });
      },
      progress(st) {
        ready.then(() => {
          if (!auth || launchMode !== "Normal") return;
          const duration = iso8601Duration(Date.now() - sessionStart);
          if (st.complete && !sent.completed) {
            sent.completed = true;
            send(statement("completed", { objectType: "Activity", id: activityId }, { completion: true, duration }, context([cmi5Category, moveOnCategory])));
          }
          if (st.passed !== null && !sent.passed && !(st.passed === false && sent.failed)) {
            const verb = st.passed ? "passed" : "failed";
            sent[verb] = true;
            const extensions = mastery !== null ? { "https://w3id.org/xapi/cmi5/context/extensions/masteryscore": mastery } : null;
            send(statement(verb, { objectType: "Activity", id: activityId },
              { success: st.passed, score: { scaled: st.score }, duration },
              context([cmi5Category, moveOnCategory], extensions ? { extensions } : null)));
          }
          saveState();
        });
      },
      finish(st, ms) {
        if (finished || !auth) return;
        finished = true;
        queue.push(statement("terminated", { objectType: "Activity", id: activityId }, { duration: iso8601Duration(ms) }, context([cmi5Category])));
        saveState();
        if (!busy) {
          flush(true);
          return;
        }
        // A request is still out and the page may be going: send the rest
        // now, with keepalive, rather than after it.
        const batch = queue;
        queue = [];
        fetch(root + "statements", { method: "POST", headers: headers(), body: JSON.stringify(batch), keepalive: true }).catch(() => {});
      },
      pending() { return queue.length + (busy ? 1 : 0); },
    };
  }

  // ---- the game's events -----------------------------------------------
  const adapter = course.format === "scorm12" ? scorm12() : course.format === "scorm2004" ? scorm2004() : cmi5();
  const sessionStart = Date.now();
  let shownAt = 0, ended = false;
  if (adapter) adapter.init();
  else notice(say("nolms"));

  function event(kind, json) {
    const ev = JSON.parse(json);
    const now = Date.now();
    if (kind === "node") {
      shownAt = now;
      return;
    }
    const key = situationOf[ev.scenario];
    if (key === undefined) return; // not one of the course's scenarios
    if (kind === "decision") {
      ev.latency_ms = shownAt ? now - shownAt : 0;
      ev.time = new Date(now);
      if (adapter) adapter.decision(ev, key);
      return;
    }
    if (kind === "end") {
      const rep = ev.report;
      const sa = (rep.drift && rep.drift.shock_absorber) || 0;
      results[key] = {
        s: Math.round(sa * 10000) / 10000,
        e: rep.ending,
        p: rep.ending === "resolved" && rep.archetype === "shock_absorber" && rep.clear === true,
      };
      if (adapter) adapter.progress(courseState(), key);
    }
  }
  function finish() {
    if (ended || !adapter) return;
    ended = true;
    adapter.finish(courseState(), Date.now() - sessionStart);
  }
  // Leaving the page ends the session: the LMS closes the frame or the
  // window, or the learner goes elsewhere.
  window.addEventListener("pagehide", finish);

  globalThis.shockAbsorberLMS = {
    event, say, finish,
    // state is for tests and the curious: the course as it stands.
    state: () => Object.assign(courseState(), { results: JSON.parse(JSON.stringify(results)), mastery, format: course.format, lms: !!adapter }),
    pending: () => (adapter && adapter.pending ? adapter.pending() : 0),
  };
})();
