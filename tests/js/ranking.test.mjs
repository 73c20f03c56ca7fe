// ranking.js: distances against geopy's geodesic, filters against what the records offer,
// the order of the results and the words of the results line. Expected values come from
// tests/js/fixtures (make_fixtures.py: geopy, zipcodes, the records) or are worked out
// by hand in the comments.
import { test } from "node:test";
import assert from "node:assert/strict";

import { decodeIndex } from "../../theme/assets/finder/data.js";
import { FACETS, optionsOf } from "../../theme/assets/finder/facets.js";
import {
  activeFilters, bitsFromCounts, bitsFromUrls, box, counts, describe, miles, optionCounts, rank, searchingText, suggestions,
  telehealthCount,
} from "../../theme/assets/finder/ranking.js";
import { fixture, handIndex } from "./fixtures.mjs";

const fx = fixture("index.json");
const data = decodeIndex(fx.index);
const programs = fx.programs;
const slugsOf = (list) => Array.from(list, (i) => data.slugs[i]);
const setOf = (list) => new Set(slugsOf(list));
const RADII = [5, 10, 25, 50, 100];
const originOf = (code) => ({ lat: fx.origins[code][0], lon: fx.origins[code][1] });
const noWords = { q: "", bits: null, failed: false };

// ---- distances ---------------------------------------------------------------------

test("distances agree with geopy's geodesic within 0.02% and show the same 4 decimals", () => {
  const { points, pairs } = fixture("distances.json");
  assert.ok(pairs.length > 70);
  for (const { from, to, geodesic, shown } of pairs) {
    const [a, b] = [points[from], points[to]];
    const d = miles(a[0], a[1], b[0], b[1]);
    assert.ok(Math.abs(d - geodesic) <= geodesic * 2e-4, `${from}-${to}: ${d} vs geopy ${geodesic}`);
    assert.equal(d.toFixed(4), shown, `${from}-${to}`);
    assert.equal(miles(b[0], b[1], a[0], a[1]).toFixed(4), shown, `${to}-${from}`);
  }
  assert.equal(miles(30.2672, -97.7431, 30.2672, -97.7431), 0);
});

test("the box around a circle holds every point of it and nothing twice as far", () => {
  const { points, pairs } = fixture("distances.json");
  const inside = (b, [lat, lon]) => lat >= b.s && lat <= b.n && lon >= b.w && lon <= b.e;
  for (const { from, to, geodesic } of pairs) {
    const origin = { lat: points[from][0], lon: points[from][1] };
    assert.ok(inside(box(origin, geodesic), points[to]), `${from}-${to}`);
    assert.ok(!inside(box(origin, geodesic / 2), points[to]), `${from}-${to} at half`);
  }
});

// ---- ranking -----------------------------------------------------------------------

test("from each origin and radius: the programs within it, nearest first, as geopy says", () => {
  for (const code of Object.keys(fx.origins)) {
    for (const radius of RADII) {
      const r = rank(data, [], originOf(code), radius);
      const want = Object.entries(programs)
        .filter(([, p]) => p.nearest[code] && p.nearest[code].miles <= radius)
        .sort((a, b) => a[1].nearest[code].miles - b[1].nearest[code].miles);
      // No program of the fixture lies within 0.1% of a radius, where either answer is right.
      for (const p of Object.values(programs)) {
        if (p.nearest[code]) assert.ok(Math.abs(p.nearest[code].miles - radius) > radius * 1e-3);
      }
      assert.deepEqual(slugsOf(r.near), want.map(([slug]) => slug), `${code} within ${radius}`);
      for (const i of r.near) {
        const truth = programs[data.slugs[i]].nearest[code];
        assert.ok(Math.abs(r.dist[i] - truth.miles) <= truth.miles * 2e-4 + 1e-9, data.slugs[i]);
        assert.equal(data.cities[data.city[r.loc[i]]], truth.city, `${data.slugs[i]} from ${code}`);
      }
      assert.deepEqual(slugsOf(r.tele), ["prickly-pear-telehealth"]);
    }
  }
});

