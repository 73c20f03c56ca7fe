/* The share link: the list travels in the URL's fragment, /shortlist/#programs=a,b,c.
   Browsers never send the fragment to a server (nor in a Referer), so opening the link
   on another device tells the site's server only that /shortlist/ was opened. Slugs
   only, no names: a link is written by anyone, so the page shows the names from the
   site's own data. No DOM. */
import { MAX_ITEMS, MAX_SLUG, isSlug } from "./store.js";

const KEY = "programs";
// Longer fragments are not a link this site made (24 slugs of 80 characters and commas).
export const MAX_FRAGMENT = KEY.length + 2 + MAX_ITEMS * (MAX_SLUG + 3);

export const encodeFragment = (slugs) => `#${KEY}=${slugs.filter(isSlug).slice(0, MAX_ITEMS).join(",")}`;

/* The slugs a fragment ("#programs=a,b" or location.hash) carries: {slugs, dropped},
   where dropped counts the entries that were not a slug, repeated, or past MAX_ITEMS.
   null when the fragment is not a shared list at all (empty, an anchor such as
   "#compare", too long, not decodable). */
export function decodeFragment(hash) {
  if (typeof hash !== "string" || hash.length > MAX_FRAGMENT * 3) return null;
  let text = hash.startsWith("#") ? hash.slice(1) : hash;
  try { text = decodeURIComponent(text); } catch { return null; }
  if (text.length > MAX_FRAGMENT || !text.startsWith(`${KEY}=`)) return null;
  const parts = text.slice(KEY.length + 1).split(",").map((s) => s.trim()).filter(Boolean);
  const slugs = [];
  for (const part of parts) {
    if (isSlug(part) && !slugs.includes(part) && slugs.length < MAX_ITEMS) slugs.push(part);
  }
  return { slugs, dropped: parts.length - slugs.length };
}

// The link to the shortlist page `pageUrl` (absolute, any fragment or query dropped).
export function shareUrl(pageUrl, slugs) {
  const url = new URL(pageUrl);
  url.hash = "";
  url.search = "";
  return url.href + encodeFragment(slugs);
}
