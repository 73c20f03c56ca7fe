/* What the shortlist keeps in the visitor's browser, and nothing else (no DOM: the
   storage is passed in). Two localStorage entries, both under the site's own prefix:
     <prefix>shortlist  {"v":1,"items":[{"s":"<slug>","n":"<name>"}, ...]}  the saved programs, in order
     <prefix>place      {"v":1,"kind":"zip","value":"78745"}                  the last place searched
                        (kind "city" with a town's name, or "point" with lat, lon and a label)
   The prefix names the site's root path ("iop-directory:/:"), so two directories served
   from one origin (GitHub Pages project sites) keep separate lists. No cookie, nothing
   sent: the server never learns what is saved. */

export const MAX_ITEMS = 24;
export const MAX_NAME = 200;
// The generator's slug rule (generator/slugs.py: SLUG_PATTERN, MAX_SLUG_LENGTH).
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG = 80;
export const isSlug = (s) => typeof s === "string" && s.length <= MAX_SLUG && SLUG.test(s);

export const prefixFor = (rootPath) => `iop-directory:${rootPath}:`;
export const listKey = (rootPath) => `${prefixFor(rootPath)}shortlist`;
export const placeKey = (rootPath) => `${prefixFor(rootPath)}place`;

// A name as it may be shown: text, one line, bounded (it is always inserted as text).
export function cleanName(name) {
  if (typeof name !== "string") return "";
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").replace(/\s+/g, " ").trim().slice(0, MAX_NAME);
}

/* The saved list from the stored text: [{slug, name}], valid slugs only, each once, at
   most MAX_ITEMS. Anything else (no entry, other JSON, a list written by a newer
   version) is an empty list, never an error. */
export function parseList(text) {
  let data;
  try { data = JSON.parse(text); } catch { return []; }
  if (!data || data.v !== 1 || !Array.isArray(data.items)) return [];
  const items = [], seen = new Set();
  for (const item of data.items) {
    if (!item || !isSlug(item.s) || seen.has(item.s)) continue;
    seen.add(item.s);
    items.push({ slug: item.s, name: cleanName(item.n) });
    if (items.length === MAX_ITEMS) break;
  }
  return items;
}

export const serializeList = (items) =>
  JSON.stringify({ v: 1, items: items.map(({ slug, name }) => (name ? { s: slug, n: name } : { s: slug })) });

export const has = (items, slug) => items.some((i) => i.slug === slug);

// Each returns a new list (or the same one when nothing changes).
export function add(items, slug, name = "") {
  if (!isSlug(slug) || has(items, slug) || items.length >= MAX_ITEMS) return items;
  return [...items, { slug, name: cleanName(name) }];
}

export const remove = (items, slug) => (has(items, slug) ? items.filter((i) => i.slug !== slug) : items);

// Moves `slug` by `by` places (-1 earlier, +1 later); at either end nothing moves.
export function move(items, slug, by) {
  const from = items.findIndex((i) => i.slug === slug), to = from + by;
  if (from < 0 || to < 0 || to >= items.length) return items;
  const next = [...items];
  next.splice(to, 0, ...next.splice(from, 1));
  return next;
}

// Adds what another list holds that this one does not, after it (a shared list kept).
export function merge(items, others) {
  let next = items;
  for (const o of others) next = add(next, o.slug, o.name);
  return next;
}

/* The last place searched, as stored: {kind: "zip", value} | {kind: "city", value} |
   {kind: "point", lat, lon, label}; null for anything else. */
export function parsePlace(text) {
  let p;
  try { p = JSON.parse(text); } catch { return null; }
  if (!p || p.v !== 1) return null;
  if (p.kind === "zip" && typeof p.value === "string" && /^\d{5}$/.test(p.value)) return { kind: "zip", value: p.value };
  if (p.kind === "city" && typeof p.value === "string" && p.value.trim() && p.value.length <= 100) {
    return { kind: "city", value: cleanName(p.value) };
  }
  if (p.kind === "point" && inRange(p.lat, 90) && inRange(p.lon, 180)) {
    return { kind: "point", lat: p.lat, lon: p.lon, label: cleanName(p.label) || "your location" };
  }
  return null;
}

const inRange = (x, limit) => typeof x === "number" && Number.isFinite(x) && Math.abs(x) <= limit;

export function serializePlace(place) {
  const p = place && parsePlace(JSON.stringify({ v: 1, ...place }));
  return p ? JSON.stringify({ v: 1, ...p }) : null;
}

/* The place a finder address asks for (its query string: ?zip=78745, ?city=Round+Rock,
   ?from=here), as the finder's url-state.js reads it: a ZIP first, then a town.
   {forget: true} for from=here (its coordinates are never in the URL, so an older place
   must not stand for it), null when the address names no place. */
export function placeFromQuery(search) {
  const q = new URLSearchParams(search);
  const zip = /^(\d{5})(-?\d{4})?$/.exec((q.get("zip") || "").trim());
  if (zip) return { kind: "zip", value: zip[1] };
  if (q.has("zip")) return null;
  const city = cleanName(q.get("city") || "");
  if (city) return { kind: "city", value: city };
  if (q.get("from") === "here") return { forget: true };
  return null;
}

/* The keys to remove to forget everything the site stored in one storage area: the
   shortlist's own (its prefix) and Material's (its keys are "<root path>.__<name>",
   e.g. "/.__palette"), and none of another site's on the same origin. */
export function siteKeys(keys, rootPath) {
  const ours = prefixFor(rootPath), material = `${rootPath}.__`;
  return keys.filter((k) => k.startsWith(ours) || k.startsWith(material));
}

// Storage access that never throws (storage disabled, full or blocked): null on failure.
export function readItem(storage, key) {
  try { return storage.getItem(key); } catch { return null; }
}

export function writeItem(storage, key, value) {
  try {
    if (value === null) storage.removeItem(key); else storage.setItem(key, value);
    return true;
  } catch { return false; }
}

export function keysOf(storage) {
  try { return Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter((k) => k !== null); } catch { return []; }
}