test("a program's nearest location counts, not its first", () => {
  // From Round Rock (78664), Barton Creek's second location (Round Rock) is the nearer.
  const r = rank(data, [], originOf("78664"), 5);
  const i = data.bySlug.get("barton-creek-recovery");
  assert.deepEqual(slugsOf(r.near), ["barton-creek-recovery"]);
  assert.equal(r.loc[i], data.start[i] + 1);
});

test("without a place: every program with a location, alphabetical; telehealth apart", () => {
  const r = rank(data, [], null, 25);
  assert.deepEqual(slugsOf(r.near), [
    "barton-creek-recovery", "eglise-saint-jean-counseling", "georgetown-veterans-iop",
    "san-marcos-river-iop", "step-9-counseling", "step-10-counseling",
  ]);
  assert.deepEqual(slugsOf(r.tele), ["prickly-pear-telehealth"]);
});

test("equal distances (to 1e-4 mile) go by name; telehealth by name", () => {
  const origin = { lat: 30.3, lon: -97.7 };
  const ix = handIndex([
    { name: "Zilker Place", points: [[30.3, -97.75]] },
    { name: "oak hill", points: [[30.3, -97.65]] }, // as far east as Zilker Place is west
    { name: "Bee Cave", points: [[30.3, -97.75], [30.4, -97.75]] },
    { name: "Near One", points: [[30.29, -97.7]] },
    { name: "Far One", points: [[30.3, -97.8]] },
    { name: "Video B", points: [] },
    { name: "Video A", points: [] },
  ]);
  const d = decodeIndex(ix);
  const r = rank(d, [], origin, 10);
  assert.deepEqual(Array.from(r.near, (i) => d.names[i]), ["Near One", "Bee Cave", "oak hill", "Zilker Place", "Far One"]);
  assert.deepEqual(r.tele.map((i) => d.names[i]), ["Video A", "Video B"]);
});

test("half a metre apart is apart: the order goes by distance to 1e-4 mile first", () => {
  // By geopy, from (30.3, -97.7): 2.06651 miles to (30.33, -97.7), 2.06686 to (30.330005, -97.7).
  const d = decodeIndex(handIndex([
    { name: "Alpha", points: [[30.330005, -97.7]] },
    { name: "Zeta", points: [[30.33, -97.7]] },
  ]));
  const r = rank(d, [], { lat: 30.3, lon: -97.7 }, 5);
  assert.deepEqual(Array.from(r.near, (i) => d.names[i]), ["Zeta", "Alpha"]);
  assert.deepEqual(Array.from(r.near, (i) => r.dist[i].toFixed(4)), ["2.0665", "2.0669"]);
});

test("the radius takes in what geopy puts inside it, to 0.1%, and nothing beyond", () => {
  const { points, pairs } = fixture("distances.json");
  for (const { from, to, geodesic } of pairs) {
    const d = decodeIndex(handIndex([{ name: "There", points: [points[to]] }]));
    const origin = { lat: points[from][0], lon: points[from][1] };
    assert.equal(rank(d, [], origin, geodesic * 1.001).near.length, 1, `${from}-${to} just inside`);
    assert.equal(rank(d, [], origin, geodesic * 0.999).near.length, 0, `${from}-${to} just outside`);
  }
});

// ---- filters -----------------------------------------------------------------------

// The meaning of a choice, from the records: several values in one group, any of them;
// several groups, all of them; "any" accreditation, some body; an age, a range that
// takes it in or no ages listed at all.
function offersValue(p, key, v) {
  if (key === "accreditation" && v === "any") return p.offers[key].length > 0;
  if (key === "age") return (p.ages.min ?? 0) <= Number(v) && Number(v) <= (p.ages.max ?? Infinity);
  return p.offers[key].includes(v);
}
const passesChosen = (p, chosen, except = null) => Object.entries(chosen)
  .every(([key, values]) => key === except || !values.length || values.some((v) => offersValue(p, key, v)));

function expectedSet(chosen, words = null) {
  return new Set(Object.entries(programs).filter(([slug, p]) => (!words || words.has(slug)) && passesChosen(p, chosen))
    .map(([slug]) => slug));
}

function shown(chosen, bits = null) {
  const r = rank(data, activeFilters(data, chosen, bits), null, 25);
  return new Set([...slugsOf(r.near), ...slugsOf(r.tele)]);
}

