/* Decoding the finder's two static files into plain structures (no DOM). Their format
   is described in generator/finder/index.py and places.py: programs.json (finder_index) is columnar, one
   list per field with column i for program i, locations flattened with `nloc` per
   program and coordinates in 1/scale degrees; places.json (area_places) lists the
   area's ZIP centroids and towns. */
import { FACETS } from "./facets.js";

// The generator leaves out a slug it can rebuild this way from the name (simple_slug).
export const slugify = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
export const normPath = (p) => p.replace(/^\.?\//, "").replace(/index\.html$/, "");

/* The program index. Locations of program i are start[i] .. start[i + 1] - 1 in
   lat/lon/city (none: telehealth only); facets[key] is the bitmask column of each row of
   the facet table (lists[key] the list column of a `list` row, option numbers into
   vocab[key]); rank[i] is program i's alphabetical place and byRank its inverse. */
export function decodeIndex(ix, facets = FACETS) {
  const n = ix.name.length, scale = ix.scale, m = ix.lat.length;
  // Insurers are options like any other group's: their keys, and the names records use.
  const insurerKeys = ix.insurer_keys || [];
  const column = (key, empty) => ix[key] || Array.from({ length: n }, () => empty);
  const d = {
    n, names: ix.name, cities: ix.cities, city: ix.city,
    vocab: { ...ix.vocab, insurer: insurerKeys },
    labels: { ...ix.labels, insurer: Object.fromEntries(insurerKeys.map((k, j) => [k, ix.insurers[j]])) },
    days: ix.days, hours: ix.hours, facets: {}, lists: {}, accepting: Int32Array.from(ix.accepting),
    // Ages served (0: not stated), the phone as written, the day last checked (days
    // since 1970-01-01; -1 when unknown).
    amin: Int32Array.from(column("amin", 0)), amax: Int32Array.from(column("amax", 0)),
    phones: column("phone", ""), checked: Int32Array.from(column("checked", -1)),
    stale: new Set(ix.stale || []),
    expired: new Set(ix.expired || []),
    // The build always words stale_after_days here; without it the note names no period.
    staleAfter: typeof ix.stale_after === "string" ? ix.stale_after : "",
    start: new Int32Array(n + 1), lat: new Float64Array(m), lon: new Float64Array(m),
    slugs: new Array(n), paths: new Array(n), bySlug: new Map(), byPath: new Map(),
  };
  for (const f of facets) {
    if (f.list) d.lists[f.key] = column(f.key, []);
    else if (!f.select) d.facets[f.key] = Int32Array.from(column(f.key, 0));
  }
  for (let i = 0; i < n; i++) d.start[i + 1] = d.start[i] + ix.nloc[i];
  for (let k = 0; k < m; k++) { d.lat[k] = ix.lat[k] / scale; d.lon[k] = ix.lon[k] / scale; }
  for (let i = 0; i < n; i++) {
    const slug = ix.slug[i] ?? slugify(ix.name[i]);
    const path = ix.urls ? ix.urls[i] : ix.url.replace("{slug}", slug);
    d.slugs[i] = slug; d.paths[i] = path;
    d.bySlug.set(slug, i); d.byPath.set(normPath(path), i);
  }
  // Alphabetical rank: the index lists programs in alphabetical order already
  // (generator/finder/index.py), so that no phone sets up a collator to sort names.
  d.rank = Int32Array.from({ length: n }, (_, i) => i); d.byRank = d.rank;
  d.rankBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  return d;
}

/* ZIP -> {lat, lon, city}; lower-case town name -> {name, lat, lon}; the area's radius. */
export function decodePlaces(p) {
  const zips = new Map(), towns = new Map();
  p.zip.forEach((z, i) => zips.set(z, { lat: p.lat[i] / p.scale, lon: p.lon[i] / p.scale, city: p.cities[p.city[i]] }));
  p.cities.forEach((c, i) => towns.set(c.toLowerCase(), { name: c, lat: p.clat[i] / p.scale, lon: p.clon[i] / p.scale }));
  return { zips, towns, radius: p.radius };
}
