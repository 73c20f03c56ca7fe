// facets.js: the chips of the chosen filters (what each says, in the table's order), the
// age a box or a link holds, and what a program offers, from make_fixtures' records and
// the schema's labels.
import { test } from "node:test";
import assert from "node:assert/strict";

import { decodeIndex } from "../../theme/assets/finder/data.js";
import { AGE_MAX, FACETS, ageValue, chips, facetOf, offers, valueLabel } from "../../theme/assets/finder/facets.js";
import { fixture } from "./fixtures.mjs";

const fx = fixture("index.json");
const data = decodeIndex(fx.index);

test("a chip per chosen value, in the filter table's order, each named as a family reads it", () => {
  const got = chips(data, {
    age: ["15"], insurer: ["blue-cross-blue-shield-of-texas"], schedule: ["evening", "afternoon"],
    accreditation: ["any"], accepting: ["1"], medication: ["buprenorphine"], population: ["pregnant-postpartum"],
    format: ["telehealth"], language: ["es"], condition: ["co-occurring"], payment: ["sliding_scale"],
  });
  assert.deepEqual(got.map((c) => c.label), [
    "Co-occurring (dual diagnosis)", "Pregnant and postpartum people", "Sliding scale", "Accredited",
    "Evening", "Afternoon", "Telehealth", "Spanish", "Accepting new clients", "Buprenorphine",
    "Blue Cross Blue Shield of Texas", "Age 15",
  ]);
  assert.deepEqual(got.map((c) => c.key), FACETS.map((f) => f.key).flatMap((k) => (k === "schedule" ? [k, k] : [k])));
  assert.deepEqual(got[5], { key: "schedule", value: "afternoon", label: "Afternoon" });
  assert.deepEqual(chips(data, {}), []);
  assert.equal(valueLabel(data, "accreditation", "carf"), "CARF");
  assert.equal(valueLabel(data, "insurer", "tricare-east"), "TRICARE East");
});

test("the age box: whole years from 0 to the limit, anything else is no age", () => {
  assert.equal(AGE_MAX, 120);
  assert.equal(ageValue("15"), "15");
  assert.equal(ageValue(" 7 "), "7");
  assert.equal(ageValue("007"), "7");
  for (const bad of ["", "-1", "2.5", "1e2", "121", "abc", null, undefined]) assert.equal(ageValue(bad), "", String(bad));
});

test("what a program offers, group by group, as its record says", () => {
  for (const [slug, p] of Object.entries(fx.programs)) {
    const i = data.bySlug.get(slug);
    for (const f of FACETS.filter((row) => !row.select)) {
      for (const v of f.vocab || data.vocab[f.key]) assert.equal(offers(data, f, i, v), p.offers[f.key].includes(v), `${slug} ${f.key}=${v}`);
    }
    const age = facetOf("age");
    for (let a = 0; a <= 80; a++) {
      const listed = p.ages.min !== undefined || p.ages.max !== undefined;
      const want = listed && (p.ages.min ?? 0) <= a && a <= (p.ages.max ?? Infinity);
      assert.equal(offers(data, age, i, String(a)), want, `${slug} age ${a}`);
    }
  }
});
