/* The shortlist page (/shortlist/, theme/templates/shortlist.html): the saved programs
   side by side (stacked on a phone), the rows where they differ marked, remove and
   reorder, the share link, the printed call sheet. The list is the browser's own
   (local.js), or the one a shared link carries in its fragment (share.js), which is
   shown without being kept until the visitor asks. Each saved program's file is
   fetched from this site; one that is not there any more is "no longer listed".
   Every value goes into the page as text. */
import { gettext as _, loadCatalogue, ngettext } from "../i18n/i18n.js";
import { ROOT, available, onChange, readList, readPlace, writeList } from "./local.js";
import { merge, move, remove } from "./store.js";
import { decodeFragment, shareUrl } from "./share.js";
import { callSheet, compareRows, differences, readRecord, resolvePlace } from "./compare.js";
import { announce } from "./toggle.js";

const app = document.getElementById("shortlist");
const $ = (name) => app.querySelector(`[data-shortlist-${name}]`);
const ui = {
  app: $("app"), shared: $("shared"), summary: $("summary"), empty: $("empty"), compare: $("compare"),
  differ: $("differ"), scroll: $("scroll"), list: $("list"), tools: $("tools"), share: $("share"),
  copy: $("copy"), print: $("print"), keep: $("keep"), sheets: $("sheets"), questions: $("questions"),
};
const dataUrl = new URL(app.dataset.dataUrl, location.href);
const placesUrl = new URL(app.dataset.placesUrl, location.href);
const records = new Map(); // slug -> record | "gone" | "failed"
let places; // the finder's places file, fetched once if a place needs it

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- which list ------------------------------------------------------------------
// {items, shared}: the fragment's list when the address carries one, else the stored one.
function current() {
  const fragment = decodeFragment(location.hash);
  if (fragment) return { items: fragment.slugs.map((slug) => ({ slug, name: "" })), shared: true, dropped: fragment.dropped };
  return { items: readList(), shared: false, dropped: 0 };
}

// Saves a changed list where it came from: the browser, or the shared link's fragment.
function save(list, items) {
  if (list.shared) history.replaceState(null, "", shareUrl(location.href, items.map((i) => i.slug)));
  else writeList(items);
}

// ---- data ------------------------------------------------------------------------
async function load(slug) {
  if (records.has(slug)) return records.get(slug);
  let value;
  try {
    const response = await fetch(new URL(`${slug}.json`, dataUrl), { credentials: "same-origin" });
    if (response.status === 404 || response.status === 410) value = "gone";
    else if (!response.ok) value = "failed";
    else value = readRecord(await response.json(), slug) || "gone";
  } catch {
    value = "failed";
  }
  if (value !== "failed") records.set(slug, value);
  return value;
}

async function origin() {
  const place = readPlace();
  if (!place) return null;
  if (place.kind !== "point" && places === undefined) {
    try {
      const response = await fetch(placesUrl, { credentials: "same-origin" });
      places = response.ok ? await response.json() : null;
    } catch { places = null; }
  }
  return resolvePlace(place, places);
}

// ---- rendering ---------------------------------------------------------------------
let renderCount = 0;

async function render(focus) {
  const ticket = ++renderCount;
  const list = current();
  ui.list.setAttribute("aria-busy", "true");
  const [values, from] = await Promise.all([Promise.all(list.items.map((i) => load(i.slug))), origin()]);
  if (ticket !== renderCount) return; // a newer render started meanwhile
  ui.list.removeAttribute("aria-busy");

  const shown = list.items.map((item, i) => ({ item, record: typeof values[i] === "object" ? values[i] : null, state: values[i] }));
  const listed = shown.filter((s) => s.record);
  const rows = compareRows(listed.map((s) => s.record), from);

  ui.shared.hidden = !list.shared;
  ui.empty.hidden = list.items.length > 0;
  ui.compare.hidden = ui.tools.hidden = list.items.length === 0;
  ui.summary.textContent = summary(list, listed.length, from);
  const differ = differences(rows.filter((r) => r.key !== "distance"));
  ui.differ.textContent = listed.length < 2 ? "" : differ.length
    ? _("They differ in: {rows}. Those rows are marked “Differs”.", { rows: differ.join(", ") })
    : _("They are alike in every row compared.");

  const cards = shown.map((s, i) => (s.record ? card(s.record, rows, listed.indexOf(s), i, shown.length)
    : missing(s.item, s.state, i, shown.length)));
  ui.list.replaceChildren(...cards);
  ui.list.style.setProperty("--shortlist-rows", String(rows.length));
  ui.list.style.setProperty("--shortlist-columns", String(Math.max(1, shown.length)));
  scrollable();
  sheets(listed.map((s) => s.record));

  const link = shareUrl(location.href, list.items.map((i) => i.slug));
  ui.share.href = link;
  ui.share.textContent = link;
  if (focus) focusAfter(focus);
}

