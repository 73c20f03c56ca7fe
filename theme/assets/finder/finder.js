/* The program finder: distances, filters and results, computed in this browser. This
   entry module loads the two data files, holds the finder's state and wires the page's
   events to the modules beside it:
     facets.js   the table of filter groups        data.js      decoding the data files
     places.js   ZIP codes and towns to places     text.js      bounds on typed text
     ranking.js  distances, filters, order, the results line
     url-state.js  the state in the URL           cards.js     what a result card says
     view.js     the page (DOM)                    words.js     the word box (Pagefind)
   Privacy: the page only fetches two static JSON files (and, when the word box is
   used, Pagefind's index) from its own site. The ZIP, the coordinates and the
   filters never leave the device; coordinates never go into the URL. */
import { decodeIndex, decodePlaces } from "./data.js";
import { FACETS } from "./facets.js";
import { cityPlace, herePlace, locationError, zipPlace } from "./places.js";
import { activeFilters, describe, rank, searchingText, suggestions } from "./ranking.js";
import { boundedQuery } from "./text.js";
import { readQuery, writeQuery } from "./url-state.js";
import { createView } from "./view.js";
import { wordSearch } from "./words.js";

const app = document.getElementById("iop-finder");
const api = { update, lastUpdateMs: 0, ready: null }; // window.iopFinder: tests and bench/
let view = null, data = null, places = null, searchWords = null;
const state = { place: null, error: "", here: null, text: { q: "", bits: null, pending: false, failed: false } };

// ---- the recomputation (the benchmark hook) ---------------------------------------
function update() {
  const t0 = performance.now();
  if (!data) return;
  const radius = +view.radius.value;
  const origin = state.place;
  view.showError(state.error);
  view.setBusy(state.text.pending);
  if (state.error || state.text.pending) {
    view.showResults(data, null, false);
    view.showSuggestions(null);
    view.setStatus(state.error || searchingText(state.text.q));
  } else {
    const groups = activeFilters(data, view.chosen(), state.text.bits);
    const r = rank(data, groups, origin, radius);
    view.showResults(data, r, Boolean(origin));
    view.setStatus(describe({ place: origin, radius, words: state.text, nNear: r.near.length, nTele: r.tele.length }));
    view.showSuggestions(r.near.length ? null : suggestions(data, groups, origin, radius, view.radii, view.groupName), act);
  }
  api.lastUpdateMs = performance.now() - t0;
}

// A suggestion's button (ranking.suggestions' actions).
function act(action) {
  if (action.clearAll) { clearAll(true); return; }
  if (action.clear === "q") { view.words.value = ""; setText(""); } else if (action.clear) view.uncheck(action.clear);
  if (action.radius) view.radius.value = String(action.radius);
  commit(false, true);
}

function clearAll(focus) {
  for (const f of FACETS) view.uncheck(f.key);
  commit(false, focus);
}

// ---- places -------------------------------------------------------------------------
function setPlace(result, fromZip) {
  state.error = result.error || "";
  state.place = result.place || null;
  view.markZip(Boolean(result.error && fromZip));
  if (result.place?.kind === "city") view.city.value = result.place.value;
}

