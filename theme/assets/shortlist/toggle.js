/* The save toggles, the header's count and the announcements, on any page.

   Any element [data-shortlist-toggle="<slug>"] becomes a toggle: a <button> itself, any
   other element (a finder card) gets one appended. Its name is the element's
   data-shortlist-name, else its first heading. The button says "Save to shortlist" (its
   accessible name adds the program's), and aria-pressed tells whether it is saved.
   Clicks are handled once for the whole document and a MutationObserver enhances
   elements added later (the finder's cards), so no page needs to call anything. */
import { gettext as _, ngettext } from "../i18n/i18n.js";
import { available, onChange, readList, writeList } from "./local.js";
import { MAX_ITEMS, add, cleanName, has, isSlug, remove } from "./store.js";

const TOGGLE = "[data-shortlist-toggle]";
const BUTTON = "[data-shortlist-button]";
let live = null;

// Says `message` to screen readers through one polite live region.
export function announce(message) {
  if (!live) return;
  live.textContent = "";
  // A moment later, so that the same message twice is read twice.
  setTimeout(() => { live.textContent = message; }, 50);
}

function nameOf(holder) {
  const given = cleanName(holder.dataset.shortlistName || "");
  if (given) return given;
  const heading = holder.tagName === "BUTTON" ? null : holder.querySelector("h1, h2, h3, h4, h5, h6");
  return cleanName(heading ? heading.textContent : "");
}

// Makes `holder` a toggle; true when it was not one (or not for this slug) before.
function enhance(holder) {
  const slug = holder.dataset.shortlistToggle;
  if (!isSlug(slug)) return false;
  let button = holder.matches("button") ? holder : holder.querySelector(`:scope > ${BUTTON}`);
  if (!button) {
    button = document.createElement("button");
    holder.append(button);
  }
  const fresh = button.dataset.shortlistButton !== slug;
  if (fresh) {
    button.type = "button";
    button.dataset.shortlistButton = slug;
    button.classList.add("iop-shortlist-toggle");
    const icon = document.createElement("span"), label = document.createElement("span");
    icon.className = "iop-shortlist-toggle__icon";
    icon.setAttribute("aria-hidden", "true");
    label.textContent = _("Save to shortlist");
    // Which program, for screen readers; the name starts with the words shown.
    const name = nameOf(holder);
    if (name) button.setAttribute("aria-label", _("Save to shortlist: {name}", { name }));
    else button.removeAttribute("aria-label");
    button.replaceChildren(icon, label);
  }
  holder.hidden = false;
  button.hidden = false;
  return fresh;
}

// Text set only when it changes: the observer below sees every change to the page.
function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

// Every toggle's state and every count, as the stored list says.
function sync(items = readList()) {
  for (const button of document.querySelectorAll(BUTTON)) {
    const pressed = has(items, button.dataset.shortlistButton);
    if (button.getAttribute("aria-pressed") !== String(pressed)) button.setAttribute("aria-pressed", String(pressed));
    setText(button.querySelector(".iop-shortlist-toggle__icon"), pressed ? "★" : "☆");
  }
  for (const count of document.querySelectorAll("[data-shortlist-count]")) setText(count, String(items.length));
  for (const link of document.querySelectorAll("[data-shortlist-count-link]")) link.hidden = false;
}

// Enhances the toggles in `root`; true when there was a new one.
function scan(root) {
  if (root.nodeType !== 1) return false;
  let found = root.matches(TOGGLE) && enhance(root);
  for (const holder of root.querySelectorAll(TOGGLE)) found = enhance(holder) || found;
  return found;
}

function toggle(button) {
  const slug = button.dataset.shortlistButton;
  if (!isSlug(slug)) return;
  const holder = button.closest(TOGGLE) || button;
  const name = nameOf(holder) || _("This program");
  const items = readList();
  if (has(items, slug)) {
    const next = remove(items, slug);
    writeList(next);
    announce(ngettext("Removed {name} from your shortlist. {count} program saved.", "Removed {name} from your shortlist. {count} programs saved.", next.length, { name }));
    return;
  }
  if (items.length >= MAX_ITEMS) {
    announce(ngettext("Your shortlist is full ({count} program). Remove one on the shortlist page first.", "Your shortlist is full ({count} programs). Remove one on the shortlist page first.", MAX_ITEMS));
    return;
  }
  const next = add(items, slug, nameOf(holder));
  if (!writeList(next)) {
    announce(_("This browser does not let the site keep a list, so nothing was saved."));
    return;
  }
  announce(ngettext("Saved {name} to your shortlist. {count} program saved.", "Saved {name} to your shortlist. {count} programs saved.", next.length, { name }));
}

export function initToggles() {
  live = document.createElement("div");
  live.className = "iop-visually-hidden";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.dataset.shortlistLive = "";
  document.body.append(live);
  if (!available) return; // toggles and the count stay hidden: nothing could be kept

  document.addEventListener("click", (event) => {
    const button = event.target.closest?.(BUTTON);
    if (button) toggle(button);
  });
  const rescan = (records) => {
    let found = false;
    for (const r of records) {
      if (r.type === "attributes") found = scan(r.target) || found;
      else for (const node of r.addedNodes) found = scan(node) || found;
    }
    if (found) sync();
  };
  new MutationObserver(rescan).observe(document.body, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["data-shortlist-toggle"],
  });
  scan(document.body);
  sync();
  onChange(() => sync());
}
