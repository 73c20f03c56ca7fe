/* Which programs a search shows and in what order, and the words that sum it up (no
   DOM). Every function takes what it works on (`data` from data.js, the chosen filters,
   the place) as arguments and keeps nothing between calls. */
import { miles } from "../common/distance.js";
import { FACETS, maskOf, optionsOf } from "./facets.js";
import { withinText } from "./places.js";
import { gettext as _, ngettext } from "../i18n/i18n.js";
import { echo } from "./text.js";

// ---- distances ---------------------------------------------------------------------
// miles() is shared with the shortlist (../common/distance.js); exported for the tests.
export { miles };

// A box a little larger than the circle: cheap rejection before any distance.
// Its width is taken at its edge farthest from the equator, where degrees of
// longitude are shortest.
export function box(origin, radius) {
  const dLat = radius / miles(origin.lat - 0.5, origin.lon, origin.lat + 0.5, origin.lon) * 1.05;
  const edge = Math.min(89, Math.abs(origin.lat) + dLat);
  const dLon = radius / miles(edge, 0, edge, 1) * 1.05;
  return { s: origin.lat - dLat, n: origin.lat + dLat, w: origin.lon - dLon, e: origin.lon + dLon };
}

// Distance to program i's nearest location inside the box b (Infinity if none); that
// location's number goes to loc[i] when loc is given (-1 if none).
export function nearest(data, i, origin, b, loc) {
  const { start, lat, lon } = data;
  let best = Infinity, bestK = -1;
  for (let k = start[i]; k < start[i + 1]; k++) {
    const la = lat[k], lo = lon[k];
    if (la < b.s || la > b.n || lo < b.w || lo > b.e) continue;
    const d = miles(origin.lat, origin.lon, la, lo);
    if (d < best) { best = d; bestK = k; }
  }
  if (loc) loc[i] = bestK;
  return best;
}

// ---- filters -----------------------------------------------------------------------
/* The groups a search applies, as {key, arr, mask}: program i passes one when
   arr[i] & mask. `chosen` maps a facet's key to its chosen values (empty: the group is
   not applied); `wordBits` (1 per program the word search found) adds group "q". */
export function activeFilters(data, chosen, wordBits = null, facets = FACETS) {
  const groups = [];
  for (const f of facets) {
    const values = chosen[f.key] || [];
    if (!values.length) continue;
    if (f.select) groups.push({ key: f.key, ...f.select(data, values) });
    else if (f.list) groups.push({ key: f.key, arr: listBits(data.lists[f.key], values.map((v) => data.vocab[f.key].indexOf(v))), mask: 1 });
    else groups.push({ key: f.key, arr: data.facets[f.key], mask: maskOf(f, values, f.vocab || data.vocab[f.key]) });
  }
  if (wordBits) groups.push({ key: "q", arr: wordBits, mask: 1 });
  return groups;
}

// 1 for each program whose list holds one of the option numbers `wanted` (-1: unknown).
function listBits(lists, wanted) {
  const arr = new Uint8Array(lists.length);
  for (let i = 0; i < lists.length; i++) arr[i] = lists[i].some((o) => wanted.includes(o)) ? 1 : 0;
  return arr;
}

export function passes(groups, i) {
  for (const g of groups) if ((g.arr[i] & g.mask) === 0) return false;
  return true;
}

// The word search's answer as one bit per program: from Pagefind's counts per value of
// the `program` filter (slug -> pages), or from the URLs of the pages it found.
export function bitsFromCounts(data, bySlug) {
  const bits = new Uint8Array(data.n);
  for (const [slug, count] of Object.entries(bySlug)) {
    const i = data.bySlug.get(slug);
    if (count > 0 && i !== undefined) bits[i] = 1;
  }
  return bits;
}

export function bitsFromUrls(data, urls, base) {
  const bits = new Uint8Array(data.n);
  for (const url of urls) {
    const i = indexOfUrl(data, url, base);
    if (i >= 0) bits[i] = 1;
  }
  return bits;
}

// "/base/programs/slug/" -> the program whose path is a suffix of it.
export function indexOfUrl(data, url, base) {
  const parts = new URL(url, base).pathname.replace(/index\.html$/, "").split("/");
  for (let s = 0; s < parts.length; s++) {
    const i = data.byPath.get(parts.slice(s).join("/"));
    if (i !== undefined) return i;
  }
  return -1;
}

