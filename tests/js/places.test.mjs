// places.js and text.js: ZIP codes and towns turned into places through the generator's
// places.json (coordinates as `zipcodes` has them), the messages when that fails, and the
// bounds on what a link or a visitor typed.
import { test } from "node:test";
import assert from "node:assert/strict";

import { decodePlaces } from "../../theme/assets/finder/data.js";
import { cityPlace, herePlace, locationError, withinText, zipPlace } from "../../theme/assets/finder/places.js";
import { boundedQuery, echo } from "../../theme/assets/finder/text.js";
import { fixture } from "./fixtures.mjs";

const pf = fixture("places.json");
const places = decodePlaces(pf.places);
const near = (a, b) => Math.abs(a - b) <= 5.01e-7;

test("a ZIP code of the area, with or without its +4, is its centroid and town", () => {
  const [lat, lon] = pf.inside["78745"];
  for (const typed of ["78745", " 78745 ", "78745-1234", "787451234"]) {
    const { place, error } = zipPlace(typed, places);
    assert.equal(error, undefined, typed);
    assert.equal(place.kind, "zip");
    assert.equal(place.value, "78745");
    assert.equal(place.city, "Austin");
    assert.ok(near(place.lat, lat) && near(place.lon, lon), typed);
  }
  assert.equal(withinText(zipPlace("78664", places).place, 25), "within 25 miles of ZIP code 78664 (Round Rock)");
});

test("what is not a ZIP code, and a ZIP code outside the area, say so", () => {
  for (const typed of ["7870", "abcde", "78745-12", "78 745", ""]) {
    assert.deepEqual(zipPlace(typed, places), { error: `“${typed.trim()}” is not a ZIP code. Enter 5 digits, like 78701.` }, typed);
  }
  for (const code of pf.outside) {
    assert.deepEqual(zipPlace(code, places), {
      error: `ZIP code ${code} is outside the area this directory covers (within 20 miles of downtown Austin). Try a ZIP code nearer Austin, or choose a city.`,
    });
  }
});

test("a crafted ZIP of 30,000 characters is quoted by its first 40", () => {
  const { error } = zipPlace("7".repeat(30_000) + "<b>x</b>", places);
  assert.equal(error, `“${"7".repeat(40)}…” is not a ZIP code. Enter 5 digits, like 78701.`);
});

test("a town, whatever its case, is its centroid under its own name", () => {
  const { place } = cityPlace(" round ROCK ", places);
  const t = places.towns.get("round rock");
  assert.deepEqual(place, { kind: "city", value: "Round Rock", lat: t.lat, lon: t.lon });
  assert.equal(withinText(place, 10), "within 10 miles of Round Rock");
  assert.deepEqual(cityPlace("Atlantis", places), { error: "“Atlantis” is not in our list of towns. Choose a city or town from the list." });
});

test("the browser's position, and what to say when there is none", () => {
  const here = herePlace({ latitude: 30.5083, longitude: -97.6789, accuracy: 20 });
  assert.deepEqual(here, { kind: "here", lat: 30.5083, lon: -97.6789 });
  assert.equal(withinText(here, 5), "within 5 miles of your location");
  assert.equal(locationError(), "This browser cannot share your location. Enter a ZIP code or choose a city instead.");
  assert.equal(locationError(1), "Your location was not shared (permission refused). Enter a ZIP code or choose a city instead.");
  for (const code of [2, 3]) assert.equal(locationError(code), "Your location is not available right now. Enter a ZIP code or choose a city instead.");
});

test("a search takes at most 12 words and 200 characters", () => {
  const words = Array.from({ length: 5000 }, (_, i) => `dbt${i}`).join(" ");
  assert.equal(boundedQuery(words), Array.from({ length: 12 }, (_, i) => `dbt${i}`).join(" "));
  assert.equal(boundedQuery("  family   therapy\n"), "family therapy");
  assert.equal(boundedQuery("x".repeat(30_000)), "x".repeat(200));
  assert.equal(boundedQuery(`${"y".repeat(150)} ${"z".repeat(150)}`), `${"y".repeat(150)} ${"z".repeat(49)}`);
  assert.equal(boundedQuery(""), "");
});

test("echo quotes 40 characters at most", () => {
  assert.equal(echo("a".repeat(40)), "a".repeat(40));
  assert.equal(echo("a".repeat(41)), `${"a".repeat(40)}…`);
});