test("filters keep the programs the records say, checked by hand", () => {
  const cases = [
    [{ payment: ["medicaid"] }, ["barton-creek-recovery", "san-marcos-river-iop"]],
    [{ payment: ["medicaid", "tricare"] }, ["barton-creek-recovery", "san-marcos-river-iop", "georgetown-veterans-iop"]],
    [{ condition: ["co-occurring"], schedule: ["evening"] }, ["barton-creek-recovery", "prickly-pear-telehealth", "step-9-counseling"]],
    [{ accreditation: ["any"] }, ["barton-creek-recovery", "san-marcos-river-iop", "step-9-counseling"]],
    [{ accreditation: ["coa"] }, ["san-marcos-river-iop"]],
    [{ accreditation: ["bogus"] }, []], // a value no program offers matches nothing
    [{ format: ["telehealth"] }, ["prickly-pear-telehealth", "san-marcos-river-iop"]], // hybrid is both
    [{ language: ["fr"] }, ["eglise-saint-jean-counseling"]],
    [{ accepting: ["1"] }, ["barton-creek-recovery", "step-10-counseling", "step-9-counseling"]], // not "not stated"
    [{ population: ["veterans"], language: ["es"] }, ["san-marcos-river-iop"]],
    [{ payment: [], condition: [] }, Object.keys(programs)],
  ];
  for (const [chosen, want] of cases) {
    assert.deepEqual(shown(chosen), new Set(want), JSON.stringify(chosen));
    assert.deepEqual(expectedSet(chosen), new Set(want), `fixture check ${JSON.stringify(chosen)}`);
  }
});

test("every value of every group, alone and in pairs of groups, as the records say", () => {
  const choices = [];
  for (const f of FACETS.filter((row) => !row.select)) for (const v of optionsOf(data, f)) choices.push([f.key, v]);
  for (const age of ["11", "15", "16", "18", "30"]) choices.push(["age", age]);
  assert.ok(choices.some(([key]) => key === "insurer") && choices.some(([key]) => key === "medication"));
  for (const [key, v] of choices) assert.deepEqual(shown({ [key]: [v] }), expectedSet({ [key]: [v] }), `${key}=${v}`);
  for (const [k1, v1] of choices) {
    for (const [k2, v2] of choices) {
      if (k1 === k2 && k1 === "age") continue; // one age at a time
      const chosen = k1 === k2 ? { [k1]: [v1, v2] } : { [k1]: [v1], [k2]: [v2] };
      assert.deepEqual(shown(chosen), expectedSet(chosen), JSON.stringify(chosen));
    }
  }
});

test("age: programs whose range takes it in, and those that list no ages", () => {
  // By hand from make_fixtures: Barton Creek 18+, Église 16+, Prickly Pear 12-17,
  // San Marcos none listed, Step 10 up to 25, Step 9 exactly 15, Georgetown 18-64.
  const cases = {
    11: ["san-marcos-river-iop", "step-10-counseling"],
    15: ["prickly-pear-telehealth", "san-marcos-river-iop", "step-10-counseling", "step-9-counseling"],
    17: ["eglise-saint-jean-counseling", "prickly-pear-telehealth", "san-marcos-river-iop", "step-10-counseling"],
    30: ["barton-creek-recovery", "eglise-saint-jean-counseling", "san-marcos-river-iop", "georgetown-veterans-iop"],
    70: ["barton-creek-recovery", "eglise-saint-jean-counseling", "san-marcos-river-iop"],
  };
  for (const [age, want] of Object.entries(cases)) {
    assert.deepEqual(shown({ age: [age] }), new Set(want), `age ${age}`);
    assert.deepEqual(expectedSet({ age: [age] }), new Set(want), `fixture check, age ${age}`);
  }
  for (let age = 0; age <= 120; age++) assert.deepEqual(shown({ age: [String(age)] }), expectedSet({ age: [String(age)] }), `age ${age}`);
});

