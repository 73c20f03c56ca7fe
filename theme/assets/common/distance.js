/* Distance in miles between two points, the one formula the finder (ranking.js) and the
   shortlist (compare.js) both use, so a program is as far on one page as on the other.
   WGS-84: a flat earth with the ellipsoid's radii of curvature at the mean latitude,
   within 0.02% of the geodesic for the < 150-mile distances of one area. No DOM. */
const A = 6378137, E2 = 0.00669437999014, MILE = 1609.344, RAD = Math.PI / 180;

export function miles(lat1, lon1, lat2, lon2) {
  const m = (lat1 + lat2) * RAD / 2, s = Math.sin(m), w = 1 - E2 * s * s;
  const n = A / Math.sqrt(w), mer = n * (1 - E2) / w;
  const dx = n * Math.cos(m) * (lon2 - lon1) * RAD, dy = mer * (lat2 - lat1) * RAD;
  return Math.sqrt(dx * dx + dy * dy) / MILE;
}
