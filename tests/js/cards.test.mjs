// cards.js: what each result card says, written out by hand from the records in
// make_fixtures.py and the schema's labels.
import { test } from "node:test";
import assert from "node:assert/strict";

import { daysText, distanceText, facts, hoursText, notes } from "../../theme/assets/finder/cards.js";
import { decodeIndex } from "../../theme/assets/finder/data.js";
import { fixture } from "./fixtures.mjs";

const data = decodeIndex(fixture("index.json").index);
const card = (slug) => ({ facts: facts(data, data.bySlug.get(slug)), notes: notes(data, data.bySlug.get(slug)) });

test("facts: format, schedule, payment and accreditation", () => {
  assert.deepEqual(card("barton-creek-recovery"), {
    facts: [["Format", "In person"], ["Schedule", "5 days a week, 3 hours a day"], ["Payment", "Medicaid, Self-pay"], ["Accreditation", "CARF"]],
    notes: [{ className: "finder-accepting", text: "Accepting new clients" }],
  });
  assert.deepEqual(card("san-marcos-river-iop"), {
    facts: [["Format", "In person and telehealth"], ["Schedule", "3–5 days a week, 2.5 hours a day"], ["Payment", "Medicaid, TRICARE"], ["Accreditation", "Joint Commission, COA"]],
    notes: [{ className: "finder-stale", text: "Not verified at the moment: a licence or accreditation has expired and we are checking it again." }],
  });
  assert.deepEqual(card("eglise-saint-jean-counseling").facts,
    [["Format", "In person"], ["Schedule", "1 day a week, 1 hour a day"], ["Payment", "Sliding scale"], ["Accreditation", "None listed"]]);
});

test("what a record leaves out: no schedule row, payment to ask about", () => {
  assert.deepEqual(card("prickly-pear-telehealth"), {
    facts: [["Format", "Telehealth"], ["Payment", "Private insurance"], ["Accreditation", "None listed"]],
    notes: [], // accepting new clients not stated
  });
  assert.deepEqual(card("step-10-counseling").facts,
    [["Format", "In person"], ["Schedule", "4 days a week"], ["Payment", "Ask the program"], ["Accreditation", "None listed"]]);
});

test("notes: not accepting, and out of date after the index's limit", () => {
  assert.deepEqual(card("georgetown-veterans-iop").notes, [
    { className: "finder-accepting", text: "Not accepting new clients right now" },
    { className: "finder-stale", text: "This listing may be out of date: last checked more than 12 months ago." },
  ]);
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
