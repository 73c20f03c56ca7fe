// The browser code's interface texts (theme/assets/i18n/i18n.js): English as the source,
// parameters filled, plural forms chosen by the language's CLDR rules, numbers written
// as the language writes them, and the finder's words through a catalogue.
import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { N_, catalogueField, formatNumber, gettext, language, loadCatalogue, ngettext, useCatalogue } from "../../theme/assets/i18n/i18n.js";
import { distanceText, hoursText } from "../../theme/assets/finder/cards.js";
import { describe } from "../../theme/assets/finder/ranking.js";

// A catalogue shaped as generator/translations.py's browser_messages writes it, by hand.
const SPANISH = {
  lang: "es",
  plural: ["one", "many", "other"],
  messages: {
    "Filters": "Filtros",
    "Call {phone}": "Llamar al {phone}",
    "{count} program": ["{count} programa", "{count} de programas", "{count} programas"],
    "{count} mile": ["{count} milla", "{count} de millas", "{count} millas"],
    "{count} hour a day": ["{count} hora al día", "{count} de horas al día", "{count} horas al día"],
    "within {radius} miles of ZIP code {zip} ({city})": "a menos de {radius} millas del código postal {zip} ({city})",
    "Nearest first.": "Primero los más cercanos.",
    "Untranslated": "",
  },
  labels: { schedule: { evening: "Noche" } },
  stale_after: "12 meses",
  number: { decimal: ",", group: "." },
};

afterEach(() => useCatalogue(null));

test("without a catalogue every text is its English, with its parameters filled", () => {
  assert.equal(language(), "en");
  assert.equal(gettext("Filters"), "Filters");
  assert.equal(gettext("Call {phone}", { phone: "512-555-0142" }), "Call 512-555-0142");
  assert.equal(gettext("Keeps {unknown} as written"), "Keeps {unknown} as written");
  assert.equal(ngettext("{count} program", "{count} programs", 1), "1 program");
  assert.equal(ngettext("{count} program", "{count} programs", 0), "0 programs");
  assert.equal(ngettext("{count} program", "{count} programs", 1200), "1,200 programs");
  assert.equal(N_("Format"), "Format");
  assert.equal(formatNumber(1234567), "1,234,567");
  assert.equal(formatNumber(3.24, 1), "3.2");
  assert.equal(formatNumber(999), "999");
});

test("a Spanish catalogue translates, picks the plural form and writes Spanish numbers", () => {
  useCatalogue(SPANISH);
  assert.equal(language(), "es");
  assert.equal(gettext("Filters"), "Filtros");
  assert.equal(gettext("Call {phone}", { phone: "512-555-0142" }), "Llamar al 512-555-0142");
  assert.equal(gettext("Untranslated"), "Untranslated", "an empty entry leaves the English");
  assert.equal(gettext("Not in the catalogue"), "Not in the catalogue");
  assert.equal(ngettext("{count} program", "{count} programs", 1), "1 programa");
  assert.equal(ngettext("{count} program", "{count} programs", 3), "3 programas");
  assert.equal(ngettext("{count} program", "{count} programs", 0), "0 programas");
  // CLDR's "many" in Spanish: a million and more, round ("1 000 000 de programas").
  assert.equal(ngettext("{count} program", "{count} programs", 1000000), "1.000.000 de programas");
  assert.equal(formatNumber(4.25, 1), "4,3");
  assert.equal(formatNumber(2.5), "2,5");
  assert.equal(formatNumber(12345.678, 1), "12.345,7");
  assert.equal(formatNumber(-0.5, 1), "-0,5");
  assert.equal(catalogueField("stale_after"), "12 meses");
  assert.deepEqual(catalogueField("labels").schedule, { evening: "Noche" });
});

test("the finder's own words go through the catalogue", () => {
  useCatalogue(SPANISH);
  assert.equal(distanceText(3.24), "3,2 millas");
  assert.equal(distanceText(1.04), "1,0 milla");
  assert.equal(hoursText(2.5), "2,5 horas al día");
  const line = describe({ place: { kind: "zip", value: "78745", city: "Austin" }, radius: 25,
    words: { q: "", bits: null, failed: false }, nNear: 4, nTele: 0, filters: ["Noche"] });
  assert.equal(line.head, "4 programas a menos de 25 millas del código postal 78745 (Austin) · Noche");
  assert.equal(line.detail, "Primero los más cercanos.");
  useCatalogue(null);
  assert.equal(distanceText(1.04), "1.0 mile");
  assert.equal(distanceText(3.24), "3.2 miles");
});

test("an English page fetches no catalogue", async () => {
  const fetched = [];
  const saved = globalThis.fetch;
  globalThis.fetch = (url) => { fetched.push(String(url)); return Promise.reject(new Error("no")); };
  try {
    await loadCatalogue(new URL("https://example.invalid/assets/i18n/"), "en");
  } finally {
    globalThis.fetch = saved;
  }
  assert.deepEqual(fetched, []);
  assert.equal(gettext("Filters"), "Filters");
});
