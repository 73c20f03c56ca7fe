// share.js: the list in a link's fragment, and what a hostile or mangled fragment gives
// (expectations written by hand from the format: #programs=<slug>,<slug>,...).
import { test } from "node:test";
import assert from "node:assert/strict";

import { MAX_FRAGMENT, decodeFragment, encodeFragment, shareUrl } from "../../theme/assets/shortlist/share.js";
import { MAX_ITEMS } from "../../theme/assets/shortlist/store.js";

test("a list makes a fragment that reads back the same, in order", () => {
  const slugs = ["limestone-ledge-recovery", "lakeway-evening-iop", "prickly-pear-telehealth-iop"];
  assert.equal(encodeFragment(slugs), "#programs=limestone-ledge-recovery,lakeway-evening-iop,prickly-pear-telehealth-iop");
  assert.deepEqual(decodeFragment(encodeFragment(slugs)), { slugs, dropped: 0 });
  assert.deepEqual(decodeFragment("programs=a"), { slugs: ["a"], dropped: 0 }, "without the #");
});

test("the link is the page's address with the fragment; its query and old fragment go", () => {
  assert.equal(shareUrl("https://example.org/dir/shortlist/?utm=x#programs=old", ["a", "b"]),
    "https://example.org/dir/shortlist/#programs=a,b");
  assert.equal(shareUrl("http://127.0.0.1:8000/shortlist/", []), "http://127.0.0.1:8000/shortlist/#programs=");
});

test("what is not a shared list is null: empty, an anchor, undecodable, not text", () => {
  for (const hash of ["", "#", "#shortlist-compare-title", "#programs", "#Programs=a", "#list=a,b", "#%E0%A4%A",
    "#programs=%", undefined, null, 42, { hash: "#programs=a" }]) {
    assert.equal(decodeFragment(hash), null, String(hash));
  }
});

test("an empty shared list is a list (the page says it holds no program)", () => {
  assert.deepEqual(decodeFragment("#programs="), { slugs: [], dropped: 0 });
  assert.deepEqual(decodeFragment("#programs=,,,"), { slugs: [], dropped: 0 });
});

test("entries that are not slugs are dropped and counted; the rest keep their order", () => {
  const hostile = "#programs=a,<script>alert(1)</script>,javascript:alert(1),../../admin,b,A,a,%3Cimg%20src%3Dx%3E,c";
  assert.deepEqual(decodeFragment(hostile), { slugs: ["a", "b", "c"], dropped: 6 });
  // Percent-encoded commas and spaces around entries, as some apps rewrite links.
  assert.deepEqual(decodeFragment("#programs%3Da%2Cb%2C%20c"), { slugs: ["a", "b", "c"], dropped: 0 });
  assert.deepEqual(decodeFragment("#programs=__proto__,constructor,prototype"), { slugs: ["constructor", "prototype"], dropped: 1 });
});

test("at most MAX_ITEMS programs; a fragment longer than any this site makes is refused", () => {
  const many = Array.from({ length: MAX_ITEMS + 6 }, (_, i) => `p${i}`);
  const read = decodeFragment(`#programs=${many.join(",")}`);
  assert.equal(read.slugs.length, MAX_ITEMS);
  assert.equal(read.dropped, 6);
  assert.equal(encodeFragment(many), `#programs=${many.slice(0, MAX_ITEMS).join(",")}`);
  const longest = Array.from({ length: MAX_ITEMS }, (_, i) => `${"x".repeat(77)}${String(i).padStart(3, "0")}`);
  assert.equal(decodeFragment(encodeFragment(longest)).slugs.length, MAX_ITEMS, "the longest link the site makes");
  assert.equal(decodeFragment(`#programs=${"a,".repeat(MAX_FRAGMENT)}`), null);
  assert.equal(decodeFragment(`#programs=${"%41".repeat(MAX_FRAGMENT * 2)}`), null);
});

test("encoding leaves out anything that is not a slug", () => {
  assert.equal(encodeFragment(["a", "<b>", "c d", "e"]), "#programs=a,e");
});
