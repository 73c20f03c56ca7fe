// data.js: the generator's real programs.json and places.json (tests/js/fixtures, written
// by make_fixtures.py) decode into what the records and the `zipcodes` package say.
import { test } from "node:test";
import assert from "node:assert/strict";

import { decodeIndex, decodePlaces, normPath, slugify } from "../../theme/assets/finder/data.js";
import { FACETS } from "../../theme/assets/finder/facets.js";
import { fixture, handIndex } from "./fixtures.mjs";

const fx = fixture("index.json");
const data = decodeIndex(fx.index);
const programs = Object.entries(fx.programs);
const COORD = 5.01e-7; // coordinates travel in 1e-6 degree

test("every program keeps its name, slug and page, and is found by either", () => {
  assert.equal(data.n, programs.length);
  for (const [slug, p] of programs) {
    const i = data.bySlug.get(slug);
    assert.notEqual(i, undefined, slug);
    assert.equal(data.slugs[i], slug);
    assert.equal(data.names[i], p.name);
    assert.equal(data.paths[i], p.path);
    assert.equal(data.byPath.get(p.path), i);
  }
  // The generator stores only the slug it cannot rebuild from the name.
  assert.deepEqual(Object.values(fx.index.slug), ["eglise-saint-jean-counseling"]);
});

test("each program's locations, in order, with their towns and coordinates", () => {
  for (const [slug, p] of programs) {
    const i = data.bySlug.get(slug);
    assert.equal(data.start[i + 1] - data.start[i], p.locations.length, slug);
    p.locations.forEach((loc, j) => {
      const k = data.start[i] + j;
      assert.equal(data.cities[data.city[k]], loc.city, slug);
      assert.ok(Math.abs(data.lat[k] - loc.lat) <= COORD && Math.abs(data.lon[k] - loc.lon) <= COORD, slug);
    });
  }
});

test("every filter group's bits (or list) name the values the record offers", () => {
  for (const [slug, p] of programs) {
    const i = data.bySlug.get(slug);
    for (const f of FACETS.filter((row) => !row.select)) {
      const vocab = f.vocab || data.vocab[f.key];
      const set = f.list ? data.lists[f.key][i].map((o) => vocab[o]).sort()
        : vocab.filter((_, bit) => data.facets[f.key][i] & (1 << bit)).sort();
      assert.deepEqual(set, p.offers[f.key], `${slug} ${f.key}`);
    }
    // accepting_new_clients: 1 yes, 0 no, 2 not stated.
    assert.equal(data.accepting[i], { true: 1, false: 0, null: 2 }[String(p.accepting)], slug);
  }
});

test("ages, phone, insurers' names and the day last checked travel as the records say", () => {
  const day = (iso) => Date.UTC(...iso.split("-").map((v, k) => Number(v) - (k === 1 ? 1 : 0))) / 864e5;
  for (const [slug, p] of programs) {
    const i = data.bySlug.get(slug);
    assert.equal(data.amin[i], p.ages.min ?? 0, slug);
    assert.equal(data.amax[i], p.ages.max ?? 0, slug);
    assert.equal(data.phones[i], p.phone ?? "", slug);
    assert.equal(data.checked[i], day("2026-11-01"), slug); // make_fixtures' verification
  }
  // Each insurer under its key, named as most records write it ("AETNA " and "Aetna" tie).
  assert.deepEqual(data.vocab.insurer, ["aetna", "blue-cross-blue-shield-of-texas", "tricare-east", "superior-healthplan"]);
  assert.equal(data.labels.insurer["blue-cross-blue-shield-of-texas"], "Blue Cross Blue Shield of Texas");
  assert.ok(["AETNA", "Aetna"].includes(data.labels.insurer.aetna));
  // An index without these columns (an older one, a hand-made one) decodes to none.
  const bare = decodeIndex(handIndex([{ name: "Bare", points: [] }]));
  assert.deepEqual([bare.amin[0], bare.amax[0], bare.phones[0], bare.checked[0], bare.lists.insurer[0]], [0, 0, "", -1, []]);
  assert.deepEqual(bare.vocab.insurer, []);
});

