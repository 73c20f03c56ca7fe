// store.js: what the shortlist keeps in localStorage, read back defensively (whatever
// another script, an older version or a curious visitor left there), the list's
// operations, the last place searched, and which keys "clear" removes. Expectations
// written by hand from the format in store.js's header.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  MAX_ITEMS, add, cleanName, has, isSlug, listKey, merge, move, parseList, parsePlace,
  placeFromQuery, placeKey, readItem, remove, serializeList, serializePlace, siteKeys, writeItem,
} from "../../theme/assets/shortlist/store.js";

const items = (...slugs) => slugs.map((slug) => ({ slug, name: "" }));
const stored = (list) => JSON.stringify({ v: 1, items: list });

test("the keys name the site's root, so two sites on one origin keep two lists", () => {
  assert.equal(listKey("/"), "iop-directory:/:shortlist");
  assert.equal(placeKey("/austin/"), "iop-directory:/austin/:place");
  assert.notEqual(listKey("/a/"), listKey("/b/"));
});

test("slugs follow the generator's rule: lower-case words and digits joined by single hyphens, at most 80", () => {
  for (const good of ["limestone-ledge-recovery", "a", "iop-2", "x".repeat(80)]) assert.ok(isSlug(good), good);
  for (const bad of ["", "A", "a--b", "-a", "a-", "a_b", "a/b", "../a", "a b", "x".repeat(81), "é", null, 3, ["a"], "<script>"]) {
    assert.equal(isSlug(bad), false, String(bad));
  }
});

test("a stored list reads back in order, with names", () => {
  const text = serializeList([{ slug: "b", name: "Bee" }, { slug: "a", name: "" }]);
  assert.deepEqual(JSON.parse(text), { v: 1, items: [{ s: "b", n: "Bee" }, { s: "a" }] });
  assert.deepEqual(parseList(text), [{ slug: "b", name: "Bee" }, { slug: "a", name: "" }]);
});

test("anything else stored under the key is an empty list, never an error", () => {
  for (const text of [null, "", "not json", "[]", "{}", "null", "42", '"text"', '{"v":2,"items":[{"s":"a"}]}',
    '{"v":1,"items":"a,b"}', '{"v":1,"items":{"0":{"s":"a"}}}', '{"v":"1","items":[{"s":"a"}]}']) {
    assert.deepEqual(parseList(text), [], String(text));
  }
});

test("entries that are not a slug, repeated or past the limit are dropped; names are cleaned", () => {
  const list = [{ s: "a" }, { s: "../../etc/passwd" }, null, 7, { s: "a", n: "again" }, { s: "UPPER" },
    { s: "b", n: " Line\u0000one\n\ttwo  " }, { s: "c", n: { html: "<b>" } }, { s: "d", n: "x".repeat(500) },
    { s: "__proto__" }, { s: "constructor" }];
  assert.deepEqual(parseList(stored(list)), [
    { slug: "a", name: "" }, { slug: "b", name: "Line one two" }, { slug: "c", name: "" },
    { slug: "d", name: "x".repeat(200) }, { slug: "constructor", name: "" },
  ]);
  const many = Array.from({ length: 40 }, (_, i) => ({ s: `p${i}` }));
  const read = parseList(stored(many));
  assert.equal(read.length, MAX_ITEMS);
  assert.equal(read.at(-1).slug, `p${MAX_ITEMS - 1}`);
});

test("cleanName keeps text on one line and bounded, whatever it is given", () => {
  assert.equal(cleanName("  Río   Verde\r\n& Co.\u0085 "), "Río Verde & Co.");
  assert.equal(cleanName("<img src=x onerror=alert(1)>"), "<img src=x onerror=alert(1)>"); // shown as text
  assert.equal(cleanName(undefined), "");
  assert.equal(cleanName(12), "");
});

test("add, remove, has: each slug once, valid slugs only, at most MAX_ITEMS", () => {
  let list = add([], "a", "Ay");
  list = add(list, "b");
  assert.deepEqual(list, [{ slug: "a", name: "Ay" }, { slug: "b", name: "" }]);
  assert.equal(add(list, "a", "again"), list, "a saved program is not saved twice");
  assert.equal(add(list, "Not A Slug"), list);
  assert.ok(has(list, "b") && !has(list, "c"));
  assert.deepEqual(remove(list, "a"), [{ slug: "b", name: "" }]);
  assert.equal(remove(list, "zzz"), list);
  const full = items(...Array.from({ length: MAX_ITEMS }, (_, i) => `p${i}`));
  assert.equal(add(full, "one-more"), full);
});

