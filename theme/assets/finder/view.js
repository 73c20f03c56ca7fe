/* The finder's page (DOM): reading and setting the form, the results line, the error
   under "Where from", the result cards and their pages, the suggestions when nothing
   is found, and where the focus goes. Its elements are those of partials/finder.html,
   found by id; what to show is passed in (data from data.js, results from ranking.js). */
import { FACETS } from "./facets.js";
import { distanceText, facts, notes } from "./cards.js";

const PAGE = 25; // results rendered at a time; "Show N more" adds the next page

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function createView(app, facets = FACETS) {
  const $ = (id) => document.getElementById(id);
  const form = $("finder-form"), zip = $("finder-zip"), radius = $("finder-radius");
  const whereError = $("where-error"), heading = $("finder-results-heading");
  const status = $("finder-status"), suggest = $("finder-suggest");
  const results = app.querySelector(".finder-results"), teleGroup = $("finder-tele-group");
  const lists = {
    near: { list: $("finder-near"), more: $("finder-near-more"), shown: 0, order: [] },
    tele: { list: $("finder-tele"), more: $("finder-tele-more"), shown: 0, order: [] },
  };
  const radiusValues = [...radius.options].map((o) => o.value);
  const root = app.dataset.rootUrl || "";
  const href = (path) => (/^([a-z]+:|\/)/i.test(path) ? path : root + path);
  // A result's element is built once per program and reused: only its distance and
  // nearest town change from one update to the next.
  const built = new Map();

  const inputs = (key) => form.querySelectorAll(`[name="${key}"]`);

  // ---- the form ----
  const checked = (key) => [...form.querySelectorAll(`[name="${key}"]:checked`)].map((i) => i.value).filter(Boolean);

  // key -> the values ticked in that group ("No preference" is none).
  function chosen() {
    const c = {};
    for (const f of facets) c[f.key] = checked(f.key);
    return c;
  }

  // Ticks what a link asks for; a radio group none of whose values it names falls back
  // to its "No preference" (value "").
  function applyChosen(c) {
    for (const f of facets) {
      const values = c[f.key] || [], all = [...inputs(f.key)];
      const known = values.some((v) => all.some((input) => input.value === v));
      for (const input of all) input.checked = values.includes(input.value) || (input.value === "" && !known);
    }
  }

  function uncheck(key) {
    for (const input of $(`filter-${key}`).querySelectorAll("input")) input.checked = input.value === "" && input.type === "radio";
  }

  const groupName = (key) => key === "q" ? "Words to look for" : $(`filter-${key}`).querySelector("legend").textContent.trim();

  // ---- messages ----
  function showError(message) {
    whereError.hidden = !message;
    whereError.textContent = message;
  }

  // The ZIP box points to the error under it while it holds a ZIP that failed.
  function markZip(invalid) {
    zip.setAttribute("aria-invalid", String(invalid));
    zip.setAttribute("aria-describedby", invalid ? "where-error where-hint" : "where-hint");
  }

  const setStatus = (text) => { status.textContent = text; };
  const setBusy = (busy) => results.setAttribute("aria-busy", String(busy));

  // `s` from ranking.suggestions (or null); act(action) runs a button's action.
  function showSuggestions(s, act) {
    if (!s) { suggest.replaceChildren(); return; }
    suggest.replaceChildren(el("p", "", s.lead), ...s.items.map(({ text, action }) => {
      const b = el("button", "finder-button finder-secondary", text);
      b.type = "button";
      b.addEventListener("click", () => act(action));
      return b;
    }));
  }

  // ---- results ----
  // `r` from ranking.rank (null: empty lists); withDistance: the near list has a place.
  function showResults(data, r, withDistance) {
    show("near", data, r, r ? r.near : [], withDistance);
    show("tele", data, r, r ? r.tele : [], false);
  }

  function show(which, data, r, order, withDistance) {
    Object.assign(lists[which], { order, shown: 0, data, r, withDistance });
    more(which, true);
    if (which === "tele") teleGroup.hidden = !order.length;
  }

  // Renders the next page of results; returns the first new item.
  function more(which, replace) {
    const l = lists[which];
    const next = Array.from(l.order.slice(l.shown, l.shown + PAGE), (i) => item(l.data, i, l.withDistance && l.r));
    l.list[replace ? "replaceChildren" : "append"](...next);
    l.shown += next.length;
    const left = l.order.length - l.shown;
    l.more.hidden = left <= 0;
    l.more.textContent = `Show ${Math.min(PAGE, left)} more (${left} not shown yet)`;
    return next[0];
  }

  for (const which of Object.keys(lists)) {
    lists[which].more.addEventListener("click", () => {
      const first = more(which);
      if (first) first.querySelector("a").focus();
    });
  }

  // Program i's card; r (when the list has a place) gives its distance and nearest town.
  function item(data, i, r) {
    let entry = built.get(i);
    if (!entry) built.set(i, entry = build(data, i));
    const { li, place } = entry;
    if (place) {
      if (r) {
        li.dataset.distanceMiles = r.dist[i].toFixed(1);
        li.dataset.distanceExact = r.dist[i].toFixed(4);
      } else {
        delete li.dataset.distanceMiles;
        delete li.dataset.distanceExact;
      }
      place.replaceChildren(...(r ? [el("strong", "", distanceText(r.dist[i])), " · "] : []),
        data.cities[data.city[r ? r.loc[i] : data.start[i]]]);
    }
    return li;
  }

  function build(data, i) {
    const li = el("li", "finder-result");
    li.dataset.program = data.slugs[i];
    const h = el("h3", "finder-name");
    const a = el("a", "", data.names[i]);
    a.href = href(data.paths[i]);
    h.append(a);
    li.append(h);
    const place = data.start[i] !== data.start[i + 1] ? el("p", "finder-place") : null;
    if (place) li.append(place);
    const dl = el("dl", "finder-facts");
    for (const [term, value] of facts(data, i)) {
      const row = el("div");
      row.append(el("dt", "", term), el("dd", "", value));
      dl.append(row);
    }
    li.append(dl);
    for (const n of notes(data, i)) li.append(el("p", n.className, n.text));
    return { li, place };
  }

  return {
    form, zip, radius, city: $("finder-city"), words: $("finder-q"), here: $("finder-here"), clear: $("finder-clear"),
    radiusValues, radii: radiusValues.map(Number),
    defaultRadius: [...radius.options].find((o) => o.defaultSelected)?.value || "25",
    start() { app.querySelector(".finder-app").hidden = false; },
    ready() { app.dataset.ready = "true"; },
    chosen, applyChosen, uncheck, groupName,
    showError, markZip, setStatus, setBusy, showSuggestions, showResults,
    focusResults: () => heading.focus(),
    focusZip: () => zip.focus(),
  };
}