// The button stays enabled while the browser asks (disabling it would drop the
// keyboard focus); repeated presses are ignored instead.
let locating = false;
function locate(push, focus) {
  if (!navigator.geolocation) { placeError(locationError()); return; }
  if (locating) return;
  locating = true;
  view.setStatus("Finding your location…");
  navigator.geolocation.getCurrentPosition((pos) => {
    locating = false;
    state.here = herePlace(pos.coords);
    view.zip.value = ""; view.city.value = "";
    setPlace({ place: state.here });
    commit(push, focus);
  }, (err) => {
    locating = false;
    placeError(locationError(err.code));
  }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
}

function placeError(message) {
  setPlace({ error: message });
  update();
}

// ---- URL state ----------------------------------------------------------------------
function writeURL(push) {
  const query = writeQuery({
    place: state.place, radius: view.radius.value, defaultRadius: view.defaultRadius,
    chosen: view.chosen(), q: state.text.q,
  });
  const url = location.pathname + (query ? `?${query}` : "");
  if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
}

// Puts the URL's state into the form and the results (at the start and on Back/Forward).
function restore() {
  const s = readQuery(new URLSearchParams(location.search), { radii: view.radiusValues, defaultRadius: view.defaultRadius });
  view.applyChosen(s.chosen);
  view.radius.value = s.radius;
  view.words.value = s.q;
  view.zip.value = s.zip;
  view.city.value = "";
  setText(view.words.value.trim());
  const spec = s.place;
  if (!spec) { setPlace({}); update(); return; }
  if (spec.kind === "here") {
    if (state.here) { setPlace({ place: state.here }); update(); } else locate(false, false);
    return;
  }
  setPlace(spec.kind === "zip" ? zipPlace(spec.value, places) : cityPlace(spec.value, places), true);
  update();
}

// ---- the word box (Pagefind, loaded only when the box is used) ---------------------
let textRun = 0;
function setText(raw) {
  const q = boundedQuery(raw);
  if (q === state.text.q) return;
  state.text = { q, bits: null, pending: Boolean(q), failed: false };
  if (!q) return;
  const run = ++textRun;
  searchWords(q).then((bits) => {
    if (run !== textRun) return;
    state.text = { q, bits, pending: false, failed: false };
    update();
  }, () => {
    if (run !== textRun) return;
    state.text = { q, bits: null, pending: false, failed: true };
    update();
  });
}

// ---- events -------------------------------------------------------------------------
// A search the visitor submits is a new history entry and moves focus to the
// results; filter tweaks replace the current entry and leave focus alone.
function commit(push, focus) {
  update();
  writeURL(push);
  if (focus) view.focusResults();
}

function submitted(event) {
  event.preventDefault();
  if (!data) return;
  setText(view.words.value.trim());
  const zip = view.zip.value.trim();
  if (zip) {
    setPlace(zipPlace(zip, places), true);
    if (state.error) { update(); view.focusZip(); return; }
  } else if (view.city.value) {
    setPlace(cityPlace(view.city.value, places));
  } else if (state.place?.kind === "here") {
    setPlace({ place: state.place });
  } else {
    setPlace({});
  }
  commit(true, true);
}

let lastCityPush = 0;
function changed(event) {
  const t = event.target;
  if (!data || t === view.words || t === view.zip) return;
  if (t === view.city) {
    if (!view.city.value) return;
    view.zip.value = "";
    setPlace(cityPlace(view.city.value, places));
    // Arrow keys on a closed select fire one change per town: one history entry.
    const now = Date.now();
    commit(now - lastCityPush > 1500, false);
    lastCityPush = now;
    return;
  }
  commit(false, false);
}

let textTimer = 0;
function typed(event) {
  if (event.target === view.zip && view.zip.value.trim()) view.city.value = "";
  if (event.target !== view.words || !data) return;
  clearTimeout(textTimer);
  textTimer = setTimeout(() => {
    const q = view.words.value.trim();
    if (q === state.text.q) return;
    setText(q);
    commit(false, false);
  }, 400);
}

function init() {
  view = createView(app);
  window.iopFinder = api;
  view.start();
  view.setStatus("Loading the list of programs…");
  const load = (url) => fetch(new URL(url, document.baseURI)).then((r) => {
    if (!r.ok) throw new Error(`${r.status}`);
    return r.json();
  });
  api.ready = Promise.all([load(app.dataset.indexUrl), load(app.dataset.placesUrl)]).then(([ix, pl]) => {
    data = decodeIndex(ix);
    places = decodePlaces(pl);
    searchWords = wordSearch(data, new URL(app.dataset.pagefindUrl, document.baseURI).href, location.href);
    view.form.addEventListener("submit", submitted);
    view.form.addEventListener("change", changed);
    view.form.addEventListener("input", typed);
    view.here.addEventListener("click", () => locate(true, true));
    view.clear.addEventListener("click", () => clearAll(false));
    window.addEventListener("popstate", restore);
    restore();
    // Arriving with a place (from the home page's ZIP box or a shared link), the
    // results are what the visitor came for: on a phone they sit below the form.
    if (state.place) view.focusResults();
    view.ready();
  }, () => {
    view.setStatus("The finder could not load its list of programs. Reload the page, or use the directory link below.");
  });
}

if (app) init();
