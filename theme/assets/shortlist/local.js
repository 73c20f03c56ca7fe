/* This site's storage in this browser (DOM side of store.js): the saved list and the last
   place searched, read and written under the site's prefix, and "clear everything".
   Storage may be missing or refuse writes (blocked by the visitor, full): then nothing
   is kept and `available` is false; no function throws.

   For the finder: rememberPlace({kind: "zip", value: "78745"}), {kind: "city", value},
   {kind: "point", lat, lon, label} (a place the browser located), or {forget: true}
   keeps the last place searched, from which /shortlist/ shows distances. */
import {
  keysOf, listKey, parseList, parsePlace, placeKey, prefixFor, readItem, serializeList,
  serializePlace, siteKeys, writeItem,
} from "./store.js";

// The site's root, from where this module is served (assets/shortlist/local.js).
export const ROOT = new URL("../../", import.meta.url);
const rootPath = ROOT.pathname;
export const CHANGE = "iop-shortlist-change";

function open(name) {
  try {
    const area = window[name], probe = `${prefixFor(rootPath)}probe`;
    area.setItem(probe, "1");
    area.removeItem(probe);
    return area;
  } catch { return null; }
}

const local = open("localStorage");
export const available = local !== null;

const changed = () => window.dispatchEvent(new CustomEvent(CHANGE));

export const readList = () => (local ? parseList(readItem(local, listKey(rootPath))) : []);

export function writeList(items) {
  const ok = local !== null && writeItem(local, listKey(rootPath), items.length ? serializeList(items) : null);
  changed();
  return ok;
}

export const readPlace = () => (local ? parsePlace(readItem(local, placeKey(rootPath))) : null);

export function rememberPlace(place) {
  if (!local || !place) return;
  const key = placeKey(rootPath);
  const text = place.forget ? null : serializePlace(place);
  if (!place.forget && text === null) return;
  if (readItem(local, key) !== text) writeItem(local, key, text);
}

/* Removes everything this site keeps in the browser: its keys in localStorage and in
   sessionStorage (the shortlist's and Material's), leaving another site's on the same
   origin alone. Returns how many entries went. */
export function clearEverything() {
  let removed = 0;
  for (const area of [local, open("sessionStorage")]) {
    if (!area) continue;
    for (const key of siteKeys(keysOf(area), rootPath)) if (writeItem(area, key, null)) removed++;
  }
  changed();
  return removed;
}

// fn() after any change here or in another tab of this site.
export function onChange(fn) {
  window.addEventListener(CHANGE, fn);
  window.addEventListener("storage", (e) => {
    if (e.key === null || e.key.startsWith(prefixFor(rootPath))) fn();
  });
}