// ---- ranking -----------------------------------------------------------------------
/* One pass over the programs that pass `groups`: those with a location within `radius`
   miles of `origin` (all of them without an origin) by distance, then name; the
   telehealth-only ones by name. dist[i] and loc[i] are the distance to program i's
   nearest location and that location's number. */
export function rank(data, groups, origin, radius) {
  const { n, start } = data;
  const near = [], tele = [], dist = new Float64Array(n), loc = new Int32Array(n);
  const b = origin && box(origin, radius);
  for (let i = 0; i < n; i++) {
    if (!passes(groups, i)) continue;
    if (start[i] === start[i + 1]) { tele.push(i); continue; }
    if (!origin) { near.push(i); continue; }
    const d = nearest(data, i, origin, b, loc);
    if (d <= radius) { near.push(i); dist[i] = d; }
  }
  return { near: sortNear(data, near, origin ? dist : null), tele: tele.sort((x, y) => data.rank[x] - data.rank[y]), dist, loc };
}

// Program indices by distance (to 1e-4 mile, then name), through one Float64Array of
// packed keys sorted without a comparator; by name alone when dist is null.
export function sortNear(data, near, dist) {
  const { rank: r, byRank } = data, f = 2 ** data.rankBits;
  const keys = new Float64Array(near.length);
  for (let j = 0; j < near.length; j++) {
    const i = near[j];
    keys[j] = dist ? Math.round(dist[i] * 1e4) * f + r[i] : r[i];
  }
  keys.sort();
  const order = new Int32Array(keys.length);
  for (let j = 0; j < keys.length; j++) order[j] = byRank[keys[j] % f];
  return order;
}

// ---- counts beside the options -------------------------------------------------------
/* How many programs each option of each group would show: for option v of group G, the
   programs within the radius (telehealth-only ones included) that pass every group but
   G and offer v, so that ticking v gives that many when G had nothing ticked, and
   v's own programs when it had. `others[key]` counts those passing every group but G
   (G's "No preference"), `total` those passing all: the results. One pass; a program
   failing two groups or more counts nowhere. counts[key][j] is for optionsOf(data, f)[j]. */
export function optionCounts(data, groups, origin, radius, facets = FACETS) {
  const counts = {}, others = {};
  // One row per counted group, its columns looked up once: this runs at every change.
  const cols = facets.filter((f) => !f.select).map((f) => {
    const nv = (f.vocab || data.vocab[f.key] || []).length;
    const into = counts[f.key] = new Int32Array(optionsOf(data, f).length);
    return {
      key: f.key, into, n: 0, list: f.list ? data.lists[f.key] : null, arr: f.list ? null : data.facets[f.key],
      bits: nv >= 31 ? -1 : (1 << nv) - 1, all: f.all !== undefined ? nv : -1,
    };
  });
  const colOf = new Map(cols.map((c, j) => [c.key, j]));
  const gs = groups.map((g) => ({ arr: g.arr, mask: g.mask, col: colOf.has(g.key) ? colOf.get(g.key) : -1 }));
  const b = origin && box(origin, radius);
  let total = 0;
  for (let i = 0; i < data.n; i++) {
    let fails = 0, failed = -1;
    for (let j = 0; j < gs.length; j++) {
      if ((gs[j].arr[i] & gs[j].mask) !== 0) continue;
      if (++fails > 1) break;
      failed = gs[j].col;
    }
    if (fails > 1 || (fails === 1 && failed < 0)) continue;
    if (origin && data.start[i] !== data.start[i + 1] && nearest(data, i, origin, b) > radius) continue;
    if (fails) { addOptions(cols[failed], i); continue; }
    total++;
    for (let j = 0; j < cols.length; j++) addOptions(cols[j], i);
  }
  for (const c of cols) others[c.key] = c.n;
  return { total, counts, others };
}

// One more for the group `c` (optionCounts' row) and for each option program i offers in it.
function addOptions(c, i) {
  c.n++;
  if (c.list) { for (const o of c.list[i]) c.into[o]++; return; }
  let m = c.arr[i] & c.bits;
  if (m && c.all >= 0) c.into[c.all]++;
  while (m) { const low = m & -m; c.into[31 - Math.clz32(low)]++; m ^= low; }
}

