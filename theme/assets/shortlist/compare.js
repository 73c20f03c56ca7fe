/* What the shortlist page compares (no DOM): a program's file
   (assets/shortlist/programs/<slug>.json, written by generator/render/shortlist.py) read
   defensively, the rows of the comparison with the ones where programs differ, the
   distance from the last place searched, and what a printed call sheet says. */

import { N_, gettext as _, formatNumber, ngettext } from "../i18n/i18n.js";
import { miles } from "../common/distance.js";
import { cleanName, isSlug } from "./store.js";

// ---- reading a program's file ----------------------------------------------------
const text = (v, max = 500) => (typeof v === "string" ? cleanName(v).slice(0, max) : "");
const texts = (v) => (Array.isArray(v) ? v.map((x) => text(x)).filter(Boolean).slice(0, 60) : []);
const coord = (v, limit) => (typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= limit ? v : null);
const credentials = (v) => (Array.isArray(v) ? v.slice(0, 30) : [])
  .filter((c) => c && typeof c === "object" && text(c.name))
  .map((c) => ({ name: text(c.name), expires: text(c.expires, 60), expired: c.expired === true }));

/* The record as the page may use it, or null when the file is not one for `slug`. Every
   value is text or a number: the page inserts them with textContent. Links are rebuilt
   from their allowed shapes only (a page path below the site's root, tel: digits). */
export function readRecord(json, slug) {
  if (!json || typeof json !== "object" || json.v !== 1 || json.slug !== slug || !isSlug(slug)) return null;
  const name = text(json.name, 200);
  if (!name) return null;
  const url = typeof json.url === "string" && /^[a-z0-9][a-z0-9/-]*\/$/.test(json.url) && !json.url.includes("//")
    ? json.url : `programs/${slug}/`;
  const tel = typeof json.tel === "string" && /^tel:\+?[0-9]{3,20}$/.test(json.tel) ? json.tel : "";
  const locations = (Array.isArray(json.locations) ? json.locations.slice(0, 50) : [])
    .filter((l) => l && text(l.address))
    .map((l) => ({ address: text(l.address), lat: coord(l.lat, 90), lon: coord(l.lon, 180) }));
  const r = {
    slug, name, url, tel, locations,
    example: json.example === true, stale: json.stale === true,
    phone: tel ? text(json.phone, 40) : "", intake: text(json.intake_hours),
    accepting: typeof json.accepting === "boolean" ? json.accepting : null,
    verifiedOn: text(json.verified_on, 60),
    accreditations: credentials(json.accreditations), licenses: credentials(json.licenses),
  };
  for (const key of ["format", "days", "hours", "length", "ages"]) r[key] = text(json[key], 120);
  for (const key of ["tracks", "populations", "conditions", "therapies", "medications", "payment", "insurers", "languages"]) r[key] = texts(json[key]);
  return r;
}

// ---- distances ---------------------------------------------------------------------
// Measured as the finder measures (../common/distance.js, shared with ranking.js);
// exported for the tests.
export { miles };

/* The stored place (store.js parsePlace) as a point with a label, through the finder's
   places file (generator/finder/places.py: ZIP centroids and towns in 1/scale degrees);
   null when the place is not in it. */
export function resolvePlace(place, places) {
  if (!place) return null;
  if (place.kind === "point") return { lat: place.lat, lon: place.lon, label: place.label };
  if (!places || !Array.isArray(places.zip) || !(places.scale > 0)) return null;
  if (place.kind === "zip") {
    const i = places.zip.indexOf(place.value);
    if (i < 0) return null;
    return { lat: places.lat[i] / places.scale, lon: places.lon[i] / places.scale, label: _("ZIP code {zip}", { zip: place.value }) };
  }
  if (place.kind === "city" && Array.isArray(places.cities)) {
    const want = place.value.toLowerCase();
    const i = places.cities.findIndex((c) => typeof c === "string" && c.toLowerCase() === want);
    if (i < 0) return null;
    return { lat: places.clat[i] / places.scale, lon: places.clon[i] / places.scale, label: places.cities[i] };
  }
  return null;
}

// {miles, count} to the nearest location with coordinates; null for none (telehealth).
export function nearest(record, origin) {
  let best = Infinity, count = 0;
  for (const l of record.locations) {
    if (l.lat === null || l.lon === null) continue;
    count++;
    best = Math.min(best, miles(origin.lat, origin.lon, l.lat, l.lon));
  }
  return count ? { miles: best, count } : null;
}

export function distanceText(record, origin) {
  const d = nearest(record, origin);
  if (!d) return record.locations.length ? "" : _("Telehealth only: no travel");
  const tenths = Math.round(d.miles * 10) / 10, count = formatNumber(tenths, 1);
  if (d.count > 1) return ngettext("{count} mile (nearest of {locations} locations)", "{count} miles (nearest of {locations} locations)", tenths, { count, locations: d.count });
  return ngettext("{count} mile", "{count} miles", tenths, { count });
}

