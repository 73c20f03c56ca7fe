/* The program finder: distances, filters and results, computed in this browser. This
   entry module loads the two data files, holds the finder's state and wires the page's
   events to the modules beside it:
     facets.js   the table of filter groups        data.js      decoding the data files
     places.js   ZIP codes and towns to places     text.js      bounds on typed text
     ranking.js  distances, filters, counts, order, the results line
     url-state.js  the state in the URL           cards.js     what a result card says
     view.js     the page (DOM)                    words.js     the word box (Pagefind)
   Privacy: the page only fetches two static JSON files (and, when the word box is
   used, Pagefind's index) from its own site. The ZIP, the coordinates and the
   filters never leave the device; coordinates never go into the URL. */
import { catalogueField, gettext as _, loadCatalogue, ngettext } from "../i18n/i18n.js";
import { decodeIndex, decodePlaces } from "./data.js";
import { FACETS, chips } from "./facets.js";
import { cityPlace, herePlace, locationError, zipPlace } from "./places.js";
import { activeFilters, describe, optionCounts, rank, searchingText, suggestions, telehealthCount } from "./ranking.js";
import { boundedQuery } from "./text.js";
import { readQuery, writeQuery } from "./url-state.js";
import { createView } from "./view.js";
import { wordSearch } from "./words.js";

const app = document.getElementById("iop-finder");
const api = { update, lastUpdateMs: 0, ready: null }; // window.iopFinder: tests and bench/
let view = null, data = null, places = null, searchWords = null;
const state = { place: null, error: "", here: null, text: { q: "", bits: null, pending: false, failed: false } };

const placeFailed = () => ({
  head: _("No results yet"),
  detail: _("Change the place above, or see the telehealth programs and the free services below, which help wherever you are."),
});

// ---- the recomputation (the benchmark hook) ---------------------------------------
function update() {
  const t0 = performance.now();
  if (!data) return;
  const radius = +view.radius.value;
  const origin = state.place;
  const values = view.chosen(), chosen = chips(data, values);
  const groups = activeFilters(data, values, state.text.bits);
  view.showError(state.error);
  view.setBusy(state.text.pending);
  if (state.error || state.text.pending) {
    view.showResults(data, null, false);
    view.showSuggestions(null);
    // The reason is under "Where from" (and the ZIP box points to it); here, what next.
    view.setStatus(state.error ? placeFailed() : searchingText(state.text.q));
    view.showFilters(data, chosen, null, chipActions);
    view.showHelp(state.error ? telehealthOffer(groups) : null, act);
  } else {
    const r = rank(data, groups, origin, radius);
    view.showResults(data, r, Boolean(origin), chosen);
    view.setStatus(describe({
      place: origin, radius, words: state.text, nNear: r.near.length, nTele: r.tele.length,
      filters: chosen.map((c) => c.label),
    }));
    view.showSuggestions(r.near.length ? null : suggestions(data, groups, origin, radius, view.radii, view.groupName), act);
    view.showFilters(data, chosen, optionCounts(data, groups, origin, radius), chipActions);
    view.showHelp(r.near.length ? null : telehealthOffer(groups), act);
  }
  api.lastUpdateMs = performance.now() - t0;
}

/* No dead end: an empty result offers the telehealth programs, which serve a family
   wherever it is, keeping its other filters when some pass them. */
function telehealthOffer(groups) {
  const { matching, all } = telehealthCount(data, groups);
  if (matching) return { text: ngettext("Show {count} telehealth program", "Show {count} telehealth programs", matching), action: { telehealth: true } };
  if (all) return { text: ngettext("Show the telehealth program", "Show all {count} telehealth programs", all), action: { telehealth: true, clearOthers: true } };
  return {};
}

// A suggestion's or the help's button (ranking.suggestions' actions, telehealthOffer's).
function act(action) {
  if (action.clearAll) { clearAll(true); return; }
  if (action.telehealth) {
    if (action.clearOthers) { for (const f of FACETS) view.uncheck(f.key); view.words.value = ""; setText(""); }
    view.uncheck("format");
    view.applyChosen({ ...view.chosen(), format: ["telehealth"] });
    view.zip.value = ""; view.city.value = "";
    setPlace({});
    commit(true, true);
    return;
  }
  if (action.clear === "q") { view.words.value = ""; setText(""); } else if (action.clear) view.uncheck(action.clear);
  if (action.radius) view.radius.value = String(action.radius);
  commit(false, true);
}

const chipActions = {
  onRemove(chip, position) {
    view.uncheck(chip.key, chip.value);
    commit(false, false);
    view.focusChip(position);
  },
  onClear() { clearAll(true); },
};

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
  view.setStatus(_("Finding your location…"));
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
/* The URL of the current history entry as last committed. What is typed into the ZIP
   box shows in the URL through replaceState alone (a draft: searches do not pile up in
   the history); submitting it puts the committed URL back on the current entry and
   pushes the search as one new entry, so Back returns to the search before it. */
