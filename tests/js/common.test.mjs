// The modules the finder and the shortlist share (theme/assets/common/): pure, importing
// nothing, each used by a page's modules; and miles() measured against the geodesic.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";

import { miles } from "../../theme/assets/common/distance.js";

const ASSETS = new URL("../../theme/assets/", import.meta.url);
const COMMON = new URL("common/", ASSETS);
const shared = readdirSync(COMMON).filter((name) => name.endsWith(".js")).sort();
const source = (url) => readFileSync(url, "utf8");
const code = (text) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "")
  .replace(/(["'`])(?:\\.|(?!\1)[^\\])*\1/g, '""');

test("shared modules import nothing and never touch the page", () => {
  const words = /\b(document|window|history|location|navigator|fetch|localStorage|sessionStorage|performance)\b/;
  for (const name of shared) {
    const text = source(new URL(name, COMMON));
    assert.doesNotMatch(text, /^\s*import\b|\bimport\s*\(/m, name);
    assert.doesNotMatch(code(text), words, name);
  }
});

test("every shared module is imported by the finder and the shortlist", () => {
  for (const name of shared) {
    for (const folder of ["finder", "shortlist"]) {
      const dir = new URL(`${folder}/`, ASSETS);
      const users = readdirSync(dir).filter((f) => f.endsWith(".js"))
        .filter((f) => source(new URL(f, dir)).includes(`from "../common/${name}"`));
      assert.ok(users.length > 0, `${folder} does not use common/${name}`);
    }
  }
});

test("miles: the geodesic distances, to a few feet at an area's scale", () => {
  // WGS-84 geodesic distances (Karney's algorithm, as geopy computes them), in miles.
  const cases = [
    [[30.2672, -97.7431], [30.5083, -97.6789], 17.0449], // downtown Austin to Round Rock
    [[30.2672, -97.7431], [29.8833, -97.9414], 28.9895], // to San Marcos
  ];
  for (const [a, b, geodesic] of cases) {
    assert.ok(Math.abs(miles(...a, ...b) - geodesic) < geodesic * 2e-4, `${a} ${b}: ${miles(...a, ...b)}`);
    assert.equal(miles(...a, ...b), miles(...b, ...a));
  }
  assert.equal(miles(30.2672, -97.7431, 30.2672, -97.7431), 0);
});
