/* The finder's state in the page's URL, so that a search can be bookmarked or shared:
   ?zip=78745 (or city=Round+Rock, or from=here: coordinates never go into the URL),
   radius= when it is not the default, one parameter per chosen filter value, q= the
   words. Pure functions over URLSearchParams; the history calls are finder.js's. */
import { FACETS } from "./facets.js";

/* What a query asks for. `radii` are the radius options' values (strings); another
   radius gives the default. `place` is {kind, value} (kind "here" has no value) or
   null, for places.js to resolve; `zip` is what the ZIP box shows. */
export function readQuery(p, { radii, defaultRadius }, facets = FACETS) {
  const chosen = {};
  for (const f of facets) chosen[f.key] = f.read ? f.read(p) : p.getAll(f.key);
  const radius = p.get("radius");
  let place = null;
  if (p.has("zip")) place = { kind: "zip", value: p.get("zip") };
  else if (p.has("city")) place = { kind: "city", value: p.get("city") };
  else if (p.get("from") === "here") place = { kind: "here" };
  return {
    place, chosen, zip: p.get("zip") || "", q: p.get("q") || "",
    radius: radii.includes(radius) ? radius : defaultRadius,
  };
}

/* The query string (without "?") for a state: `place` as places.js gives it (or null),
   `radius` and `defaultRadius` as strings, `chosen` key -> values, `q` the words. */
export function writeQuery({ place, radius, defaultRadius, chosen, q }, facets = FACETS) {
  const p = new URLSearchParams();
  if (place?.kind === "here") p.set("from", "here");
  else if (place) p.set(place.kind, place.value);
  if (radius !== defaultRadius) p.set("radius", radius);
  for (const f of facets) for (const v of chosen[f.key] || []) p.append(f.key, v);
  if (q) p.set("q", q);
  return p.toString();
}
