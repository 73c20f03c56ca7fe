/* The quick exit ("Leave this site quickly", [data-quick-exit] in the header), as
   GOV.UK's "Exit this page" works: one click, or Shift pressed three times anywhere,
   replaces this page with a neutral site. location.replace takes this page out of the
   tab's history, so Back does not come back to it. The visitor asked for that
   navigation; the page requests nothing from that site by itself.

   Without JavaScript the control is still a plain link to the same site. */
import { ngettext } from "../i18n/i18n.js";
import { shiftCounter } from "./keys.js";

function leave(href) {
  // No Referer: the neutral site must not learn which site the visitor left.
  const meta = document.createElement("meta");
  meta.name = "referrer";
  meta.content = "no-referrer";
  document.head.append(meta);
  window.location.replace(href);
}

export function initQuickExit(announce) {
  const first = document.querySelector("[data-quick-exit]");
  if (!first || !/^https?:$/.test(new URL(first.href, document.baseURI).protocol)) return;
  const target = first.href;

  // Any click (a middle or Ctrl click too: a new tab would leave this one showing).
  const onClick = (event) => {
    const link = event.target.closest?.("[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    leave(target);
  };
  document.addEventListener("click", onClick);
  document.addEventListener("auxclick", onClick);

  const feed = shiftCounter();
  document.addEventListener("keydown", feed, true);
  document.addEventListener("keyup", (event) => {
    const result = feed(event);
    if (result?.exit) leave(target);
    else if (result) announce(ngettext("Shift pressed. Press it {count} more time to leave this site.", "Shift pressed. Press it {count} more times to leave this site.", result.left));
  }, true);
}