/* The telehealth programs (hybrid ones too) an empty result can offer, wherever the
   visitor is: how many pass every group but format, and how many there are at all. */
export function telehealthCount(data, groups) {
  const others = groups.filter((g) => g.key !== "format");
  let matching = 0, all = 0;
  for (let i = 0; i < data.n; i++) {
    if (!(data.facets.format[i] & 2)) continue;
    all++;
    if (passes(others, i)) matching++;
  }
  return { matching, all };
}

// ---- the results line --------------------------------------------------------------
/* `words` is the word search: {q, bits, failed} (bits: its answer, once there is one);
   `filters` the chosen filters' labels. {head, detail}: the count and what it counts
   ("4 programs within 25 miles of 78745 (Austin) · Evening, Aetna"), then the order
   and the telehealth-only programs listed apart. */
export function describe({ place, radius, words, nNear, nTele, filters = [] }) {
  const q = echo(words.q);
  const matching = words.bits ? _("matching “{words}”", { words: q }) : "";
  const chosen = filters.length ? ` · ${filters.join(", ")}` : "";
  const tele = !nTele ? "" : words.bits ?
    ngettext("{count} telehealth-only program matching “{words}” is listed separately.",
      "{count} telehealth-only programs matching “{words}” are listed separately.", nTele, { words: q }) :
    ngettext("{count} telehealth-only program is listed separately.",
      "{count} telehealth-only programs are listed separately.", nTele);
  const failed = words.failed ? _("Word search is not available right now, so the words “{words}” were not used.", { words: q }) : "";
  const sentences = (...s) => s.filter(Boolean).join(" ");
  const count = nNear ? ngettext("{count} program", "{count} programs", nNear) : _("No program");
  const where = place ? withinText(place, radius) : _("with a place to meet");
  const head = sentences(count, matching, where) + chosen;
  if (!place) {
    return {
      head,
      detail: sentences(nNear > 1 ? _("In alphabetical order.") : "", tele,
        _("To see the nearest first, enter a ZIP code, choose a city or use your location."), failed),
    };
  }
  return { head, detail: sentences(nNear > 1 ? _("Nearest first.") : "", tele, failed) };
}

export const searchingText = (q) => _("Looking for “{words}” in the program pages…", { words: echo(q) });

/* For an empty list, in one pass: how many programs each single filter group holds
   back, the smallest of `radii` wider than `radius` that would add some and how many,
   and how many clearing all filters gives. */
export function counts(data, groups, origin, radius, radii) {
  const options = radii.filter((r) => r > radius);
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
    const d = origin ? nearest(data, i, origin, b) : 0;
    if (d <= radius) { all++; if (fails === 1) byGroup[failed]++; } else if (!fails && d <= far) beyond.push(d);
  }
  const wider = options.find((r) => beyond.some((d) => d <= r));
  return { byGroup, all, wider, widerCount: beyond.filter((d) => d <= wider).length };
}

/* What to offer when nothing is found: {lead, items: [{text, action}]}, an action being
   {clear: key}, {radius: miles} or {clearAll: true}. nameOf(key) is a group's name. */
export function suggestions(data, groups, origin, radius, radii, nameOf) {
  const c = counts(data, groups, origin, radius, radii), items = [];
  groups.forEach((g, j) => {
    if (c.byGroup[j]) {
      items.push({ text: ngettext("Clear “{group}” ({count} program)", "Clear “{group}” ({count} programs)", c.byGroup[j], { group: nameOf(g.key) }), action: { clear: g.key } });
    }
  });
  if (c.wider) items.push({ text: ngettext("Search within {radius} miles ({count} program)", "Search within {radius} miles ({count} programs)", c.widerCount, { radius: c.wider }), action: { radius: c.wider } });
  if (!items.length && groups.length > 1 && c.all) items.push({ text: ngettext("Clear all filters ({count} program)", "Clear all filters ({count} programs)", c.all), action: { clearAll: true } });
  const lead = items.length ? _("To see more programs, loosen your choices:") :
    origin ? _("Try a wider distance or a place closer to Austin.") : _("Try clearing some filters.");
  return { lead, items };
}