// ---- the rows ------------------------------------------------------------------------
const credentialLine = (c) => (c.expired ? _("{name}: expired on {day}", { name: c.name, day: c.expires }) :
  c.expires ? _("{name}, valid until {day}", { name: c.name, day: c.expires }) : c.name);
const accepting = (r) => (r.accepting === true ? _("Yes") : r.accepting === false ? _("Not right now") : "");

/* One row per fact compared: key, label, value(record) -> the lines it shows ([] when the
   record says nothing, shown as `empty`). `set` rows compare as sets (order aside). */
export const ROWS = [
  { key: "format", label: N_("Format"), value: (r) => [r.format], empty: N_("Not listed") },
  { key: "days", label: N_("Days a week"), value: (r) => [r.days], empty: N_("Not listed") },
  { key: "hours", label: N_("Hours a day"), value: (r) => [r.hours], empty: N_("Not listed") },
  { key: "tracks", label: N_("Times of day"), value: (r) => r.tracks, empty: N_("Not listed"), set: true },
  { key: "length", label: N_("Typical length"), value: (r) => [r.length], empty: N_("Not listed") },
  { key: "ages", label: N_("Ages"), value: (r) => [r.ages], empty: N_("Not listed") },
  { key: "populations", label: N_("Who it serves"), value: (r) => r.populations, empty: N_("Not listed"), set: true },
  { key: "conditions", label: N_("Treats"), value: (r) => r.conditions, empty: N_("Not listed"), set: true },
  { key: "therapies", label: N_("Therapies"), value: (r) => r.therapies, empty: N_("Not listed"), set: true },
  { key: "medications", label: N_("Medication for addiction"), value: (r) => r.medications, empty: N_("None listed"), set: true },
  { key: "payment", label: N_("Payment"), value: (r) => r.payment, empty: N_("Ask the program"), set: true },
  { key: "insurers", label: N_("Insurers named"), value: (r) => r.insurers, empty: N_("None named"), set: true },
  { key: "languages", label: N_("Languages"), value: (r) => r.languages, empty: N_("Not listed"), set: true },
  { key: "accreditations", label: N_("Accreditation"), value: (r) => r.accreditations.map(credentialLine), empty: N_("None listed"), set: true },
  { key: "licenses", label: N_("Licences"), value: (r) => r.licenses.map(credentialLine), empty: N_("None listed"), set: true },
  { key: "accepting", label: N_("Accepting new clients"), value: (r) => [accepting(r)], empty: N_("Ask the program") },
  { key: "verified", label: N_("Last verified"), value: (r) => [r.verifiedOn], empty: N_("Not known") },
];

const comparable = (row, lines) => JSON.stringify(row.set ? [...lines].sort() : lines);

/* The comparison of `records` (read with readRecord), in their order: [{key, label,
   cells: [{lines, empty, warn}], differs}]. A distance row comes first when `origin`
   (resolvePlace) is given. `differs` is true when two records show different things,
   only ever with two records or more. */
export function compareRows(records, origin = null) {
  const rows = [];
  if (origin) rows.push({ key: "distance", label: _("Distance from {place}", { place: origin.label }), value: (r) => [distanceText(r, origin)], empty: _("No address listed") });
  rows.push(...ROWS);
  return rows.map((row) => {
    const cells = records.map((r) => {
      const lines = row.value(r).filter(Boolean);
      const warn = (row.key === "accreditations" && r.accreditations.some((c) => c.expired))
        || (row.key === "licenses" && r.licenses.some((c) => c.expired)) || (row.key === "verified" && r.stale);
      return { lines: lines.length ? lines : [_(row.empty)], empty: !lines.length, warn };
    });
    const seen = new Set(cells.map((c) => comparable(row, c.lines)));
    return { key: row.key, label: _(row.label), cells, differs: records.length > 1 && seen.size > 1 };
  });
}

// The labels of the rows where the programs differ, for the line above the comparison.
export const differences = (rows) => rows.filter((r) => r.differs).map((r) => r.label);

// ---- the call sheet ------------------------------------------------------------------
// What a printed sheet says first about a program: the facts needed to make the call.
export function callSheet(r) {
  return {
    name: r.name,
    note: r.example ? _("Example listing: this program is fictional; do not call it.") : "",
    facts: [
      [_("Phone"), r.phone || _("Not listed")],
      [_("Intake hours"), r.intake || _("Not listed")],
      ...(r.locations.length ? r.locations.slice(0, 3).map((l, i) => [i ? _("Also at") : _("Address"), l.address]) : [[_("Address"), _("Telehealth only")]]),
      [_("Accepting new clients"), accepting(r) || _("Ask the program")],
      [_("Last verified"), r.verifiedOn || _("Not known")],
    ],
  };
}
