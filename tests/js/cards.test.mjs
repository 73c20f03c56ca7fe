// cards.js: what each result card says, written out by hand from the records in
// make_fixtures.py and the schema's labels.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  agesText, call, checkedText, daysText, distanceText, facts, hoursText, matches, notes, telHref,
} from "../../theme/assets/finder/cards.js";
import { decodeIndex } from "../../theme/assets/finder/data.js";
import { chips } from "../../theme/assets/finder/facets.js";
import { fixture } from "./fixtures.mjs";

const data = decodeIndex(fixture("index.json").index);
const CHECKED = Date.UTC(2026, 10, 1) / 864e5; // make_fixtures: last verified 2026-11-01
const TODAY = CHECKED + 26; // 2026-11-27
const at = (slug) => data.bySlug.get(slug);
const card = (slug) => ({ facts: facts(data, at(slug)), notes: notes(data, at(slug), TODAY) });
const checked26 = { className: "finder-checked", text: "Checked 26 days ago" };

test("facts: format, schedule, tracks, ages, languages, payment, medication, accreditation", () => {
  assert.deepEqual(card("barton-creek-recovery"), {
    facts: [["Format", "In person"], ["Schedule", "5 days a week, 3 hours a day"], ["Tracks", "Evening"],
      ["Ages", "18 and over"], ["Languages", "English, Spanish"], ["Payment", "Medicaid, Self-pay"],
      ["Medication", "Buprenorphine, Naltrexone"], ["Accreditation", "CARF"]],
    notes: [{ className: "finder-accepting", text: "Accepting new clients" }, checked26],
  });
  assert.deepEqual(card("san-marcos-river-iop"), {
    facts: [["Format", "In person and telehealth"], ["Schedule", "3–5 days a week, 2.5 hours a day"], ["Tracks", "Weekend"],
      ["Ages", "Ages not listed"], ["Languages", "English, Spanish"], ["Payment", "Medicaid, TRICARE"],
      ["Medication", "Methadone"], ["Accreditation", "Joint Commission, COA"]],
    notes: [checked26, { className: "finder-stale", text: "Not verified at the moment: a licence or accreditation has expired and we are checking it again." }],
  });
  assert.deepEqual(card("eglise-saint-jean-counseling").facts,
    [["Format", "In person"], ["Schedule", "1 day a week, 1 hour a day"], ["Ages", "16 and over"],
      ["Languages", "English, French"], ["Payment", "Sliding scale"], ["Accreditation", "None listed"]]);
  // Step 9 states no days or hours: no Schedule row.
  assert.deepEqual(card("step-9-counseling").facts.slice(0, 3), [["Format", "In person"], ["Tracks", "Morning, Evening"], ["Ages", "15"]]);
  assert.deepEqual(card("step-10-counseling").facts[2], ["Ages", "Up to 25"]);
});

test("what a record leaves out: no schedule or tracks row, payment to ask about", () => {
  assert.deepEqual(card("prickly-pear-telehealth"), {
    facts: [["Format", "Telehealth"], ["Tracks", "Afternoon, Evening, Weekend"], ["Ages", "12–17"],
      ["Languages", "English"], ["Payment", "Private insurance"], ["Accreditation", "None listed"]],
    notes: [checked26], // accepting new clients not stated
  });
  assert.deepEqual(card("step-10-counseling").facts,
    [["Format", "In person"], ["Schedule", "4 days a week"], ["Ages", "Up to 25"], ["Languages", "English"],
      ["Payment", "Ask the program"], ["Accreditation", "None listed"]]);
});

test("notes: not accepting, when it was checked, and out of date after the index's limit", () => {
  assert.deepEqual(card("georgetown-veterans-iop").notes, [
    { className: "finder-accepting", text: "Not accepting new clients right now" },
    checked26,
    { className: "finder-stale", text: "This listing may be out of date: last checked more than 12 months ago." },
  ]);
});

test("the stale note names the index's period (stale_after_days as worded), or none", () => {
  const stale = (after) => notes(decodeIndex({ ...fixture("index.json").index, stale_after: after }),
    at("georgetown-veterans-iop"), TODAY).filter((n) => n.className === "finder-stale").map((n) => n.text);
  assert.deepEqual(stale("2 years"), ["This listing may be out of date: last checked more than 2 years ago."]);
  assert.deepEqual(stale(undefined), ["This listing may be out of date."]);
});

test("checked N days ago, by the visitor's day; a clock behind the check says today", () => {
  assert.equal(checkedText(CHECKED, CHECKED), "Checked today");
  assert.equal(checkedText(CHECKED, CHECKED + 1), "Checked 1 day ago");
  assert.equal(checkedText(CHECKED, CHECKED + 400), "Checked 400 days ago");
  assert.equal(checkedText(CHECKED, CHECKED - 30), "Checked today");
  assert.equal(checkedText(-1, TODAY), ""); // not in the index
});

