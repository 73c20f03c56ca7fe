// url-state.js: what a link asks for, and the link a state makes (worked out by hand from
// the URL format: zip | city | from=here, radius= unless the default, one parameter per
// chosen value in the filter table's order, accepting=1, q=).
import { test } from "node:test";
import assert from "node:assert/strict";

import { readQuery, writeQuery } from "../../theme/assets/finder/url-state.js";

const OPTIONS = { radii: ["5", "10", "25", "50", "100"], defaultRadius: "25" };
const read = (query) => readQuery(new URLSearchParams(query), OPTIONS);
const none = {
  condition: [], population: [], payment: [], accreditation: [], schedule: [], format: [], language: [], accepting: [],
  medication: [], insurer: [], age: [],
};

test("an empty query: no place, the default radius, nothing chosen", () => {
  assert.deepEqual(read(""), { place: null, chosen: none, zip: "", q: "", radius: "25" });
});

test("a ZIP with filters, a radius and words", () => {
  const s = read("zip=78745&radius=10&payment=medicaid&payment=tricare&language=es&q=DBT+group&accepting=1");
  assert.deepEqual(s.place, { kind: "zip", value: "78745" });
  assert.equal(s.zip, "78745");
  assert.equal(s.radius, "10");
  assert.equal(s.q, "DBT group");
  assert.deepEqual(s.chosen, { ...none, payment: ["medicaid", "tricare"], language: ["es"], accepting: ["1"] });
});

test("the place: a ZIP first, then a city, then from=here; an empty zip= is still asked for", () => {
  assert.deepEqual(read("city=Round+Rock&zip=78664").place, { kind: "zip", value: "78664" });
  assert.deepEqual(read("city=Round+Rock&from=here").place, { kind: "city", value: "Round Rock" });
  assert.equal(read("city=Round+Rock").zip, "");
  assert.deepEqual(read("from=here").place, { kind: "here" });
  assert.equal(read("from=there").place, null);
  assert.deepEqual(read("zip=").place, { kind: "zip", value: "" });
  assert.deepEqual(read("city=&from=here").place, { kind: "city", value: "" });
});

test("a radius not on offer gives the default; accepting takes 1, true or yes", () => {
  for (const r of ["7", "", "25.0", "1e2", "-5"]) assert.equal(read(`radius=${r}`).radius, "25", r);
  assert.equal(read("radius=100").radius, "100");
  for (const v of ["1", "true", "yes"]) assert.deepEqual(read(`accepting=${v}`).chosen.accepting, ["1"], v);
  for (const v of ["0", "no", "on", ""]) assert.deepEqual(read(`accepting=${v}`).chosen.accepting, [], v);
  // Values the form does not know are passed on as they are: the form ignores them.
  assert.deepEqual(read("accreditation=bogus&accreditation=carf").chosen.accreditation, ["bogus", "carf"]);
});

test("age, insurer and medication: age=15 a whole number of years, insurer= its key", () => {
  const s = read("zip=78745&schedule=afternoon&age=15&insurer=aetna&medication=buprenorphine&medication=naltrexone");
  assert.deepEqual(s.chosen, { ...none, schedule: ["afternoon"], age: ["15"], insurer: ["aetna"], medication: ["buprenorphine", "naltrexone"] });
  assert.deepEqual(read("age=015").chosen.age, ["15"]);
  assert.deepEqual(read("age=0").chosen.age, ["0"]);
  assert.deepEqual(read("age=120").chosen.age, ["120"]);
  for (const v of ["", "-3", "15.5", "1e1", "121", "fifteen", "15 ", "9999"]) {
    assert.deepEqual(read(`age=${encodeURIComponent(v)}`).chosen.age, v === "15 " ? ["15"] : [], JSON.stringify(v));
  }
});

const state = (fields) => ({ place: null, radius: "25", defaultRadius: "25", chosen: {}, q: "", ...fields });

test("the query a state makes, in its fixed order", () => {
  assert.equal(writeQuery(state({})), "");
  assert.equal(writeQuery(state({ place: { kind: "zip", value: "78745", lat: 30.2, lon: -97.8, city: "Austin" } })), "zip=78745");
  assert.equal(writeQuery(state({ place: { kind: "city", value: "Round Rock" }, radius: "50" })), "city=Round+Rock&radius=50");
  assert.equal(writeQuery(state({
    place: { kind: "zip", value: "78745" }, radius: "10", q: "DBT group",
    chosen: { accepting: ["1"], language: ["es"], payment: ["medicaid", "tricare"], condition: ["co-occurring"] },
  })), "zip=78745&radius=10&condition=co-occurring&payment=medicaid&payment=tricare&language=es&accepting=1&q=DBT+group");
});

test("the new filters are written after the others, and read back", () => {
  const chosen = { ...none, schedule: ["evening"], insurer: ["blue-cross-blue-shield-of-texas"], medication: ["methadone"], age: ["15"] };
  const q = writeQuery(state({ place: { kind: "zip", value: "78745" }, chosen }));
  assert.equal(q, "zip=78745&schedule=evening&medication=methadone&insurer=blue-cross-blue-shield-of-texas&age=15");
  assert.deepEqual(read(q).chosen, chosen);
});

test("the browser's position is written as from=here, never as coordinates", () => {
  const q = writeQuery(state({ place: { kind: "here", lat: 30.5083, lon: -97.6789 } }));
  assert.equal(q, "from=here");
});

test("what a state writes, a link reads back", () => {
  const chosen = { ...none, population: ["veterans", "women"], accreditation: ["any"], format: ["telehealth"], accepting: ["1"] };
  const q = writeQuery(state({ place: { kind: "city", value: "San Marcos" }, radius: "100", chosen, q: "family & friends" }));
  assert.deepEqual(read(q), { place: { kind: "city", value: "San Marcos" }, chosen, zip: "", q: "family & friends", radius: "100" });
});
