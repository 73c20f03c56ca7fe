// compare.js: a program's file read defensively, the rows of the comparison and where
// programs differ, distances from the last place (against geopy), the call sheet.
// Records here are written by hand in the format of generator/render/shortlist.py; the
// e2e test (tests/e2e/test_shortlist.py) checks the generator's real files.
import { test } from "node:test";
import assert from "node:assert/strict";

import { callSheet, compareRows, differences, distanceText, miles, nearest, readRecord, resolvePlace } from "../../theme/assets/shortlist/compare.js";
import { fixture } from "./fixtures.mjs";

const PLACES = fixture("places.json").places; // written by make_fixtures.py from the real area

function file(slug, over = {}) {
  return {
    v: 1, slug, name: `Program ${slug}`, url: `programs/${slug}/`, example: false,
    phone: "512-555-0100", tel: "tel:5125550100", intake_hours: "Weekdays 9–5",
    locations: [{ address: "1 Main St, Austin, TX 78701", lat: 30.2461, lon: -97.7689 }],
    format: "In person", days: "3 days a week", hours: "3 hours a day", tracks: ["Morning", "Evening"],
    length: "8 weeks", ages: "Ages 18 and over", populations: ["Adults"], conditions: ["Substance use"],
    therapies: ["Group therapy"], medications: [], payment: ["Medicaid"], insurers: [], languages: ["English"],
    accreditations: [{ name: "The Joint Commission", expires: "March 31, 2028", expired: false }],
    licenses: [{ name: "Chemical dependency treatment facility licence from HHSC, number 1", expires: "", expired: false }],
    accepting: true, verified_on: "November 18, 2026", verified_iso: "2026-11-18", stale: false, ...over,
  };
}
const read = (slug, over) => readRecord(file(slug, over), slug);
const row = (rows, key) => rows.find((r) => r.key === key);

test("a program's file reads into text values, links rebuilt from allowed shapes only", () => {
  const r = read("a");
  assert.equal(r.name, "Program a");
  assert.equal(r.url, "programs/a/");
  assert.equal(r.tel, "tel:5125550100");
  assert.deepEqual(r.locations, [{ address: "1 Main St, Austin, TX 78701", lat: 30.2461, lon: -97.7689 }]);
  assert.equal(r.accepting, true);
});

test("a file for another slug, another version or without a name is not a program", () => {
  assert.equal(readRecord(file("a"), "b"), null);
  assert.equal(readRecord(file("a", { v: 2 }), "a"), null);
  assert.equal(readRecord(file("a", { name: "  " }), "a"), null);
  assert.equal(readRecord(file("a", { name: 5 }), "a"), null);
  for (const json of [null, "a", [], 3]) assert.equal(readRecord(json, "a"), null);
  assert.equal(readRecord(file("../a"), "../a"), null);
});

test("hostile values: links that are not a page path or tel: digits are dropped; the rest is text", () => {
  const r = read("a", {
    url: "javascript:alert(1)//", tel: "tel:5125550100;javascript:alert(1)", phone: "512",
    name: "<img src=x onerror=alert(1)>", format: { toString: () => "x" }, tracks: ["Morning", 3, null, "<b>Evening</b>"],
    therapies: "Group therapy", accepting: "yes", example: "true",
    locations: [{ address: "", lat: 1, lon: 1 }, { address: "2 Elm", lat: 200, lon: "x" }, "3 Oak"],
    accreditations: [{ name: "ok", expires: 5, expired: "yes" }, { expires: "never" }, "CARF"],
  });
  assert.equal(r.url, "programs/a/", "a page path rebuilt from the slug");
  assert.equal(r.tel, "");
  assert.equal(r.phone, "", "no phone shown without a usable tel: link");
  assert.equal(r.name, "<img src=x onerror=alert(1)>", "kept as text: the page inserts it with textContent");
  assert.equal(r.format, "");
  assert.deepEqual(r.tracks, ["Morning", "<b>Evening</b>"]);
  assert.deepEqual(r.therapies, []);
  assert.equal(r.accepting, null);
  assert.equal(r.example, false);
  assert.deepEqual(r.locations, [{ address: "2 Elm", lat: null, lon: null }]);
  assert.deepEqual(r.accreditations, [{ name: "ok", expires: "", expired: false }]);
  assert.equal(read("a", { url: "//evil.example/" }).url, "programs/a/");
  assert.equal(read("a", { url: "https://evil.example/" }).url, "programs/a/");
});

test("distances as the finder measures them, within 0.1% of geopy's geodesic", () => {
  // geopy.distance.geodesic from ZIP 78745's centroid in the fixture (30.2063, -97.7956).
  const z = resolvePlace({ kind: "zip", value: "78745" }, PLACES);
  assert.deepEqual(z, { lat: 30.2063, lon: -97.7956, label: "ZIP code 78745" });
  for (const [lat, lon, geodesic] of [[30.2461, -97.7689, 3.172828], [30.3791, -97.7105, 12.944545],
    [30.3622, -97.9731, 15.09719], [30.5083, -97.6789, 21.940081]]) {
    const d = miles(z.lat, z.lon, lat, lon);
    assert.ok(Math.abs(d - geodesic) / geodesic < 0.001, `${d} vs ${geodesic}`);
  }
  const rr = resolvePlace({ kind: "city", value: "round rock" }, PLACES);
  assert.equal(rr.label, "Round Rock");
  assert.ok(Math.abs(miles(rr.lat, rr.lon, 30.2461, -97.7689) - 19.243976) < 0.02);
});

