import { test } from "node:test";
import assert from "node:assert/strict";
import { finderHref, mayBeTown, placeLinkText, placeQuery } from "../../theme/assets/search/place-query.js";

const TOWNS = ["Austin", "Cedar Park", "Round Rock", "San Marcos"];

test("a five-digit ZIP, alone or among words, is a place", () => {
  assert.deepEqual(placeQuery("78745", TOWNS), { kind: "zip", value: "78745" });
  assert.deepEqual(placeQuery(" iop near 78745 ", TOWNS), { kind: "zip", value: "78745" });
  assert.deepEqual(placeQuery("78745-1234"), { kind: "zip", value: "78745" });
});

test("numbers that are not ZIP codes are not places", () => {
  for (const term of ["7874", "787451", "512-472-4357", "30 days", "a78745"]) {
    assert.equal(placeQuery(term, TOWNS), null, term);
  }
});

test("a town matches whatever its case, accents, punctuation or a trailing state", () => {
  assert.deepEqual(placeQuery("round rock", TOWNS), { kind: "city", value: "Round Rock" });
  assert.deepEqual(placeQuery("Round Rock, TX", TOWNS), { kind: "city", value: "Round Rock" });
  assert.deepEqual(placeQuery("san  marcos texas", TOWNS), { kind: "city", value: "San Marcos" });
  assert.deepEqual(placeQuery("Cédar-Park", TOWNS), { kind: "city", value: "Cedar Park" });
});

test("words that only contain a town are a text search", () => {
  assert.equal(placeQuery("austin teen program", TOWNS), null);
  assert.equal(placeQuery("rock", TOWNS), null);
  assert.equal(placeQuery("", TOWNS), null);
  assert.equal(placeQuery("Austin"), null); // no town list yet
});

test("the town list is loaded only for terms that could be towns", () => {
  assert.equal(mayBeTown("Round Rock"), true);
  assert.equal(mayBeTown("78745"), false);
  assert.equal(mayBeTown("ab"), false);
  assert.equal(mayBeTown("x".repeat(41)), false);
});

test("the finder link carries the place in its query", () => {
  const find = "https://dir.example.org/find/";
  assert.equal(finderHref({ kind: "zip", value: "78745" }, find), "https://dir.example.org/find/?zip=78745");
  assert.equal(finderHref({ kind: "city", value: "Round Rock" }, find), "https://dir.example.org/find/?city=Round+Rock");
  assert.equal(placeLinkText({ kind: "zip", value: "78745" }), "Find programs near ZIP code 78745");
  assert.equal(placeLinkText({ kind: "city", value: "Round Rock" }), "Find programs near Round Rock");
});