test("ages as a card says them", () => {
  assert.equal(agesText(13, 17), "13–17");
  assert.equal(agesText(18, 0), "18 and over");
  assert.equal(agesText(0, 17), "Up to 17");
  assert.equal(agesText(15, 15), "15");
  assert.equal(agesText(0, 0), "Ages not listed");
});

test("the Call link: every program with a phone has one, named with the program", () => {
  const want = {
    "barton-creek-recovery": ["tel:+15125550101", "Call 512-555-0101"],
    "eglise-saint-jean-counseling": ["tel:+15125550102", "Call (512) 555-0102"],
    "prickly-pear-telehealth": ["tel:+17375550103", "Call 737.555.0103 ext. 4"],
    "step-10-counseling": ["tel:+15125550104", "Call 1-512-555-0104"],
    "step-9-counseling": ["tel:+15125550105", "Call 512-555-0105"],
    "georgetown-veterans-iop": ["tel:+15125550106", "Call 512-555-0106"],
  };
  for (let i = 0; i < data.n; i++) {
    const c = call(data, i), slug = data.slugs[i];
    if (!want[slug]) { assert.equal(c, null, slug); continue; } // San Marcos lists no phone
    assert.deepEqual([c.href, c.text], want[slug], slug);
    assert.equal(c.name, `${want[slug][1]}, ${data.names[i]}`);
  }
});

test("tel: links: digits only, +1, extensions left for the caller, letters by the keypad", () => {
  assert.equal(telHref("512-555-0142"), "tel:+15125550142");
  assert.equal(telHref("+1 (512) 555 0142"), "tel:+15125550142");
  assert.equal(telHref("5125550142"), "tel:+15125550142");
  assert.equal(telHref("512-555-0142 x 12"), "tel:+15125550142");
  assert.equal(telHref("512-555-0142 extension 7"), "tel:+15125550142");
  assert.equal(telHref("1-800-GOOD-DAY"), "tel:+18004663329");
  assert.equal(telHref("555-0142"), ""); // too short to dial from anywhere
  // Whatever a record holds, the link is tel: and digits, or none.
  for (const odd of ["javascript:alert(1)", "<b>512</b>-555-0142", "tel:5125550142;x=1", "１２３"]) {
    assert.match(telHref(odd), /^(tel:\+1\d{10})?$/, odd);
  }
});

test("Matches: the chosen filters a program meets, and none it only passes", () => {
  const chosen = (c) => chips(data, c);
  // Several values in a group: the card names those it offers.
  assert.deepEqual(matches(data, at("barton-creek-recovery"), chosen({ payment: ["medicaid", "tricare"], schedule: ["evening"] })),
    ["Medicaid", "Evening"]);
  assert.deepEqual(matches(data, at("georgetown-veterans-iop"), chosen({ payment: ["medicaid", "tricare"] })), ["TRICARE"]);
  // Insurer by its name, medication by its short name, age by the range.
  assert.deepEqual(matches(data, at("eglise-saint-jean-counseling"), chosen({ insurer: ["aetna"], age: ["17"] })),
    [data.labels.insurer.aetna, "Age 17"]);
  // In the filter table's order, as the chips are.
  assert.deepEqual(matches(data, at("step-9-counseling"), chosen({ medication: ["naltrexone"], age: ["15"], accepting: ["1"] })),
    ["Accepting new clients", "Naltrexone", "Age 15"]);
  // No ages listed: kept by an age filter, but it does not "meet" it.
  assert.deepEqual(matches(data, at("san-marcos-river-iop"), chosen({ age: ["15"], accreditation: ["any"] })), ["Accredited"]);
  assert.deepEqual(matches(data, at("barton-creek-recovery"), []), []);
});

test("days, hours and distance as the card writes them", () => {
  assert.equal(daysText(0), "");
  assert.equal(daysText(1), "1 day a week");
  assert.equal(daysText(35), "3–5 days a week");
  assert.equal(daysText(67), "6–7 days a week");
  assert.equal(hoursText(1), "1 hour a day");
  assert.equal(hoursText(2.5), "2.5 hours a day");
  assert.equal(hoursText(0), "");
  assert.equal(distanceText(0.96), "1.0 mile");
  assert.equal(distanceText(1.04), "1.0 mile");
  assert.equal(distanceText(1.05001), "1.1 miles");
  assert.equal(distanceText(0.04), "0.0 miles");
  assert.equal(distanceText(12.349), "12.3 miles");
});
