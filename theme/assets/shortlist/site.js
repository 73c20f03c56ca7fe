/* The shortlist's part of every page, loaded by the header (theme/material/partials/
   header.html) as a module:
     toggle.js   the save toggles, the header's count, the announcements
     exit.js     the quick exit (a click, or Shift three times)
     local.js    what the site keeps in this browser (store.js: its format, no DOM)
   and the buttons [data-shortlist-clear] ("Clear my saved list and searches"). On the
   finder's page it also remembers the place last searched (from the finder's own
   address: ?zip= or ?city=), for the shortlist's distances. */
import { gettext as _, loadCatalogue } from "../i18n/i18n.js";
import { ROOT, clearEverything, rememberPlace } from "./local.js";
import { placeFromQuery } from "./store.js";
import { announce, initToggles } from "./toggle.js";
import { initQuickExit } from "./exit.js";

// The quick exit at once; the toggles once their words are loaded in the page's language.
initQuickExit(announce);
await loadCatalogue(new URL("../i18n/", import.meta.url));
initToggles();

document.addEventListener("click", (event) => {
  if (!event.target.closest?.("[data-shortlist-clear]")) return;
  clearEverything();
  document.dispatchEvent(new CustomEvent("iop-shortlist-cleared"));
  announce(_("Cleared: your saved programs and your last search are no longer kept in this browser."));
});
for (const button of document.querySelectorAll("[data-shortlist-clear]")) button.hidden = false;

// The finder keeps its search in its address (it uses history.replaceState, which fires
// no event): read it now, when its results change and on Back and Forward.
const page = location.pathname.startsWith(ROOT.pathname) ? location.pathname.slice(ROOT.pathname.length) : "";
if (/^(?:[a-z]{2}\/)?find\/(index\.html)?$/.test(page)) { // the finder, in any language
  let last = null;
  const remember = () => {
    if (location.search === last) return;
    last = location.search;
    const place = placeFromQuery(location.search);
    if (place) rememberPlace(place);
  };
  remember();
  window.addEventListener("popstate", remember);
  new MutationObserver(remember).observe(document.body, { childList: true, subtree: true });
}