let committed = "";
const here = () => location.pathname + location.search;

function queryURL() {
  const query = writeQuery({
    place: state.place, radius: view.radius.value, defaultRadius: view.defaultRadius,
    chosen: view.chosen(), q: state.text.q,
  });
  return location.pathname + (query ? `?${query}` : "");
}

function writeURL(push) {
  const url = queryURL();
  if (push && url !== committed) {
    if (here() !== committed) history.replaceState(null, "", committed);
    history.pushState(null, "", url);
  } else if (url !== here()) {
    history.replaceState(null, "", url);
  }
  committed = url;
}

function writeDraft() {
  const url = queryURL();
  if (url !== here()) history.replaceState(null, "", url);
}

// Puts the URL's state into the form (at the start, before the data, and on Back/Forward).
function applyURL() {
  const s = readQuery(new URLSearchParams(location.search), { radii: view.radiusValues, defaultRadius: view.defaultRadius });
  view.applyChosen(s.chosen);
  view.radius.value = s.radius;
  view.words.value = s.q;
  view.zip.value = s.zip;
  view.city.value = "";
  return s;
}

// ... and into the results.
function restore() {
  committed = here();
  const s = applyURL();
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
  clearTimeout(timers.zip);
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
  view.openFilters(false);
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
  clearTimeout(timers.age);
  commit(false, false);
}

/* Typing waits for a pause. The word box searches; the age box filters; a ZIP box that
   holds a ZIP code of the area shows its programs at once, as a draft (see writeURL):
   only submitting it makes a history entry, and only submitting it says what is wrong
   with a ZIP code, not every keystroke on the way. */
const timers = { zip: 0, age: 0, words: 0 };
function typed(event) {
  const t = event.target;
  if (t === view.zip && view.zip.value.trim()) view.city.value = "";
  if (!data) return;
  if (t === view.zip) {
    clearTimeout(timers.zip);
    timers.zip = setTimeout(typedZip, 400);
  } else if (t === view.age) {
    clearTimeout(timers.age);
    timers.age = setTimeout(() => commit(false, false), 400);
  } else if (t === view.words) {
    clearTimeout(timers.words);
    timers.words = setTimeout(() => {
      const q = view.words.value.trim();
      if (q === state.text.q) return;
      setText(q);
      commit(false, false);
    }, 400);
  }
}

function typedZip() {
  const found = zipPlace(view.zip.value, places);
  if (!found.place || (state.place?.kind === "zip" && state.place.value === found.place.value && !state.error)) return;
  setPlace(found, true);
  update();
  writeDraft();
}

// The visitor's day (days since 1970-01-01, by their own calendar): "checked N days ago".
function today() {
  const now = new Date();
  return Math.floor(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 864e5);
}

function init() {
  view = createView(app);
  window.iopFinder = api;
  // The form says what the link asks for while the data loads, and keeps a row for
  // the chips of its filters, so that nothing moves when the results arrive.
  const asked = applyURL();
  view.reserveChips(Object.values(asked.chosen).some((values) => values.length));
  const load = (url) => fetch(new URL(url, document.baseURI)).then((r) => {
    if (!r.ok) throw new Error(`${r.status}`);
    return r.json();
  });
  const texts = loadCatalogue(new URL("../i18n/", import.meta.url));
  api.ready = Promise.all([load(app.dataset.indexUrl), load(app.dataset.placesUrl), texts]).then(([ix, pl]) => {
    // The labels and wording of the page's language (the data itself is shared).
    data = decodeIndex({ ...ix, labels: { ...ix.labels, ...catalogueField("labels") }, stale_after: catalogueField("stale_after") || ix.stale_after });
    places = decodePlaces(pl);
    view.setToday(today());
    searchWords = wordSearch(data, new URL(app.dataset.pagefindUrl, document.baseURI).href, location.href);
    view.form.addEventListener("submit", submitted);
    view.form.addEventListener("change", changed);
    view.form.addEventListener("input", typed);
    view.here.addEventListener("click", () => locate(true, true));
    view.clear.addEventListener("click", () => clearAll(false));
    window.addEventListener("popstate", restore);
    restore();
    // Arriving with a place (from the home page's ZIP box or a shared link), the
    // results are what the visitor came for. In the next frame, where the browser lays
    // the new results out anyway: focusing now would force a second layout of the page.
    if (state.place) requestAnimationFrame(() => view.focusResults());
    view.ready();
  }, () => {
    view.reserveChips(false);
    view.setStatus(_("The finder could not load its list of programs. Reload the page, or use the directory or the services below."));
    view.showHelp({ link: true });
    view.ready("failed");
  });
}

if (app) init();
