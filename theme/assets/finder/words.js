/* The word box, through Pagefind's index of the site's pages: its script is imported
   from the site's own /pagefind/ folder the first time a word is looked for, never
   before, and the search runs in this browser. */
import { bitsFromCounts, bitsFromUrls } from "./ranking.js";

const TEXT_CAP = 300; // Pagefind fragments fetched at most, when pages carry no `program` filter

/* A function q -> Promise of one bit per program of `data` (1: its page has the words).
   pagefindHref is pagefind.js's absolute URL; pageBase resolves the pages' URLs. */
export function wordSearch(data, pagefindHref, pageBase) {
  let pagefind = null;
  return async (q) => {
    if (!pagefind) pagefind = import(pagefindHref);
    const pf = await pagefind;
    // Fast path: when program pages carry data-pagefind-filter="program:<slug>", the
    // search's filter counts name the matching programs without fetching one
    // fragment per result. Pagefind counts filters only once they are loaded.
    const hasProgram = "program" in ((await pf.filters()) || {});
    const found = await pf.search(q);
    const bySlug = found.filters?.program;
    if (hasProgram && bySlug) return bitsFromCounts(data, bySlug);
    const pages = await Promise.all(found.results.slice(0, TEXT_CAP).map((r) => r.data()));
    return bitsFromUrls(data, pages.map((page) => page.url), pageBase);
  };
}
