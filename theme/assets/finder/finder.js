/* The program finder: distances, filters and results, computed in this browser.
   Privacy: the page only fetches two static JSON files (and, when the word box is
   used, Pagefind's index) from its own site. The ZIP, the coordinates and the
   filters never leave the device; coordinates never go into the URL. */
(() => {
  "use strict";
  const app = document.getElementById("iop-finder");
  if (!app) return;
  const $ = (id) => document.getElementById(id);
  // A crafted link (?zip= of 30,000 characters, ?q= of 10,000 words) must not fill the
  // page with its text or make the search run for seconds.
  const MAX_QUERY_CHARS = 200, MAX_QUERY_WORDS = 12, MAX_ECHO_CHARS = 40;
  const boundedQuery = (text) => text.slice(0, MAX_QUERY_CHARS * 4).trim().split(/\s+/)
    .slice(0, MAX_QUERY_WORDS).join(" ").slice(0, MAX_QUERY_CHARS);
  const echo = (text) => text.length > MAX_ECHO_CHARS ? `${text.slice(0, MAX_ECHO_CHARS)}…` : text;
  const form = $("finder-form");
  const zipInput = $("finder-zip");
  const citySelect = $("finder-city");
  const radiusSelect = $("finder-radius");
  const textInput = $("finder-q");
  const hereButton = $("finder-here");
  const whereError = $("where-error");
  const heading = $("finder-results-heading");
  const status = $("finder-status");
  const suggest = $("finder-suggest");
  const acceptingBox = $("finder-accepting");
  const lists = {
    near: { list: $("finder-near"), more: $("finder-near-more"), shown: 0, order: [] },
    tele: { list: $("finder-tele"), more: $("finder-tele-more"), shown: 0, order: [] },
  };
  const teleGroup = $("finder-tele-group");
  const results = app.querySelector(".finder-results");

  const GROUPS = ["condition", "population", "payment", "accreditation", "schedule", "format", "language"];
  const PAGE = 25;
  const TEXT_CAP = 300; // Pagefind fragments fetched at most, when pages carry no `program` filter
  const DEFAULT_RADIUS = [...radiusSelect.options].find((o) => o.defaultSelected)?.value || "25";

  // WGS-84. Flat-earth distance with the ellipsoid's radii of curvature at the mean
  // latitude: within 0.02% of the geodesic for the < 150-mile distances used here.
  const A = 6378137, E2 = 0.00669437999014, MILE = 1609.344, RAD = Math.PI / 180;
  function miles(lat1, lon1, lat2, lon2) {
    const m = (lat1 + lat2) * RAD / 2, s = Math.sin(m), w = 1 - E2 * s * s;
    const n = A / Math.sqrt(w), mer = n * (1 - E2) / w;
    const dx = n * Math.cos(m) * (lon2 - lon1) * RAD, dy = mer * (lat2 - lat1) * RAD;
    return Math.sqrt(dx * dx + dy * dy) / MILE;
  }

  let data = null, places = null;
  const state = { place: null, error: "", here: null, text: { q: "", bits: null, pending: false, failed: false } };
  const api = { update, lastUpdateMs: 0, ready: null };
  window.iopFinder = api;

  // ---- data ---------------------------------------------------------------------
  const slugify = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  const normPath = (p) => p.replace(/^\.?\//, "").replace(/index\.html$/, "");

  function decode(ix) {
    const n = ix.name.length, scale = ix.scale, m = ix.lat.length;
    const d = {
      n, names: ix.name, vocab: ix.vocab, labels: ix.labels, cities: ix.cities, city: ix.city,
      days: ix.days, hours: ix.hours, facets: {}, accepting: Int32Array.from(ix.accepting),
      stale: new Set(ix.stale || []),
      expired: new Set(ix.expired || []),
      staleAfter: ix.stale_after || "12 months",
      start: new Int32Array(n + 1), lat: new Float64Array(m), lon: new Float64Array(m),
      slugs: new Array(n), paths: new Array(n), bySlug: new Map(), byPath: new Map(),
    };
    for (const g of GROUPS) d.facets[g] = Int32Array.from(ix[g]);
    for (let i = 0; i < n; i++) d.start[i + 1] = d.start[i] + ix.nloc[i];
    for (let k = 0; k < m; k++) { d.lat[k] = ix.lat[k] / scale; d.lon[k] = ix.lon[k] / scale; }
    for (let i = 0; i < n; i++) {
      const slug = ix.slug[i] ?? slugify(ix.name[i]);
      const path = ix.urls ? ix.urls[i] : ix.url.replace("{slug}", slug);
      d.slugs[i] = slug; d.paths[i] = path;
      d.bySlug.set(slug, i); d.byPath.set(normPath(path), i);
    }
    // Alphabetical rank, computed once so that updates sort plain numbers.
    const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
    const byName = Array.from({ length: n }, (_, i) => i).sort((a, b) => collator.compare(d.names[a], d.names[b]) || a - b);
    d.rank = new Int32Array(n); d.byRank = Int32Array.from(byName);
    byName.forEach((i, r) => { d.rank[i] = r; });
    d.rankBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
    d.distOf = new Float64Array(n); d.locOf = new Int32Array(n);
    return d;
  }

  function decodePlaces(p) {
    const zips = new Map(), towns = new Map();
    p.zip.forEach((z, i) => zips.set(z, { lat: p.lat[i] / p.scale, lon: p.lon[i] / p.scale, city: p.cities[p.city[i]] }));
    p.cities.forEach((c, i) => towns.set(c.toLowerCase(), { name: c, lat: p.clat[i] / p.scale, lon: p.clon[i] / p.scale }));
    return { zips, towns, radius: p.radius };
  }

  // ---- filters ------------------------------------------------------------------
  const checked = (name) => [...form.querySelectorAll(`[name="${name}"]:checked`)].map((i) => i.value).filter(Boolean);

  // Active groups as {key, arr, mask}: a program passes a group when arr[i] & mask.
  function activeGroups() {
    const groups = [];
    for (const g of GROUPS) {
      const vocab = data.vocab[g], values = checked(g);
      let mask = 0;
      for (const v of values) {
        const bit = vocab.indexOf(v);
        if (v === "any" && g === "accreditation") mask |= (1 << vocab.length) - 1;
        else if (bit >= 0) mask |= 1 << bit;
      }
      // A choice no program offers leaves mask 0: the group then matches nothing.
      if (values.length) groups.push({ key: g, arr: data.facets[g], mask });
    }
    if (acceptingBox.checked) groups.push({ key: "accepting", arr: data.accepting, mask: 1 });
    if (state.text.bits) groups.push({ key: "q", arr: state.text.bits, mask: 1 });
    return groups;
  }

  // A box a little larger than the circle: cheap rejection before any distance.
  // Its width is taken at its edge farthest from the equator, where degrees of
  // longitude are shortest.
  function box(origin, radius) {
    const dLat = radius / miles(origin.lat - 0.5, origin.lon, origin.lat + 0.5, origin.lon) * 1.05;
    const edge = Math.min(89, Math.abs(origin.lat) + dLat);
    const dLon = radius / miles(edge, 0, edge, 1) * 1.05;
    return { s: origin.lat - dLat, n: origin.lat + dLat, w: origin.lon - dLon, e: origin.lon + dLon };
  }

  // Distance to program i's nearest location inside the box (Infinity if none);
  // the location is left in nearestK.
  let nearestK = -1;
  function nearest(i, origin, b) {
    const { start, lat, lon } = data;
    let best = Infinity;
    nearestK = -1;
    for (let k = start[i]; k < start[i + 1]; k++) {
      const la = lat[k], lo = lon[k];
      if (la < b.s || la > b.n || lo < b.w || lo > b.e) continue;
      const d = miles(origin.lat, origin.lon, la, lo);
      if (d < best) { best = d; nearestK = k; }
    }
    return best;
  }

  // One pass: programs with a location within the radius (all of them without a
  // place) go to out.near, with their distance in distOf; telehealth-only to out.tele.
  function scan(groups, origin, radius, out) {
    const { n, start, distOf, locOf } = data;
    const b = origin && box(origin, radius);
    programs: for (let i = 0; i < n; i++) {
      for (const g of groups) if ((g.arr[i] & g.mask) === 0) continue programs;
      if (start[i] === start[i + 1]) { out.tele.push(i); continue; }
      if (!origin) { out.near.push(i); continue; }
      const d = nearest(i, origin, b);
      if (d <= radius) { out.near.push(i); distOf[i] = d; locOf[i] = nearestK; }
    }
  }

  // Program indices by distance (then name), through one Float64Array of packed
  // keys sorted without a comparator.
  function sortNear(near, withDistance) {
    const { rank, byRank, distOf } = data, f = 2 ** data.rankBits;
    const keys = new Float64Array(near.length);
    for (let j = 0; j < near.length; j++) {
      const i = near[j];
      keys[j] = withDistance ? Math.round(distOf[i] * 1e4) * f + rank[i] : rank[i];
    }
    keys.sort();
    const order = new Int32Array(keys.length);
    for (let j = 0; j < keys.length; j++) order[j] = byRank[keys[j] % f];
    return order;
  }

  // ---- the recomputation (the benchmark hook) -----------------------------------
  function update() {
    const t0 = performance.now();
    if (!data) return;
    const radius = +radiusSelect.value;
    const origin = state.place;
    whereError.hidden = !state.error;
    whereError.textContent = state.error;
    results.setAttribute("aria-busy", String(state.text.pending));
    if (state.error || state.text.pending) {
      show("near", [], false); show("tele", [], false); suggest.replaceChildren();
      status.textContent = state.error || `Looking for “${echo(state.text.q)}” in the program pages…`;
    } else {
      const groups = activeGroups();
      const out = { near: [], tele: [] };
      scan(groups, origin, radius, out);
      const near = sortNear(out.near, Boolean(origin));
      show("near", near, Boolean(origin));
      show("tele", out.tele.sort((a, b) => data.rank[a] - data.rank[b]), false);
      status.textContent = describe(near.length, out.tele.length, radius);
      suggest.replaceChildren(...(near.length ? [] : suggestions(groups, origin, radius)));
    }
    api.lastUpdateMs = performance.now() - t0;
  }

  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

  function placeLabel() {
    const p = state.place;
    return p.kind === "zip" ? `ZIP code ${p.value} (${p.city})` : p.kind === "city" ? p.value : "your location";
  }

  function describe(nNear, nTele, radius) {
    const words = state.text.bits ? ` matching “${echo(state.text.q)}”` : "";
    const tele = nTele ? ` ${plural(nTele, "telehealth-only program")}${words} ${nTele === 1 ? "is" : "are"} listed separately.` : "";
    const failed = state.text.failed ? ` Word search is not available right now, so the words “${echo(state.text.q)}” were not used.` : "";
    if (!state.place) {
      return `${plural(nNear, "program")}${words} with a place to meet, in alphabetical order.${tele}` +
        " To see the nearest first, enter a ZIP code, choose a city or use your location." + failed;
    }
    const where = `within ${radius} miles of ${placeLabel()}`;
    const head = nNear ? `${plural(nNear, "program")}${words} ${where}, nearest first.`
      : `No program ${where} matches your choices${state.text.bits ? ` and the words “${echo(state.text.q)}”` : ""}.`;
    return head + tele + failed;
  }

  // For an empty list, in one pass: how many programs each single filter group
  // holds back, how many a wider radius would add, and how many clearing all gives.
  function counts(groups, origin, radius) {
    const options = [...radiusSelect.options].map((o) => +o.value).filter((r) => r > radius);
    const far = Math.max(radius, ...options);
    const b = origin && box(origin, far);
    const byGroup = groups.map(() => 0), beyond = [];
    let all = 0;
    for (let i = 0; i < data.n; i++) {
      if (data.start[i] === data.start[i + 1]) continue;
      let fails = 0, failed = -1;
      for (let j = 0; j < groups.length && fails < 2; j++) {
        if ((groups[j].arr[i] & groups[j].mask) === 0) { fails++; failed = j; }
      }
      const d = origin ? nearest(i, origin, b) : 0;
      if (d <= radius) { all++; if (fails === 1) byGroup[failed]++; } else if (!fails && d <= far) beyond.push(d);
    }
    const wider = options.find((r) => beyond.some((d) => d <= r));
    return { byGroup, all, wider, widerCount: beyond.filter((d) => d <= wider).length };
  }

  function suggestions(groups, origin, radius) {
    const c = counts(groups, origin, radius), items = [];
    groups.forEach((g, j) => {
      if (c.byGroup[j]) items.push(button(`Clear “${groupName(g.key)}” (${plural(c.byGroup[j], "program")})`, () => clearGroup(g.key)));
    });
    if (c.wider) {
      items.push(button(`Search within ${c.wider} miles (${plural(c.widerCount, "program")})`, () => {
        radiusSelect.value = String(c.wider);
        commit(false, true);
      }));
    }
    if (!items.length && groups.length > 1 && c.all) items.push(button(`Clear all filters (${plural(c.all, "program")})`, () => clearAll(true)));
    const lead = el("p", "", items.length ? "To see more programs, loosen your choices:" :
      origin ? "Try a wider distance or a place closer to Austin." : "Try clearing some filters.");
    return [lead, ...items];
  }

  function groupName(key) {
    if (key === "q") return "Words to look for";
    return $(`filter-${key}`).querySelector("legend").textContent.trim();
  }

  function uncheck(key) {
    for (const input of $(`filter-${key}`).querySelectorAll("input")) input.checked = input.value === "" && input.type === "radio";
  }

  function clearGroup(key) {
    if (key === "q") { textInput.value = ""; setText(""); } else uncheck(key);
    commit(false, true);
  }

  function clearAll(focus) {
    for (const key of [...GROUPS, "accepting"]) uncheck(key);
    commit(false, focus);
  }

  function button(text, onClick) {
    const b = document.createElement("button");
    b.type = "button"; b.className = "finder-button finder-secondary"; b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  // ---- rendering ----------------------------------------------------------------
  function show(which, order, withDistance) {
    const l = lists[which];
    l.order = order; l.shown = 0; l.withDistance = withDistance;
    more(which, true);
    if (which === "tele") teleGroup.hidden = !order.length;
  }

  // Renders the next page of results; returns the first new item.
  function more(which, replace) {
    const l = lists[which];
    const next = Array.from(l.order.slice(l.shown, l.shown + PAGE), (i) => item(i, l.withDistance));
    l.list[replace ? "replaceChildren" : "append"](...next);
    l.shown += next.length;
    const left = l.order.length - l.shown;
    l.more.hidden = left <= 0;
    l.more.textContent = `Show ${Math.min(PAGE, left)} more (${left} not shown yet)`;
    return next[0];
  }

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const root = app.dataset.rootUrl || "";
  const href = (path) => (/^([a-z]+:|\/)/i.test(path) ? path : root + path);

  // A result's element is built once per program and reused: only its distance
  // and nearest town change from one update to the next.
  const built = new Map();

  function item(i, withDistance) {
    let entry = built.get(i);
    if (!entry) built.set(i, entry = build(i));
    const { li, place } = entry;
    if (place) {
      const text = withDistance ? data.distOf[i].toFixed(1) : "";
      if (withDistance) {
        li.dataset.distanceMiles = text;
        li.dataset.distanceExact = data.distOf[i].toFixed(4);
      } else {
        delete li.dataset.distanceMiles;
        delete li.dataset.distanceExact;
      }
      place.replaceChildren(...(withDistance ? [el("strong", "", `${text} ${text === "1.0" ? "mile" : "miles"}`), " · "] : []),
        data.cities[data.city[withDistance ? data.locOf[i] : data.start[i]]]);
    }
    return li;
  }

  function build(i) {
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
    for (const [term, value] of facts(i)) {
      const row = el("div");
      row.append(el("dt", "", term), el("dd", "", value));
      dl.append(row);
    }
    li.append(dl);
    const acc = data.accepting[i];
    if (acc !== 2) li.append(el("p", "finder-accepting", acc ? "Accepting new clients" : "Not accepting new clients right now"));
    if (data.stale.has(i)) {
      li.append(el("p", "finder-stale", `This listing may be out of date: last checked more than ${data.staleAfter} ago.`));
    }
    if (data.expired.has(i)) {
      li.append(el("p", "finder-stale", "Not verified at the moment: a licence or accreditation has expired and we are checking it again."));
    }
    return { li, place };
  }

  function bitLabels(mask, vocab, labels) {
    return vocab.filter((_, b) => mask & (1 << b)).map((v) => labels[v] || v);
  }

  function facts(i) {
    const L = data.labels, V = data.vocab;
    const fmt = data.facets.format[i];
    const rows = [["Format", L.format[fmt === 3 ? "hybrid" : fmt === 2 ? "telehealth" : "in-person"]]];
    const days = data.days[i], hours = data.hours[i], when = [];
    if (days) {
      const text = days < 10 ? String(days) : `${Math.floor(days / 10)}–${days % 10}`;
      when.push(`${text} ${text === "1" ? "day" : "days"} a week`);
    }
    if (hours) when.push(`${hours} ${hours === 1 ? "hour" : "hours"} a day`);
    if (when.length) rows.push(["Schedule", when.join(", ")]);
    const pay = bitLabels(data.facets.payment[i], V.payment, L.payment);
    rows.push(["Payment", pay.length ? pay.join(", ") : "Ask the program"]);
    const acc = bitLabels(data.facets.accreditation[i], V.accreditation, L.accreditation);
    rows.push(["Accreditation", acc.length ? acc.join(", ") : "None listed"]);
    return rows;
  }

  for (const which of Object.keys(lists)) {
    lists[which].more.addEventListener("click", () => {
      const first = more(which);
      if (first) first.querySelector("a").focus();
    });
  }

  // ---- places -------------------------------------------------------------------
  function zipPlace(raw) {
    const value = raw.trim();
    const m = /^(\d{5})(-?\d{4})?$/.exec(value);
    if (!m) return { error: `“${echo(value)}” is not a ZIP code. Enter 5 digits, like 78701.` };
    const z = places.zips.get(m[1]);
    if (!z) {
      return { error: `ZIP code ${m[1]} is outside the area this directory covers (within ${places.radius} miles of downtown Austin). Try a ZIP code nearer Austin, or choose a city.` };
    }
    return { place: { kind: "zip", value: m[1], lat: z.lat, lon: z.lon, city: z.city } };
  }

  function cityPlace(name) {
    const t = places.towns.get(name.trim().toLowerCase());
    if (!t) return { error: `“${echo(name)}” is not in our list of towns. Choose a city or town from the list.` };
    return { place: { kind: "city", value: t.name, lat: t.lat, lon: t.lon } };
  }

  function setPlace(result, field) {
    state.error = result.error || "";
    state.place = result.place || null;
    zipInput.setAttribute("aria-invalid", String(Boolean(result.error && field === zipInput)));
    zipInput.setAttribute("aria-describedby", result.error && field === zipInput ? "where-error where-hint" : "where-hint");
    if (result.place?.kind === "city") citySelect.value = result.place.value;
  }

  // The button stays enabled while the browser asks (disabling it would drop the
  // keyboard focus); repeated presses are ignored instead.
  let locating = false;
  function locate(push, focus) {
    if (!navigator.geolocation) {
      placeError("This browser cannot share your location. Enter a ZIP code or choose a city instead.");
      return;
    }
    if (locating) return;
    locating = true;
    status.textContent = "Finding your location…";
    navigator.geolocation.getCurrentPosition((pos) => {
      locating = false;
      state.here = { kind: "here", lat: pos.coords.latitude, lon: pos.coords.longitude };
      zipInput.value = ""; citySelect.value = "";
      setPlace({ place: state.here });
      commit(push, focus);
    }, (err) => {
      locating = false;
      placeError(err.code === 1 ?
        "Your location was not shared (permission refused). Enter a ZIP code or choose a city instead." :
        "Your location is not available right now. Enter a ZIP code or choose a city instead.");
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
  }

  function placeError(message) {
    setPlace({ error: message });
    update();
  }

  // ---- URL state ----------------------------------------------------------------
  function writeURL(push) {
    const p = new URLSearchParams(), place = state.place;
    if (place?.kind === "here") p.set("from", "here");
    else if (place) p.set(place.kind, place.value);
    if (radiusSelect.value !== DEFAULT_RADIUS) p.set("radius", radiusSelect.value);
    for (const g of GROUPS) for (const v of checked(g)) p.append(g, v);
    if (acceptingBox.checked) p.set("accepting", "1");
    if (state.text.q) p.set("q", state.text.q);
    const query = p.toString();
    const url = location.pathname + (query ? `?${query}` : "");
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  }

  // Puts the URL's state into the form and returns the place it asks for.
  function readURL() {
    const p = new URLSearchParams(location.search);
    for (const g of GROUPS) {
      const values = p.getAll(g);
      for (const input of form.querySelectorAll(`[name="${g}"]`)) {
        input.checked = values.includes(input.value) || (input.value === "" && !values.some((v) => form.querySelector(`[name="${g}"][value="${CSS.escape(v)}"]`)));
      }
    }
    acceptingBox.checked = ["1", "true", "yes"].includes(p.get("accepting"));
    const radius = p.get("radius");
    radiusSelect.value = [...radiusSelect.options].some((o) => o.value === radius) ? radius : DEFAULT_RADIUS;
    textInput.value = p.get("q") || "";
    zipInput.value = p.get("zip") || "";
    citySelect.value = "";
    if (p.has("zip")) return { kind: "zip", value: p.get("zip") };
    if (p.has("city")) return { kind: "city", value: p.get("city") };
    if (p.get("from") === "here") return { kind: "here" };
    return null;
  }

  function restore() {
    const spec = readURL();
    setText(textInput.value.trim());
    if (!spec) { setPlace({}); update(); return; }
    if (spec.kind === "here") {
      if (state.here) { setPlace({ place: state.here }); update(); } else locate(false, false);
      return;
    }
    setPlace(spec.kind === "zip" ? zipPlace(spec.value) : cityPlace(spec.value), zipInput);
    update();
  }

  // ---- word search through Pagefind (loaded only when the word box is used) ------
  let pagefind = null, textRun = 0;

  function setText(raw) {
    const q = boundedQuery(raw);
    if (q === state.text.q) return;
    state.text = { q, bits: null, pending: Boolean(q), failed: false };
    if (!q) return;
    const run = ++textRun;
    textMatches(q).then((bits) => {
      if (run !== textRun) return;
      state.text = { q, bits, pending: false, failed: false };
      update();
    }, () => {
      if (run !== textRun) return;
      state.text = { q, bits: null, pending: false, failed: true };
      update();
    });
  }

  async function textMatches(q) {
    if (!pagefind) pagefind = import(new URL(app.dataset.pagefindUrl, document.baseURI).href);
    const pf = await pagefind;
    // Fast path: when program pages carry data-pagefind-filter="program:<slug>", the
    // search's filter counts name the matching programs without fetching one
    // fragment per result. Pagefind counts filters only once they are loaded.
    const hasProgram = "program" in ((await pf.filters()) || {});
    const found = await pf.search(q);
    const bits = new Uint8Array(data.n);
    const bySlug = found.filters?.program;
    if (hasProgram && bySlug) {
      for (const [slug, count] of Object.entries(bySlug)) {
        const i = data.bySlug.get(slug);
        if (count > 0 && i !== undefined) bits[i] = 1;
      }
      return bits;
    }
    const pages = await Promise.all(found.results.slice(0, TEXT_CAP).map((r) => r.data()));
    for (const page of pages) {
      const i = indexOfUrl(page.url);
      if (i >= 0) bits[i] = 1;
    }
    return bits;
  }

  // "/base/programs/slug/" -> the program whose path is a suffix of it.
  function indexOfUrl(url) {
    const parts = new URL(url, location.href).pathname.replace(/index\.html$/, "").split("/");
    for (let s = 0; s < parts.length; s++) {
      const i = data.byPath.get(parts.slice(s).join("/"));
      if (i !== undefined) return i;
    }
    return -1;
  }

  // ---- events -------------------------------------------------------------------
  // A search the visitor submits is a new history entry and moves focus to the
  // results; filter tweaks replace the current entry and leave focus alone.
  function commit(push, focus) {
    update();
    writeURL(push);
    if (focus) heading.focus();
  }

  let lastCityPush = 0;

  function submitted(event) {
    event.preventDefault();
    if (!data) return;
    setText(textInput.value.trim());
    const zip = zipInput.value.trim();
    if (zip) {
      setPlace(zipPlace(zip), zipInput);
      if (state.error) { update(); zipInput.focus(); return; }
    } else if (citySelect.value) {
      setPlace(cityPlace(citySelect.value));
    } else if (state.place?.kind === "here") {
      setPlace({ place: state.place });
    } else {
      setPlace({});
    }
    commit(true, true);
  }

  function changed(event) {
    const t = event.target;
    if (!data || t === textInput || t === zipInput) return;
    if (t === citySelect) {
      if (!citySelect.value) return;
      zipInput.value = "";
      setPlace(cityPlace(citySelect.value));
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
    if (event.target === zipInput && zipInput.value.trim()) citySelect.value = "";
    if (event.target !== textInput || !data) return;
    clearTimeout(textTimer);
    textTimer = setTimeout(() => {
      const q = textInput.value.trim();
      if (q === state.text.q) return;
      setText(q);
      commit(false, false);
    }, 400);
  }

  function init() {
    app.querySelector(".finder-app").hidden = false;
    status.textContent = "Loading the list of programs…";
    const load = (url) => fetch(new URL(url, document.baseURI)).then((r) => {
      if (!r.ok) throw new Error(`${r.status}`);
      return r.json();
    });
    api.ready = Promise.all([load(app.dataset.indexUrl), load(app.dataset.placesUrl)]).then(([ix, pl]) => {
      data = decode(ix);
      places = decodePlaces(pl);
      form.addEventListener("submit", submitted);
      form.addEventListener("change", changed);
      form.addEventListener("input", typed);
      hereButton.addEventListener("click", () => locate(true, true));
      $("finder-clear").addEventListener("click", () => clearAll(false));
      window.addEventListener("popstate", restore);
      restore();
      // Arriving with a place (from the home page's ZIP box or a shared link), the
      // results are what the visitor came for: on a phone they sit below the form.
      if (state.place) heading.focus();
      app.dataset.ready = "true";
    }, () => {
      status.textContent = "The finder could not load its list of programs. Reload the page, or use the directory link below.";
    });
  }

  init();
})();
