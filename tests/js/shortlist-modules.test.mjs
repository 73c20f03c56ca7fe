// The shortlist's modules as the browser loads them: site.js (every page) and page.js
// (/shortlist/) are the entries; every import is a module beside it; every module is
// reached from an entry; the pure modules never touch the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";

const DIR = new URL("../../theme/assets/shortlist/", import.meta.url);
const modules = readdirSync(DIR).filter((name) => name.endsWith(".js")).sort();
const source = (name) => readFileSync(new URL(name, DIR), "utf8");
// The code without comments and the text of strings.
const code = (name) => source(name).replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "")
  .replace(/(["'`])(?:\\.|(?!\1)[^\\])*\1/g, '""');
const imports = (name) => [...source(name).matchAll(/(?:^|;)\s*(?:import\s*|(?:import|export)\s[^;=(]*?\bfrom\s*)["']([^"']+)["']/gm)].map((m) => m[1]);
const DOM = new Set(["site.js", "page.js", "toggle.js", "exit.js", "local.js"]);
const PURE = ["store.js", "share.js", "compare.js", "keys.js"];

test("every import is a module beside it, and every module is reached from an entry", () => {
  const seen = new Set(), queue = ["site.js", "page.js"];
  while (queue.length) {
    const name = queue.pop();
    if (seen.has(name)) continue;
    seen.add(name);
    for (const spec of imports(name)) {
      // Beside it, the shared pure modules in ../common/ (see common.test.mjs), or the
      // interface texts every script shares (../i18n/i18n.js).
      assert.match(spec, /^(?:\.\/[a-z-]+|\.\.\/common\/[a-z-]+|\.\.\/i18n\/i18n)\.js$/, `${name} imports ${spec}`);
      assert.ok(existsSync(new URL(spec, DIR)), `${name} imports ${spec}, which is missing`);
      if (spec.startsWith("./")) queue.push(spec.slice(2));
    }
  }
  assert.deepEqual([...seen].sort(), modules);
  assert.deepEqual(modules.filter((m) => !DOM.has(m)).sort(), [...PURE].sort());
});

test("the pure modules never touch the page, the network or the storage", () => {
  const words = /\b(document|window|history|location|navigator|fetch|localStorage|sessionStorage|XMLHttpRequest|performance)\b/;
  for (const name of PURE) assert.doesNotMatch(code(name), words, name);
});

test("nothing is imported at run time, nothing evaluated, no HTML from values", () => {
  for (const name of modules) {
    assert.doesNotMatch(code(name), /\bimport\s*\(/, name);
    assert.doesNotMatch(code(name), /\beval\s*\(|new Function|innerHTML|outerHTML|insertAdjacentHTML|document\.write/, name);
  }
});

test("only local.js names the storage; only exit.js navigates away", () => {
  for (const name of modules) {
    if (name !== "local.js") assert.doesNotMatch(code(name), /\b(localStorage|sessionStorage)\b/, name);
    if (name !== "exit.js") assert.doesNotMatch(code(name), /location\.(replace|assign|href\s*=)/, name);
  }
});
