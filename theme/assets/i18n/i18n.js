/* The browser code's interface texts in the page's language.

   English is the source language: a message's id is its English text, so with no
   catalogue (English pages, Node's tests) every text is itself. A text's parameters are
   written {name} and filled from the object passed with it. The build writes one
   catalogue per other language, assets/i18n/<lang>.json, from the same gettext .po files
   the templates use (`make translations` extracts these calls with Babel):
     {lang, plural: CLDR plural categories in the .po's order of forms,
      messages: {id: text, or [form, ...] for an ngettext id}, labels: {group: {value:
      label}}, stale_after: the staleness period worded, number: {decimal: ",", group: "."}}
   No DOM and no fetch at import: the entry modules call loadCatalogue() first. */

const ENGLISH = Object.freeze({ lang: "en", plural: ["one", "other"], messages: {}, labels: {} });
let catalogue = ENGLISH;
let pluralRules = new Intl.PluralRules("en");

export function useCatalogue(next) {
  catalogue = next && next.messages ? { ...ENGLISH, ...next } : ENGLISH;
  pluralRules = new Intl.PluralRules(catalogue.lang);
}

// The page's language (BCP 47), as <html lang> gives it.
export const language = () => catalogue.lang;
// The catalogue's own entries beyond the messages (labels, stale_after).
export const catalogueField = (name) => catalogue[name];

const fill = (text, params) => params ?
  text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole)) : text;

export function gettext(id, params) {
  const text = catalogue.messages[id];
  return fill(typeof text === "string" && text ? text : id, params);
}

/* `count` picks the form (CLDR plural rules of the language) and fills {count}, written
   as the language writes numbers, unless `params` gives its own. */
export function ngettext(singular, plural, count, params) {
  const forms = catalogue.messages[singular];
  let text = count === 1 ? singular : plural;
  if (Array.isArray(forms) && forms.length) {
    const form = catalogue.plural.indexOf(pluralRules.select(count));
    text = forms[form >= 0 && form < forms.length ? form : forms.length - 1] || text;
  }
  return fill(text, { count: formatNumber(count), ...params });
}

/* As the language writes numbers: 2.5 -> "2.5", "2,5"; 1200 -> "1,200", "1.200"; with
   `digits`, that many decimals (4.25, 1 -> "4.3", "4,3"). The symbols are the build's,
   from Babel's CLDR data as the program pages use them; Intl.NumberFormat is not used
   because setting one up costs a phone tens of milliseconds before the first results. */
export function formatNumber(value, digits) {
  const { decimal = ".", group = "," } = catalogue.number || {};
  const fixed = digits === undefined ? String(Math.round(Math.abs(value) * 100) / 100) : Math.abs(value).toFixed(digits);
  const [whole, fraction] = fixed.split(".");
  return (value < 0 ? "-" : "") + whole.replace(/\B(?=(\d{3})+(?!\d))/g, group) + (fraction ? decimal + fraction : "");
}

/* Loads the catalogue of the page's language from the folder `base` (a URL), once per
   page; English pages fetch nothing. A failed fetch leaves the texts in English rather
   than leaving the page without them. */
let loading = null;
export function loadCatalogue(base, lang = globalThis.document?.documentElement.lang || "en") {
  if (!loading) {
    const code = lang.toLowerCase().split("-")[0];
    loading = code === "en" ? Promise.resolve() :
      fetch(new URL(`${code}.json`, base), { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : null))
        .then(useCatalogue, () => useCatalogue(null));
  }
  return loading;
}

// Marks a text for the catalogue where it is defined; gettext(text) translates it where
// it is shown, once the catalogue has loaded (tables built at import time).
export const N_ = (id) => id;
