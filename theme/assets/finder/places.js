/* Where from: a ZIP code or a town turned into coordinates through places.json (decoded
   by data.js), and what to say when that fails (no DOM). Each function returns
   {place} or {error}; a place is {kind: "zip" | "city" | "here", value, lat, lon}. */
import { gettext as _ } from "../i18n/i18n.js";
import { echo } from "./text.js";

export function zipPlace(raw, places) {
  const value = raw.trim();
  const m = /^(\d{5})(-?\d{4})?$/.exec(value);
  if (!m) return { error: _("“{text}” is not a ZIP code. Enter 5 digits, like 78701.", { text: echo(value) }) };
  const z = places.zips.get(m[1]);
  if (!z) {
    return { error: _("ZIP code {zip} is outside the area this directory covers (within {radius} miles of downtown Austin). Try a ZIP code nearer Austin, or choose a city.", { zip: m[1], radius: places.radius }) };
  }
  return { place: { kind: "zip", value: m[1], lat: z.lat, lon: z.lon, city: z.city } };
}

export function cityPlace(name, places) {
  const t = places.towns.get(name.trim().toLowerCase());
  if (!t) return { error: _("“{text}” is not in our list of towns. Choose a city or town from the list.", { text: echo(name) }) };
  return { place: { kind: "city", value: t.name, lat: t.lat, lon: t.lon } };
}

// The browser's position; its coordinates never go into the URL ("from=here").
export const herePlace = (coords) => ({ kind: "here", lat: coords.latitude, lon: coords.longitude });

// The results line's "within 25 miles of ZIP code 78745 (Austin)", one text for each
// kind of place so that a language can word each its own way ("del código postal").
export function withinText(p, radius) {
  if (p.kind === "zip") return _("within {radius} miles of ZIP code {zip} ({city})", { radius, zip: p.value, city: p.city });
  if (p.kind === "city") return _("within {radius} miles of {town}", { radius, town: p.value });
  return _("within {radius} miles of your location", { radius });
}

// When the browser does not give its position (code: GeolocationPositionError's, or
// undefined when the browser has no geolocation at all).
export function locationError(code) {
  if (code === undefined) return _("This browser cannot share your location. Enter a ZIP code or choose a city instead.");
  return code === 1 ?
    _("Your location was not shared (permission refused). Enter a ZIP code or choose a city instead.") :
    _("Your location is not available right now. Enter a ZIP code or choose a city instead.");
}