test("insurer and medication: the programs whose records name them", () => {
  const cases = [
    // "AETNA " in one record and "Aetna" in another are one insurer.
    [{ insurer: ["aetna"] }, ["eglise-saint-jean-counseling", "prickly-pear-telehealth"]],
    [{ insurer: ["tricare-east"] }, ["san-marcos-river-iop", "georgetown-veterans-iop"]],
    [{ insurer: ["blue-cross-blue-shield-of-texas"], age: ["15"] }, ["prickly-pear-telehealth", "step-9-counseling"]],
    [{ insurer: ["no-such-plan"] }, []],
    [{ medication: ["naltrexone"] }, ["barton-creek-recovery", "step-9-counseling"]],
    [{ medication: ["methadone", "buprenorphine"] }, ["san-marcos-river-iop", "barton-creek-recovery"]],
    [{ medication: ["naltrexone"], insurer: ["blue-cross-blue-shield-of-texas"] }, ["step-9-counseling"]],
  ];
  for (const [chosen, want] of cases) {
    assert.deepEqual(shown(chosen), new Set(want), JSON.stringify(chosen));
    assert.deepEqual(expectedSet(chosen), new Set(want), `fixture check ${JSON.stringify(chosen)}`);
  }
});

// ---- counts beside the options ------------------------------------------------------

// From the records and geopy's figures: for option v of group G, the programs within the
// radius (telehealth-only ones always) passing every chosen group but G and offering v.
function expectedCounts(chosen, code, radius) {
  const inside = Object.values(programs).filter((p) => !p.locations.length || !code || p.nearest[code].miles <= radius);
  const counts = {}, others = {};
  for (const f of FACETS.filter((row) => !row.select)) {
    const pool = inside.filter((p) => passesChosen(p, chosen, f.key));
    others[f.key] = pool.length;
    counts[f.key] = optionsOf(data, f).map((v) => pool.filter((p) => offersValue(p, f.key, v)).length);
  }
  return { total: inside.filter((p) => passesChosen(p, chosen)).length, counts, others };
}

test("counts beside each option: what ticking it would show, as the records say", () => {
  const cases = [
    [{}, null, 25],
    [{}, "78745", 5],
    [{ schedule: ["evening"] }, "78745", 25],
    [{ schedule: ["evening"], insurer: ["aetna"] }, null, 25],
    [{ payment: ["medicaid", "tricare"], age: ["17"] }, "78664", 25],
    [{ accreditation: ["any"], language: ["es"] }, "78701", 100],
    [{ medication: ["naltrexone"], accepting: ["1"] }, "78701", 50],
    [{ population: ["veterans"], format: ["in-person"] }, "78666", 10],
  ];
  for (const [chosen, code, radius] of cases) {
    const got = optionCounts(data, activeFilters(data, chosen), code && originOf(code), radius);
    const want = expectedCounts(chosen, code, radius);
    const label = `${JSON.stringify(chosen)} from ${code} within ${radius}`;
    assert.equal(got.total, want.total, label);
    assert.deepEqual(got.others, want.others, label);
    for (const key of Object.keys(want.counts)) assert.deepEqual(Array.from(got.counts[key]), want.counts[key], `${label}: ${key}`);
    // The total is what the lists show.
    const r = rank(data, activeFilters(data, chosen), code && originOf(code), radius);
    assert.equal(got.total, r.near.length + r.tele.length, label);
  }
});

test("counts, checked by hand: evening and Aetna, everywhere", () => {
  const c = optionCounts(data, activeFilters(data, { schedule: ["evening"] }), null, 25);
  // Evening: Barton Creek, Prickly Pear, Step 9. Of these only Prickly Pear names Aetna.
  assert.equal(c.total, 3);
  assert.equal(c.counts.insurer[data.vocab.insurer.indexOf("aetna")], 1);
  // In its own group, a track counts the programs with that track, whatever is ticked:
  // Morning is Step 9's, Weekend Prickly Pear's and San Marcos River's.
  const sched = (v) => c.counts.schedule[data.vocab.schedule.indexOf(v)];
  assert.deepEqual(["morning", "afternoon", "evening", "weekend"].map(sched), [1, 1, 3, 2]);
  assert.equal(c.others.schedule, 7);
});