// More cards than fit side by side: the list scrolls sideways, and can be focused and
// scrolled with the arrow keys.
function scrollable() {
  const wide = ui.scroll.scrollWidth > ui.scroll.clientWidth + 1;
  if (wide) {
    Object.assign(ui.scroll, { tabIndex: 0 });
    ui.scroll.setAttribute("role", "region");
    ui.scroll.setAttribute("aria-label", _("Your programs side by side (scrolls sideways)"));
  } else {
    ui.scroll.removeAttribute("tabindex");
    ui.scroll.removeAttribute("role");
    ui.scroll.removeAttribute("aria-label");
  }
}

function summary(list, listedCount, from) {
  const n = list.items.length;
  if (!n && list.shared) return _("The shared link holds no program this site lists.");
  if (!available && !list.shared) return _("This browser does not let the site keep anything (its storage is turned off or full), so no list can be saved here. A shared link still opens.");
  if (!n) return "";
  const gone = n - listedCount;
  const parts = [list.shared ? ngettext("{count} program in the shared list.", "{count} programs in the shared list.", n)
    : ngettext("{count} program saved.", "{count} programs saved.", n)];
  if (gone) parts.push(ngettext("{count} program could not be shown.", "{count} programs could not be shown.", gone));
  if (list.dropped) {
    parts.push(ngettext("The link named {count} entry that is not a program of this site; it was left out.",
      "The link named {count} entries that are not programs of this site; they were left out.", list.dropped));
  }
  parts.push(from ? _("Distances are from {place}, your last search in the finder.", { place: from.label })
    : _("Search from a ZIP code or a town in the finder to see distances here."));
  return parts.join(" ");
}

function button(text, name, action, disabled) {
  const b = el("button", "shortlist-action");
  b.type = "button";
  b.dataset.action = action;
  b.textContent = text;
  b.setAttribute("aria-label", `${text}: ${name}`);
  b.dataset.name = name;
  if (disabled) b.setAttribute("aria-disabled", "true");
  return b;
}

function actions(slug, name, position, count) {
  const bar = el("div", "shortlist-card__actions");
  bar.dataset.slug = slug;
  bar.append(
    button(_("Move earlier"), name, "earlier", position === 0),
    button(_("Move later"), name, "later", position === count - 1),
    button(_("Remove"), name, "remove", false),
  );
  return bar;
}

function card(r, rows, column, position, count) {
  const li = el("li", "shortlist-card");
  li.dataset.shortlistItem = r.slug;
  const head = el("div", "shortlist-card__head");
  const h = el("h3", "shortlist-card__name");
  const a = el("a", "", r.name);
  a.href = new URL(r.url, ROOT).href;
  h.append(a);
  head.append(el("p", "shortlist-card__position", _("{position} of {count}", { position: position + 1, count })), h);
  if (r.example) head.append(el("p", "shortlist-card__note", _("Example listing: fictional")));
  if (r.tel) {
    const call = el("a", "iop-call shortlist-call", _("Call {phone}", { phone: r.phone }));
    call.href = r.tel;
    head.append(call);
  }
  const dl = el("dl", "shortlist-card__facts");
  for (const row of rows) {
    const cell = row.cells[column];
    const div = el("div", `shortlist-row${row.differs ? " shortlist-row--differs" : ""}`);
    div.dataset.row = row.key;
    const dt = el("dt", "", row.label);
    if (row.differs) dt.append(" ", el("span", "shortlist-differs", _("Differs")));
    const dd = el("dd", `${cell.empty ? "shortlist-none" : ""}${cell.warn ? " shortlist-warn" : ""}`.trim());
    if (cell.lines.length > 1) {
      // Short values run on in a line ("Morning, Evening"); credentials stay one a line.
      const ul = el("ul", row.key === "accreditations" || row.key === "licenses" ? "" : "shortlist-inline");
      for (const line of cell.lines) ul.append(el("li", "", line));
      dd.append(ul);
    } else dd.textContent = cell.lines[0];
    div.append(dt, dd);
    dl.append(div);
  }
  li.append(head, dl, actions(r.slug, r.name, position, count));
  return li;
}

// A saved program the site cannot show: no longer listed, or not loaded just now.
function missing(item, state, position, count) {
  const li = el("li", "shortlist-card shortlist-card--missing");
  li.dataset.shortlistItem = item.slug;
  li.dataset.state = state;
  const name = item.name || item.slug;
  const head = el("div", "shortlist-card__head");
  head.append(el("p", "shortlist-card__position", _("{position} of {count}", { position: position + 1, count })), el("h3", "shortlist-card__name", name));
  const note = el("p", "shortlist-card__gone", state === "gone"
    ? _("No longer listed. The program may have closed, or its listing was taken down. Remove it, or search the directory for it.")
    : _("Could not be loaded just now. Check your connection and reload this page."));
  li.append(head, note, actions(item.slug, name, position, count));
  return li;
}