test("places the file does not have, or no file, resolve to nothing; a point needs none", () => {
  assert.equal(resolvePlace({ kind: "zip", value: "10001" }, PLACES), null);
  assert.equal(resolvePlace({ kind: "city", value: "Atlantis" }, PLACES), null);
  assert.equal(resolvePlace({ kind: "zip", value: "78745" }, null), null);
  assert.equal(resolvePlace({ kind: "zip", value: "78745" }, { zip: "78745" }), null);
  assert.equal(resolvePlace(null, PLACES), null);
  assert.deepEqual(resolvePlace({ kind: "point", lat: 30, lon: -97, label: "your location" }, null), { lat: 30, lon: -97, label: "your location" });
});

test("the nearest location counts; telehealth only has no distance", () => {
  const origin = { lat: 30.2063, lon: -97.7956, label: "ZIP code 78745" };
  const two = read("a", { locations: [{ address: "far", lat: 30.3791, lon: -97.7105 }, { address: "near", lat: 30.2461, lon: -97.7689 }] });
  assert.ok(Math.abs(nearest(two, origin).miles - 3.172828) < 0.01);
  assert.equal(distanceText(two, origin), "3.2 miles (nearest of 2 locations)");
  assert.equal(distanceText(read("b"), origin), "3.2 miles");
  assert.equal(distanceText(read("c", { locations: [] }), origin), "Telehealth only: no travel");
  assert.equal(distanceText(read("d", { locations: [{ address: "x", lat: null, lon: null }] }), origin), "");
  assert.equal(distanceText(read("e", { locations: [{ address: "x", lat: 30.2063, lon: -97.78 }] }), origin), "0.9 miles");
});

test("rows: every fact the issue lists, in order; a distance row only with a place", () => {
  const rows = compareRows([read("a"), read("b")]);
  assert.deepEqual(rows.map((r) => r.key), ["format", "days", "hours", "tracks", "length", "ages", "populations",
    "conditions", "therapies", "medications", "payment", "insurers", "languages", "accreditations", "licenses",
    "accepting", "verified"]);
  const withPlace = compareRows([read("a")], { lat: 30.2063, lon: -97.7956, label: "ZIP code 78745" });
  assert.equal(withPlace[0].key, "distance");
  assert.equal(withPlace[0].label, "Distance from ZIP code 78745");
  assert.deepEqual(withPlace[0].cells[0].lines, ["3.2 miles"]);
});

test("differs: only the rows where two programs show different things", () => {
  const a = read("a"), b = read("b", { days: "5 days a week", tracks: ["Evening", "Morning"], medications: ["Naltrexone"], accepting: false });
  const rows = compareRows([a, b]);
  assert.deepEqual(differences(rows), ["Days a week", "Medication for addiction", "Accepting new clients"]);
  assert.equal(row(rows, "tracks").differs, false, "the same times of day in another order are the same");
  assert.deepEqual(row(rows, "medications").cells.map((c) => c.lines), [["None listed"], ["Naltrexone"]]);
  assert.deepEqual(row(rows, "accepting").cells.map((c) => c.lines), [["Yes"], ["Not right now"]]);
});

test("one program differs from nothing; an empty value shows its placeholder", () => {
  const rows = compareRows([read("a", { format: "", accepting: null, insurers: [] })]);
  assert.deepEqual(differences(rows), []);
  assert.deepEqual(row(rows, "format").cells[0], { lines: ["Not listed"], empty: true, warn: false });
  assert.deepEqual(row(rows, "accepting").cells[0].lines, ["Ask the program"]);
  assert.deepEqual(row(rows, "insurers").cells[0].lines, ["None named"]);
  assert.deepEqual(compareRows([]).every((r) => !r.differs && r.cells.length === 0), true);
});

test("credentials with their expiry; an expired one and an old listing are flagged", () => {
  const r = read("a", {
    accreditations: [{ name: "CARF International", expires: "January 1, 2026", expired: true }],
    licenses: [{ name: "Licence from HHSC, number 7", expires: "June 1, 2027", expired: false }, { name: "Licence, number 8", expires: "", expired: false }],
    stale: true,
  });
  const rows = compareRows([r]);
  assert.deepEqual(row(rows, "accreditations").cells[0], { lines: ["CARF International: expired on January 1, 2026"], empty: false, warn: true });
  assert.deepEqual(row(rows, "licenses").cells[0].lines, ["Licence from HHSC, number 7, valid until June 1, 2027", "Licence, number 8"]);
  assert.equal(row(rows, "licenses").cells[0].warn, false);
  assert.equal(row(rows, "verified").cells[0].warn, true);
});

test("the call sheet: phone, intake hours, addresses (telehealth said so), whether it takes clients", () => {
  assert.deepEqual(callSheet(read("a")), {
    name: "Program a", note: "",
    facts: [["Phone", "512-555-0100"], ["Intake hours", "Weekdays 9–5"], ["Address", "1 Main St, Austin, TX 78701"],
      ["Accepting new clients", "Yes"], ["Last verified", "November 18, 2026"]],
  });
  const tele = callSheet(read("b", { locations: [], tel: "", intake_hours: "", accepting: null, example: true }));
  assert.match(tele.note, /fictional/);
  assert.deepEqual(tele.facts.slice(0, 4), [["Phone", "Not listed"], ["Intake hours", "Not listed"], ["Address", "Telehealth only"], ["Accepting new clients", "Ask the program"]]);
  const many = callSheet(read("c", { locations: ["1", "2", "3", "4"].map((n) => ({ address: `${n} St`, lat: 30, lon: -97 })) }));
  assert.deepEqual(many.facts.filter(([k]) => k === "Address" || k === "Also at").map(([, v]) => v), ["1 St", "2 St", "3 St"]);
});
