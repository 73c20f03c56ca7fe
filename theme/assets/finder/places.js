/* Where from: a ZIP code or a town turned into coordinates through places.json (decoded
   by data.js), and what to say when that fails (no DOM). Each function returns
   {place} or {error}; a place is {kind: "zip" | "city" | "here", value, lat, lon}. */
import { echo } from "./text.js";

export function zipPlace(raw, places) {
  const value = raw.trim();
  const m = /^(\d{5})(-?\d{4})?$/.exec(value);
  if (!m) return { error: `“${echo(value)}” is not a ZIP code. Enter 5 digits, like 78701.` };
  const z = places.zips.get(m[1]);
  if (!z) {
    return { error: `ZIP code ${m[1]} is outside the area this directory covers (within ${places.radius} miles of downtown Austin). Try a ZIP code nearer Austin, or choose a city.` };
  }
  return { place: { kind: "zip", value: m[1], lat: z.lat, lon: z.lon, city: z.city } };
}

export function cityPlace(name, places) {
  const t = places.towns.get(name.trim().toLowerCase());
  if (!t) return { error: `“${echo(name)}” is not in our list of towns. Choose a city or town from the list.` };
  return { place: { kind: "city", value: t.name, lat: t.lat, lon: t.lon } };
}

// The browser's position; its coordinates never go into the URL ("from=here").
export const herePlace = (coords) => ({ kind: "here", lat: coords.latitude, lon: coords.longitude });

// What the results line calls the place.
export const placeLabel = (p) => p.kind === "zip" ? `ZIP code ${p.value} (${p.city})` : p.kind === "city" ? p.value : "your location";

// When the browser does not give its position (code: GeolocationPositionError's, or
// undefined when the browser has no geolocation at all).
export function locationError(code) {
  if (code === undefined) return "This browser cannot share your location. Enter a ZIP code or choose a city instead.";
  return code === 1 ?
    "Your location was not shared (permission refused). Enter a ZIP code or choose a city instead." :
    "Your location is not available right now. Enter a ZIP code or choose a city instead.";
}