function sheets(list) {
  const questions = [...ui.questions.querySelectorAll("li")].map((q) => q.textContent.trim());
  ui.sheets.replaceChildren(...list.map((r) => {
    const s = callSheet(r);
    const section = el("section", "shortlist-sheet");
    section.append(el("h2", "shortlist-sheet__name", s.name));
    if (s.note) section.append(el("p", "shortlist-sheet__note", s.note));
    const dl = el("dl", "shortlist-sheet__facts");
    for (const [term, value] of s.facts) dl.append(el("dt", "", term), el("dd", "", value));
    const ol = el("ol", "shortlist-sheet__questions");
    for (const q of questions) {
      const li = el("li");
      li.append(el("p", "", q), el("div", "shortlist-sheet__answer"));
      ol.append(li);
    }
    section.append(dl, el("h3", "", _("Questions to ask")), ol, el("p", "shortlist-sheet__notes", _("Notes:")));
    return section;
  }));
}

// Where the focus goes after a change: the same button on the moved card, or the next card.
function focusAfter({ slug, action, fallback }) {
  const bar = ui.list.querySelector(`.shortlist-card__actions[data-slug="${slug}"]`);
  const target = bar?.querySelector(`[data-action="${action}"]`)
    || ui.list.querySelectorAll(".shortlist-card")[fallback]?.querySelector("h3 a, h3")
    || document.getElementById("shortlist-compare-title");
  if (target && !target.matches("a, button")) target.tabIndex = -1;
  target?.focus();
}

// ---- events ------------------------------------------------------------------------
ui.list.addEventListener("click", (event) => {
  const b = event.target.closest("button[data-action]");
  if (!b || b.getAttribute("aria-disabled") === "true") return;
  const slug = b.parentElement.dataset.slug, action = b.dataset.action;
  const list = current(), at = list.items.findIndex((i) => i.slug === slug);
  if (at < 0) return;
  const name = b.dataset.name;
  let next, message;
  if (action === "remove") {
    next = remove(list.items, slug);
    message = ngettext("Removed {name}. {count} program left.", "Removed {name}. {count} programs left.", next.length, { name });
  } else {
    next = move(list.items, slug, action === "earlier" ? -1 : 1);
    message = _("Moved {name} to place {position} of {count}.", { name, position: next.findIndex((i) => i.slug === slug) + 1, count: next.length });
  }
  save(list, next);
  announce(message);
  render(action === "remove" ? { slug: "", action, fallback: Math.min(at, next.length - 1) } : { slug, action });
});

ui.keep.addEventListener("click", () => {
  const shared = current();
  const before = readList(), after = merge(before, shared.items);
  if (!writeList(after)) { announce(_("This browser does not let the site keep a list.")); return; }
  announce(`${ngettext("Kept {count} program in your shortlist.", "Kept {count} programs in your shortlist.", after.length - before.length)} ${ngettext("{count} program saved.", "{count} programs saved.", after.length)}`);
  history.replaceState(null, "", location.pathname);
  render();
  document.getElementById("shortlist-compare-title").focus?.();
});

// Copying is one action: the Clipboard API where the page may use it (a secure context),
// else the older copy command on a selection, else the link is selected for the visitor.
ui.copy.addEventListener("click", async () => {
  const link = ui.share.href;
  try {
    await navigator.clipboard.writeText(link);
    announce(_("Link copied. Paste it in a message or open it on another device."));
    return;
  } catch { /* no Clipboard API here: fall back below */ }
  const area = el("textarea", "shortlist-offscreen");
  area.value = link;
  area.setAttribute("readonly", "");
  document.body.append(area);
  area.select();
  let copied = false;
  try { copied = document.execCommand("copy"); } catch { copied = false; }
  area.remove();
  ui.copy.focus();
  if (copied) { announce(_("Link copied. Paste it in a message or open it on another device.")); return; }
  const range = document.createRange();
  range.selectNodeContents(ui.share);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  announce(_("This browser did not let the page copy. The link is selected: press Control and C (Command and C on a Mac) to copy it."));
});

ui.print.addEventListener("click", () => window.print());
window.addEventListener("resize", scrollable);

window.addEventListener("hashchange", () => render());
onChange(() => { if (!current().shared) render(); });
document.addEventListener("iop-shortlist-cleared", () => {
  if (location.hash) history.replaceState(null, "", location.pathname);
  render();
});

// The texts in the page's language first (nothing to fetch on an English page).
await loadCatalogue(new URL("../i18n/", import.meta.url));
ui.app.hidden = false;
render();