test("move: one place earlier or later; nothing moves past either end", () => {
  const list = items("a", "b", "c");
  assert.deepEqual(move(list, "c", -1).map((i) => i.slug), ["a", "c", "b"]);
  assert.deepEqual(move(list, "a", 1).map((i) => i.slug), ["b", "a", "c"]);
  assert.equal(move(list, "a", -1), list);
  assert.equal(move(list, "c", 1), list);
  assert.equal(move(list, "zzz", 1), list);
  assert.deepEqual(list.map((i) => i.slug), ["a", "b", "c"], "the list given is not changed");
});

test("merge keeps the visitor's list first and adds only what it lacks", () => {
  const mine = [{ slug: "a", name: "Ay" }], shared = items("b", "a", "c");
  assert.deepEqual(merge(mine, shared).map((i) => i.slug), ["a", "b", "c"]);
  assert.equal(merge(mine, shared)[0].name, "Ay");
});

test("the last place: a ZIP, a town, or a point with a label; nothing else", () => {
  const place = (p) => parsePlace(JSON.stringify({ v: 1, ...p }));
  assert.deepEqual(place({ kind: "zip", value: "78745" }), { kind: "zip", value: "78745" });
  assert.deepEqual(place({ kind: "city", value: " Round  Rock " }), { kind: "city", value: "Round Rock" });
  assert.deepEqual(place({ kind: "point", lat: 30.2, lon: -97.7 }), { kind: "point", lat: 30.2, lon: -97.7, label: "your location" });
  for (const bad of [{ kind: "zip", value: "7874" }, { kind: "zip", value: 78745 }, { kind: "zip", value: "78745-1234" },
    { kind: "city", value: "" }, { kind: "city", value: "x".repeat(101) }, { kind: "point", lat: 91, lon: 0 },
    { kind: "point", lat: "30", lon: "-97" }, { kind: "point", lat: NaN, lon: 0 }, { kind: "here" }, {}]) {
    assert.equal(place(bad), null, JSON.stringify(bad));
  }
  for (const text of [null, "", "{", '{"kind":"zip","value":"78745"}', "[]"]) assert.equal(parsePlace(text), null, String(text));
  assert.equal(serializePlace({ kind: "zip", value: "78745" }), '{"v":1,"kind":"zip","value":"78745"}');
  assert.equal(serializePlace({ kind: "zip", value: "nope" }), null);
  assert.equal(serializePlace(null), null);
});

test("the place a finder address names, read as the finder reads it (a ZIP before a town)", () => {
  assert.deepEqual(placeFromQuery("?zip=78745&radius=10"), { kind: "zip", value: "78745" });
  assert.deepEqual(placeFromQuery("?zip=78745-1234"), { kind: "zip", value: "78745" });
  assert.deepEqual(placeFromQuery("?city=Round+Rock&payment=medicaid"), { kind: "city", value: "Round Rock" });
  assert.deepEqual(placeFromQuery("?zip=78664&city=Austin"), { kind: "zip", value: "78664" });
  assert.deepEqual(placeFromQuery("?from=here"), { forget: true });
  // A ZIP the finder refuses names no place: the last good one stays.
  assert.equal(placeFromQuery("?zip=abc&city=Austin"), null);
  assert.equal(placeFromQuery("?payment=medicaid"), null);
  assert.equal(placeFromQuery(""), null);
});

test("clear removes this site's keys (the shortlist's and Material's), not another site's on the origin", () => {
  const keys = ["iop-directory:/:shortlist", "iop-directory:/:place", "/.__palette", "/.__tabs",
    "iop-directory:/other/:shortlist", "/other/.__palette", "someone-else", "__palette"];
  assert.deepEqual(siteKeys(keys, "/"), ["iop-directory:/:shortlist", "iop-directory:/:place", "/.__palette", "/.__tabs"]);
  assert.deepEqual(siteKeys(keys, "/other/"), ["iop-directory:/other/:shortlist", "/other/.__palette"]);
});

test("storage that throws (disabled, full) reads as nothing and reports a failed write", () => {
  const broken = { getItem() { throw new Error("SecurityError"); }, setItem() { throw new Error("QuotaExceededError"); }, removeItem() { throw new Error("x"); } };
  assert.equal(readItem(broken, "k"), null);
  assert.equal(writeItem(broken, "k", "v"), false);
  assert.equal(writeItem(broken, "k", null), false);
  const map = new Map(), working = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k) };
  assert.equal(writeItem(working, "k", "v"), true);
  assert.equal(readItem(working, "k"), "v");
  assert.equal(writeItem(working, "k", null), true);
  assert.equal(readItem(working, "k"), null);
});