test("the telehealth programs an empty result offers", () => {
  // Telehealth: Prickly Pear (telehealth only) and San Marcos River (hybrid).
  assert.deepEqual(telehealthCount(data, activeFilters(data, {})), { matching: 2, all: 2 });
  assert.deepEqual(telehealthCount(data, activeFilters(data, { format: ["in-person"] })), { matching: 2, all: 2 });
  assert.deepEqual(telehealthCount(data, activeFilters(data, { population: ["veterans"] })), { matching: 1, all: 2 });
  assert.deepEqual(telehealthCount(data, activeFilters(data, { language: ["fr"] })), { matching: 0, all: 2 });
});

test("the word search's bits narrow the results like one more group", () => {
  const words = new Set(["barton-creek-recovery", "step-9-counseling", "prickly-pear-telehealth"]);
  const bits = bitsFromCounts(data, { "barton-creek-recovery": 2, "step-9-counseling": 1, "prickly-pear-telehealth": 1, "gone-program": 3, "georgetown-veterans-iop": 0 });
  assert.deepEqual(Array.from(bits).reduce((n, b) => n + b, 0), 3);
  assert.deepEqual(shown({}, bits), words);
  assert.deepEqual(shown({ accepting: ["1"] }, bits), expectedSet({ accepting: ["1"] }, words));
  const groups = activeFilters(data, { payment: ["medicaid"] }, bits);
  assert.deepEqual(groups.map((g) => g.key), ["payment", "q"]);
});

test("pages found by URL map to their programs, whatever the site's base path", () => {
  const base = "https://example.org/iop/find/?zip=78745";
  const bits = bitsFromUrls(data, [
    "/iop/programs/step-9-counseling/", "https://example.org/iop/programs/barton-creek-recovery/index.html",
    "../programs/georgetown-veterans-iop/", "/iop/about/", "/iop/programs/", "/programs/nobody/",
  ], base);
  const found = programsWithBit(bits);
  assert.deepEqual(found, new Set(["step-9-counseling", "barton-creek-recovery", "georgetown-veterans-iop"]));
  // Pages that are not all at programs/<slug>/ (the index then lists every URL).
  const odd = decodeIndex(fx.index_with_urls);
  const oddBits = bitsFromUrls(odd, ["/iop/listings/texas/hays/san-marcos-river-iop/index.html", "/iop/programs/step-9-counseling/"], base);
  assert.deepEqual(new Set(Array.from(oddBits).flatMap((b, i) => (b ? [odd.slugs[i]] : []))),
    new Set(["san-marcos-river-iop", "step-9-counseling"]));
});

const programsWithBit = (bits) => new Set(Array.from(bits).flatMap((b, i) => (b ? [data.slugs[i]] : [])));

test("a group that is not one bitmask column plugs in through the facet table", () => {
  // A made-up one: select() returns any array whose bit 0 marks the programs that pass.
  const teens = new Set(["prickly-pear-telehealth", "georgetown-veterans-iop"]);
  const facets = [...FACETS, { key: "teen", select: (d, values) => ({ arr: Uint8Array.from(d.slugs, (s) => (values.includes("15") && teens.has(s) ? 1 : 0)), mask: 1 }) }];
  const groups = activeFilters(data, { teen: ["15"] }, null, facets);
  const r = rank(data, groups, null, 25);
  assert.deepEqual(new Set([...slugsOf(r.near), ...slugsOf(r.tele)]), teens);
  assert.deepEqual(activeFilters(data, { teen: [] }, null, facets), []);
});

// ---- the results line --------------------------------------------------------------

