// The fixtures written by make_fixtures.py (expectations computed with geopy, zipcodes and
// the records, independently of the finder's JavaScript).
import { readFileSync } from "node:fs";

export const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));

// A compact index written by hand, in the format generator/finder.py describes: every
// program at one of the given points, for cases the records do not cover (ties, order).
export function handIndex(programs) {
  const ix = {
    v: 1, scale: 1e6, vocab: { condition: ["substance-use", "mental-health"], population: [], payment: [],
      accreditation: [], schedule: [], format: ["in-person", "telehealth"], language: ["en"] },
    labels: { format: {}, payment: {}, accreditation: {} }, cities: ["Austin"], slug: {}, stale: [], expired: [],
    url: "programs/{slug}/", name: [], condition: [], population: [], payment: [], accreditation: [], schedule: [],
    format: [], language: [], accepting: [], days: [], hours: [], nloc: [], lat: [], lon: [], city: [],
  };
  // In alphabetical order, as the generator lists them (generator/finder/index.py):
  // plain names here, so a case-insensitive comparison is the generator's order.
  const sorted = [...programs].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
  for (const p of sorted) {
    ix.name.push(p.name);
    for (const key of ["condition", "population", "payment", "accreditation", "schedule", "language"]) ix[key].push(p[key] ?? 1);
    ix.format.push(p.points.length ? 1 : 2);
    ix.accepting.push(p.accepting ?? 1);
    ix.days.push(0); ix.hours.push(0);
    ix.nloc.push(p.points.length);
    for (const [lat, lon] of p.points) { ix.lat.push(Math.round(lat * 1e6)); ix.lon.push(Math.round(lon * 1e6)); ix.city.push(0); }
  }
  return ix;
}