test("labels for every group the chips and cards name", () => {
  assert.equal(data.labels.schedule.afternoon, "Afternoon");
  assert.equal(data.labels.medication.buprenorphine, "Buprenorphine");
  assert.equal(data.labels.language.fr, "French");
  assert.equal(data.labels.population["pregnant-postpartum"], "Pregnant and postpartum people");
  assert.equal(data.labels.condition["co-occurring"], "Co-occurring (dual diagnosis)");
});

test("stale and expired listings are flagged, with the limit the index names", () => {
  for (const [slug, p] of programs) {
    const i = data.bySlug.get(slug);
    assert.equal(data.stale.has(i), p.stale, slug);
    assert.equal(data.expired.has(i), p.expired, slug);
  }
  assert.equal(data.staleAfter, "12 months");
  // Without the index's wording the finder invents no period of its own.
  assert.equal(decodeIndex({ ...fx.index, stale: undefined, expired: undefined, stale_after: undefined }).staleAfter, "");
});

test("alphabetical rank ignores accents and case and puts 9 before 10", () => {
  const order = Array.from(data.byRank, (i) => data.slugs[i]);
  assert.deepEqual(order, [
    "barton-creek-recovery", "eglise-saint-jean-counseling", "georgetown-veterans-iop",
    "prickly-pear-telehealth", "san-marcos-river-iop", "step-9-counseling", "step-10-counseling",
  ]);
  for (let r = 0; r < data.n; r++) assert.equal(data.rank[data.byRank[r]], r);
  assert.ok(2 ** data.rankBits > data.n);
  // Same names: the earlier program first.
  const twins = decodeIndex(handIndex([{ name: "Twin", points: [] }, { name: "twin", points: [] }]));
  assert.deepEqual(Array.from(twins.byRank), [0, 1]);
});

test("an index that lists each URL (not one template) gives those pages", () => {
  const d = decodeIndex(fx.index_with_urls);
  assert.ok(!("url" in fx.index_with_urls));
  for (const [slug, p] of programs) {
    const path = fx.odd_urls[slug] ?? p.path;
    assert.equal(d.paths[d.bySlug.get(slug)], path);
    assert.equal(d.byPath.get(path), d.bySlug.get(slug));
  }
});

test("an index whose one template is not programs/<slug>/ gives its pages", () => {
  const d = decodeIndex(fx.index_elsewhere);
  assert.equal(fx.index_elsewhere.url, "directory/{slug}.html");
  for (const slug of Object.keys(fx.programs)) assert.equal(d.paths[d.bySlug.get(slug)], `directory/${slug}.html`);
});

test("slugify is the generator's simple_slug; normPath drops ./, / and index.html", () => {
  assert.equal(slugify("Hill Country IOP"), "hill-country-iop");
  assert.equal(slugify("  St. Mary's (North) & Co.  "), "st-mary-s-north-co");
  assert.equal(slugify("Step 10 Counseling"), "step-10-counseling");
  assert.equal(normPath("./programs/x/index.html"), "programs/x/");
  assert.equal(normPath("/programs/x/"), "programs/x/");
  assert.equal(normPath("programs/x.html"), "programs/x.html");
});

test("places.json: ZIP centroids as zipcodes has them, with their towns, and the area's towns", () => {
  const pf = fixture("places.json");
  const places = decodePlaces(pf.places);
  assert.equal(places.radius, pf.radius);
  const towns = { 78701: "Austin", 78745: "Austin", 78664: "Round Rock" };
  for (const [code, [lat, lon]] of Object.entries(pf.inside)) {
    const z = places.zips.get(code);
    assert.ok(Math.abs(z.lat - lat) <= COORD && Math.abs(z.lon - lon) <= COORD, code);
    assert.equal(z.city, towns[code]);
  }
  for (const code of pf.outside) assert.equal(places.zips.get(code), undefined, code);
  assert.equal(places.zips.size, pf.places.zip.length);
  // Towns are found by their lower-case name and sit at the mean of their ZIP centroids:
  // Round Rock's (78664, 78665, 78681) lie within 0.05 degree of each other.
  const rr = places.towns.get("round rock");
  assert.equal(rr.name, "Round Rock");
  const [lat, lon] = pf.inside["78664"];
  assert.ok(Math.abs(rr.lat - lat) < 0.05 && Math.abs(rr.lon - lon) < 0.05, JSON.stringify(rr));
  assert.equal(places.towns.size, pf.places.cities.length);
});
