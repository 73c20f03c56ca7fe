// The finder's modules as the browser loads them: finder.js is the entry; every import is
// a relative path to a module beside it or to ../i18n/i18n.js (no package, no other host); every module is
// reached from the entry; the pure modules never touch the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";

const DIR = new URL("../../theme/assets/finder/", import.meta.url);
const modules = readdirSync(DIR).filter((name) => name.endsWith(".js")).sort();
const source = (name) => readFileSync(new URL(name, DIR), "utf8");
// import "x"; import ... from "x"; export ... from "x"
const imports = (name) => [...source(name).matchAll(/(?:^|;)\s*(?:import\s*|(?:import|export)\s[^;=(]*?\bfrom\s*)["']([^"']+)["']/gm)].map((m) => m[1]);
// Modules that may use the page (document, window, history, location, navigator, fetch).
const DOM = new Set(["finder.js", "view.js", "words.js"]);

test("every import is a module beside it, and every module is reached from finder.js", () => {
  assert.ok(modules.includes("finder.js") && modules.length >= 8, modules.join(" "));
  const seen = new Set(), queue = ["finder.js"];
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
});

test("the pure modules never touch the page", () => {
  const words = /\b(document|window|history|location|navigator|fetch|localStorage|performance)\b/;
  for (const name of modules.filter((m) => !DOM.has(m))) {
    // Without comments and the text of strings (messages say "your location").
    const code = source(name).replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "")
      .replace(/(["'`])(?:\\.|(?!\1)[^\\])*\1/g, '""');
    assert.doesNotMatch(code, words, name);
  }
});

test("only words.js imports at run time, and only Pagefind", () => {
  for (const name of modules) {
    const dynamic = [...source(name).matchAll(/\bimport\s*\(/g)].length;
    assert.equal(dynamic, name === "words.js" ? 1 : 0, name);
  }
});