test("the results line, word for word: the count and what it counts, then the order", () => {
  const zip = { kind: "zip", value: "78745", city: "Austin", lat: 30.2, lon: -97.8 };
  const city = { kind: "city", value: "Round Rock", lat: 30.5, lon: -97.7 };
  const here = { kind: "here", lat: 30.5, lon: -97.7 };
  assert.deepEqual(describe({ place: null, radius: 25, words: noWords, nNear: 2, nTele: 1 }), {
    head: "2 programs with a place to meet",
    detail: "In alphabetical order. 1 telehealth-only program is listed separately." +
      " To see the nearest first, enter a ZIP code, choose a city or use your location.",
  });
  assert.deepEqual(describe({ place: zip, radius: 25, words: noWords, nNear: 4, nTele: 0, filters: ["Evening", "Aetna"] }), {
    head: "4 programs within 25 miles of ZIP code 78745 (Austin) · Evening, Aetna",
    detail: "Nearest first.",
  });
  assert.deepEqual(describe({ place: zip, radius: 25, words: noWords, nNear: 1, nTele: 2 }), {
    head: "1 program within 25 miles of ZIP code 78745 (Austin)",
    detail: "2 telehealth-only programs are listed separately.",
  });
  assert.deepEqual(describe({ place: here, radius: 10, words: noWords, nNear: 3, nTele: 0, filters: ["Age 15"] }),
    { head: "3 programs within 10 miles of your location · Age 15", detail: "Nearest first." });
  const dbt = { q: "dbt", bits: new Uint8Array(1), failed: false };
  assert.deepEqual(describe({ place: city, radius: 5, words: dbt, nNear: 0, nTele: 0, filters: ["Medicaid"] }),
    { head: "No program matching “dbt” within 5 miles of Round Rock · Medicaid", detail: "" });
  assert.deepEqual(describe({ place: city, radius: 5, words: dbt, nNear: 4, nTele: 1 }), {
    head: "4 programs matching “dbt” within 5 miles of Round Rock",
    detail: "Nearest first. 1 telehealth-only program matching “dbt” is listed separately.",
  });
  assert.deepEqual(describe({ place: city, radius: 5, words: { q: "emdr", bits: null, failed: true }, nNear: 0, nTele: 0 }), {
    head: "No program within 5 miles of Round Rock",
    detail: "Word search is not available right now, so the words “emdr” were not used.",
  });
  // What a link typed is quoted to 40 characters.
  const long = "w".repeat(60);
  assert.equal(searchingText(long), `Looking for “${"w".repeat(40)}…” in the program pages…`);
  assert.equal(searchingText("EMDR"), "Looking for “EMDR” in the program pages…");
});

test("nothing found: the group to clear and the wider radius, with their counts", () => {
  // From 78745 within 5 miles: Barton Creek (3.4 mi) only, by the fixture's geopy figures.
  const origin = originOf("78745");
  const chosen = { population: ["veterans"], language: ["es"] };
  const groups = activeFilters(data, chosen, null);
  assert.equal(rank(data, groups, origin, 5).near.length, 0);
  const c = counts(data, groups, origin, 5, RADII);
  // Barton Creek offers Spanish but not veterans: only population holds it back.
  // San Marcos River (23.9 mi) passes both: 25 miles is the first radius that finds it.
  assert.deepEqual(c, { byGroup: [1, 0], all: 1, wider: 25, widerCount: 1 });
  const names = { population: "Who it serves", language: "Language" };
  const s = suggestions(data, groups, origin, 5, RADII, (key) => names[key]);
  assert.deepEqual(s, {
    lead: "To see more programs, loosen your choices:",
    items: [
      { text: "Clear “Who it serves” (1 program)", action: { clear: "population" } },
      { text: "Search within 25 miles (1 program)", action: { radius: 25 } },
    ],
  });
});

test("nothing found and nothing to suggest but clearing everything, or nothing at all", () => {
  const origin = originOf("78745");
  // Within 5 miles, Barton Creek fails both groups: no single one to blame, none farther.
  const groups = activeFilters(data, { language: ["fr"], payment: ["tricare"] }, null);
  const s = suggestions(data, groups, origin, 5, RADII, (key) => key);
  assert.deepEqual(s.items, [{ text: "Clear all filters (1 program)", action: { clearAll: true } }]);
  // From Houston, nothing lies within 100 miles: no radius on offer helps.
  const houston = { lat: 29.7604, lon: -95.3698 };
  const none = suggestions(data, [], houston, 5, RADII, (key) => key);
  assert.deepEqual(none, { lead: "Try a wider distance or a place closer to Austin.", items: [] });
  const videoOnly = decodeIndex(handIndex([{ name: "Video", points: [] }]));
  assert.deepEqual(suggestions(videoOnly, [], null, 25, RADII, (key) => key), { lead: "Try clearing some filters.", items: [] });
});
