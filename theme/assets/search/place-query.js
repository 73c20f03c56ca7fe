/* A search for a place: "78745", "zip 78745", "Round Rock" or "round rock, tx" is someone
   looking for programs near there, which the finder answers better than a text search.
   Pure (no DOM): search.js shows the finder link, node --test checks the matching. */

import { gettext as _ } from "../i18n/i18n.js";

const ZIP = /(?:^|\s)(\d{5})(?:-\d{4})?(?=\s|$)/;
// "Round Rock, TX", "Round Rock Texas": the state adds nothing in a one-state directory.
const STATE = /[\s,]+(?:tx|texas)\.?$/i;
const MAX_TOWN_CHARS = 40;

const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
  .replace(/[\s,.'’-]+/g, " ").trim();

/** The place a search term names, as {kind: "zip" | "city", value}, or null. `towns` are
    the area's town names (places.json's `cities`); a ZIP needs none. */
export function placeQuery(term, towns = []) {
  const text = String(term || "").slice(0, 200).trim();
  const zip = ZIP.exec(text);
  if (zip) return { kind: "zip", value: zip[1] };
  if (!text || text.length > MAX_TOWN_CHARS || /\d/.test(text)) return null;
  const wanted = fold(text.replace(STATE, ""));
  if (!wanted) return null;
  const town = towns.find((name) => fold(name) === wanted);
  return town ? { kind: "city", value: town } : null;
}

/** Whether a term could name a town, so the town list is worth loading for it. */
export function mayBeTown(term) {
  const text = String(term || "").trim();
  return text.length >= 3 && text.length <= MAX_TOWN_CHARS && !/\d/.test(text);
}

/** The finder's address for a place, from the finder page's URL. */
export function finderHref(place, findUrl) {
  const url = new URL(findUrl);
  url.search = new URLSearchParams({ [place.kind]: place.value }).toString();
  return url.href;
}

/** What the link says. */
export function placeLinkText(place) {
  return place.kind === "zip" ? _("Find programs near ZIP code {zip}", { zip: place.value }) :
    _("Find programs near {town}", { town: place.value });
}
