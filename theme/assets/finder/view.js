/* The finder's page (DOM): reading and setting the form, the filters panel and its
   counts, the chips of the chosen filters, the results line, the error under "Where
   from", the result cards and their pages, the suggestions and the help shown when
   nothing is found, and where the focus goes. Its elements are those of finder.html,
   found by id; what to show is passed in (data from data.js, results from ranking.js). */
import { FACETS, optionsOf } from "./facets.js";
import { call, distanceText, facts, matches, notes } from "./cards.js";
import { gettext as _, ngettext } from "../i18n/i18n.js";

const PAGE = 25; // results rendered at a time; "Show N more" adds the next page

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function createView(app, facets = FACETS) {
  const $ = (id) => document.getElementById(id);
  const form = $("finder-form"), zip = $("finder-zip"), radius = $("finder-radius");
  const whereError = $("where-error"), heading = $("finder-results-heading");
  const status = $("finder-status"), suggest = $("finder-suggest"), chipList = $("finder-chips");
  const toggle = $("finder-filters-toggle"), panel = $("finder-filters"), showButton = $("finder-show");
  const help = $("finder-help"), teleOffer = $("finder-tele-offer"), teleLink = $("finder-tele-link");
  const results = app.querySelector(".finder-results"), teleGroup = $("finder-tele-group");
  const lists = {
    near: { list: $("finder-near"), more: $("finder-near-more"), shown: 0, order: [] },
    tele: { list: $("finder-tele"), more: $("finder-tele-more"), shown: 0, order: [] },
  };
  const radiusValues = [...radius.options].map((o) => o.value);
  const root = app.dataset.rootUrl || "";
  const href = (path) => (/^([a-z]+:|\/)/i.test(path) ? path : root + path);
  // A result's element is built once per program and reused: only its distance, its
  // nearest town and what it matches change from one update to the next.
  const built = new Map();
  let today = 0;

  const inputs = (key) => [...form.querySelectorAll(`[name="${key}"]`)];
  const isBox = (input) => input.type === "checkbox" || input.type === "radio";

  // ---- the form ----
  // The values a group's inputs hold: ticked boxes ("No preference" is none), a select's
  // choice, a box's text as the facet reads it.
  function valuesOf(f) {
    return inputs(f.key).flatMap((input) => {
      if (isBox(input)) return input.checked && input.value ? [input.value] : [];
      const v = f.read ? f.read(new URLSearchParams([[f.key, input.value]]))[0] : input.value.trim();
      return v ? [v] : [];
    });
  }

  // key -> the values chosen in that group.
  function chosen() {
    const c = {};
    for (const f of facets) c[f.key] = valuesOf(f);
    return c;
  }

  // Sets what a link asks for; a radio group none of whose values it names falls back
  // to its "No preference" (value ""), a select to its first option ("Any").
  function applyChosen(c) {
    for (const f of facets) {
      const values = c[f.key] || [];
      for (const input of inputs(f.key)) {
        if (isBox(input)) {
          const known = values.some((v) => inputs(f.key).some((other) => other.value === v));
          input.checked = values.includes(input.value) || (input.value === "" && !known);
        } else if (input.tagName === "SELECT") {
          input.value = values.find((v) => [...input.options].some((o) => o.value === v)) || "";
        } else {
          input.value = values[0] || "";
        }
      }
    }
  }

  // Back to no choice in group `key`, or only `value` taken out of it.
  function uncheck(key, value) {
    for (const input of inputs(key)) {
      if (value !== undefined && input.value !== value && isBox(input)) continue;
      if (isBox(input)) input.checked = input.value === "" && input.type === "radio";
      else input.value = "";
    }
  }

  const groupName = (key) => key === "q" ? _("Words to look for") : $(`filter-${key}`)?.querySelector("legend").textContent.trim() || key;

  // ---- the filters panel (a disclosure on a phone; always open beside the results) ----
  const panelIsToggled = () => toggle.offsetParent !== null;
  function openFilters(open) {
    form.dataset.filters = open ? "open" : "closed";
    toggle.setAttribute("aria-expanded", String(open));
  }
  toggle.addEventListener("click", () => openFilters(form.dataset.filters !== "open"));
  showButton.addEventListener("click", () => { openFilters(false); heading.focus(); });
  panel.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !panelIsToggled() || form.dataset.filters !== "open") return;
    openFilters(false);
    toggle.focus();
  });

  /* The number beside each option (`c` from ranking.optionCounts, null: none to show,
     while a place is wrong or words are being looked up). An option that would show no
     program is disabled, unless it is chosen, so that it can still be unticked. The
     options are found once; a count or a state is written only when it changes, as this
     runs at every change of the form. */
  let slots = null;
  function countSlots(data) {
    slots = [];
    for (const f of facets) {
      if (f.select) continue;
      const options = optionsOf(data, f);
      for (const input of inputs(f.key)) {
        const items = input.tagName === "SELECT"
          ? [...input.options].map((o) => ({ box: o, option: o, value: o.value }))
          : [{ box: input, slot: input.parentElement.querySelector(".finder-count"), value: input.value }];
        for (const item of items) slots.push({ ...item, key: f.key, at: item.value === "" ? -1 : options.indexOf(item.value) });
      }
    }
  }
  function showCounts(data, c) {
    if (!slots) countSlots(data);
    for (const s of slots) {
      const n = !c ? null : s.at < 0 ? (s.value === "" ? c.others[s.key] : 0) : c.counts[s.key][s.at];
      const text = n === null ? "" : `(${n})`;
      if (s.option) {
        const label = text ? `${s.option.dataset.label} ${text}` : s.option.dataset.label;
        if (s.option.textContent !== label) s.option.textContent = label;
      } else if (s.slot && s.slot.textContent !== text) {
        s.slot.textContent = text;
      }
      const off = n === 0 && !(s.option ? s.option.selected : s.box.checked);
      if (s.box.disabled !== off) s.box.disabled = off;
    }
  }

  /* The Filters (N) button, the panel's "Show N programs" and the chips above the
     results. onRemove(chip, position) takes one chip's filter out; onClear all. */
  let chipsShown = null;
  function showFilters(data, chipsNow, c, { onRemove, onClear }) {
    const setText = (e, text) => { if (e.textContent !== text) e.textContent = text; };
    setText(toggle, chipsNow.length ? _("Filters ({count})", { count: chipsNow.length }) : _("Filters"));
    setText(showButton, c ? ngettext("Show {count} program", "Show {count} programs", c.total) : _("Show the results"));
    showCounts(data, c);
    const key = chipsNow.map((chip) => `${chip.key}=${chip.value}`).join("&");
    if (key === chipsShown) return;
    chipsShown = key;
    const items = chipsNow.map((chip, j) => {
      const b = el("button", "finder-chip");
      b.type = "button";
      b.append(el("span", "finder-vh", `${_("Remove")} `), chip.label, el("span", "finder-chip-x", "×"));
      b.lastChild.setAttribute("aria-hidden", "true");
      b.addEventListener("click", () => onRemove(chip, j));
      const li = el("li");
      li.append(b);
      return li;
    });
    if (chipsNow.length > 1) {
      // Short, to sit beside the chips on a phone; its name says what it clears.
      const b = el("button", "finder-chip finder-chip-clear", _("Clear all"));
      b.type = "button";
      b.setAttribute("aria-label", _("Clear all filters"));
      b.addEventListener("click", onClear);
      const li = el("li");
      li.append(b);
      items.push(li);
    }
    chipList.replaceChildren(...items);
    chipList.hidden = !items.length;
    chipList.classList.remove("finder-chips-pending");
  }

  // Before the data arrives: a link with filters keeps a row for their chips.
  function reserveChips(any) {
    chipList.hidden = !any;
    chipList.classList.toggle("finder-chips-pending", any);
  }

  // After a chip is removed, the focus goes to the chip now in its place, or the one
  // before it, or the results heading when none is left.
  function focusChip(position) {
    const buttons = chipList.querySelectorAll("button:not(.finder-chip-clear)");
    (buttons[Math.min(position, buttons.length - 1)] || heading).focus();
  }

  // ---- messages ----
  function showError(message) {
    whereError.hidden = !message;
    whereError.textContent = message;
  }

  // The ZIP box points to the error under it while it holds a ZIP that failed.
  function markZip(invalid) {
    zip.setAttribute("aria-invalid", String(invalid));
    zip.setAttribute("aria-describedby", invalid ? "where-error where-hint" : "where-hint");
  }

  // `s`: a sentence, or {head, detail} from ranking.describe (the count in bold).
  function setStatus(s) {
    if (typeof s === "string") { status.textContent = s; return; }
    status.replaceChildren(el("strong", "", s.head + "."), ...(s.detail ? [" ", el("span", "finder-status-detail", s.detail)] : []));
  }
  const setBusy = (busy) => results.setAttribute("aria-busy", String(busy));

  // `s` from ranking.suggestions (or null); act(action) runs a button's action.
  function showSuggestions(s, act) {
    if (!s) { suggest.replaceChildren(); return; }
    suggest.replaceChildren(el("p", "", s.lead), ...s.items.map(({ text, action }) => {
      const b = el("button", "finder-button finder-secondary", text);
      b.type = "button";
      b.addEventListener("click", () => act(action));
      return b;
    }));
  }

  /* The help under an empty result: `offer` null hides it; otherwise {text, action}
     for the button that shows the telehealth programs (act runs it), or {link: true}
     when only the directory can list them (the data did not load). */
  function showHelp(offer, act) {
    help.hidden = !offer;
    teleLink.hidden = !offer?.link;
    if (offer?.text) {
      const b = el("button", "finder-button finder-tele-button", offer.text);
      b.type = "button";
      b.addEventListener("click", () => act(offer.action));
      teleOffer.replaceChildren(b);
    } else {
      teleOffer.replaceChildren();
    }
  }

  // ---- results ----
  // `r` from ranking.rank (null: empty lists); withDistance: the near list has a place;
  // `chosenChips`: what each card says it matches.
  function showResults(data, r, withDistance, chosenChips = []) {
    show("near", data, r, r ? r.near : [], withDistance, chosenChips);
    show("tele", data, r, r ? r.tele : [], false, chosenChips);
  }

  function show(which, data, r, order, withDistance, chosenChips) {
    Object.assign(lists[which], { order, shown: 0, data, r, withDistance, chosenChips });
    more(which, true);
    if (which === "tele") teleGroup.hidden = !order.length;
  }

  // Renders the next page of results; returns the first new item.
  function more(which, replace) {
    const l = lists[which];
    const next = Array.from(l.order.slice(l.shown, l.shown + PAGE), (i) => item(l.data, i, l.withDistance && l.r, l.chosenChips));
    l.list[replace ? "replaceChildren" : "append"](...next);
    l.shown += next.length;
    const left = l.order.length - l.shown;
    l.more.hidden = left <= 0;
    l.more.textContent = _("Show {next} more ({left} not shown yet)", { next: Math.min(PAGE, left), left });
    return next[0];
  }

  for (const which of Object.keys(lists)) {
    lists[which].more.addEventListener("click", () => {
      const first = more(which);
      if (first) first.querySelector("a").focus();
    });
  }

  // Program i's card; r (when the list has a place) gives its distance and nearest town.
  function item(data, i, r, chosenChips) {
    let entry = built.get(i);
    if (!entry) built.set(i, entry = build(data, i));
    const { li, place, matched } = entry;
    if (place) {
      if (r) {
        li.dataset.distanceMiles = r.dist[i].toFixed(1);
        li.dataset.distanceExact = r.dist[i].toFixed(4);
      } else {
        delete li.dataset.distanceMiles;
        delete li.dataset.distanceExact;
      }
      place.replaceChildren(...(r ? [el("strong", "", distanceText(r.dist[i])), " · "] : []),
        data.cities[data.city[r ? r.loc[i] : data.start[i]]]);
    }
    const met = matches(data, i, chosenChips).join(", ");
    if (entry.met !== met) {
      entry.met = met;
      matched.hidden = !met;
      matched.replaceChildren(...(met ? [el("span", "finder-matches-term", _("Matches:")), ` ${met}`] : []));
    }
    return li;
  }

  function build(data, i) {
    const li = el("li", "finder-result");
    li.dataset.program = data.slugs[i];
    li.dataset.shortlistToggle = data.slugs[i]; // assets/shortlist/toggle.js adds "Save to shortlist"
    const h = el("h3", "finder-name");
    const a = el("a", "", data.names[i]);
    a.href = href(data.paths[i]);
    h.append(a);
    li.append(h);
    const place = data.start[i] !== data.start[i + 1] ? el("p", "finder-place") : null;
    if (place) li.append(place);
    const phone = call(data, i);
    if (phone) {
      const link = el("a", "iop-call finder-call", phone.text);
      link.href = phone.href;
      link.setAttribute("aria-label", phone.name);
      li.append(link);
    }
    const matched = el("p", "finder-matches");
    li.append(matched);
    const dl = el("dl", "finder-facts");
    for (const [term, value] of facts(data, i)) {
      const row = el("div");
      row.append(el("dt", "", term), el("dd", "", value));
      dl.append(row);
    }
    li.append(dl);
    // Whether it takes new clients and when it was checked share a line; warnings stand apart.
    const said = notes(data, i, today), line = el("p", "finder-notes");
    for (const n of said) {
      if (n.className === "finder-stale") li.append(el("p", n.className, n.text));
      else line.append(...(line.childNodes.length ? [" · "] : []), el("span", n.className, n.text));
    }
    if (line.childNodes.length) dl.after(line);
    return { li, place, matched };
  }

  return {
    form, zip, radius, city: $("finder-city"), words: $("finder-q"), age: $("finder-age"),
    here: $("finder-here"), clear: $("finder-clear"),
    radiusValues, radii: radiusValues.map(Number),
    defaultRadius: [...radius.options].find((o) => o.defaultSelected)?.value || "25",
    setToday(day) { today = day; },
    ready(outcome = "true") { app.dataset.ready = outcome; },
    chosen, applyChosen, uncheck, groupName, openFilters, reserveChips, focusChip,
    showError, markZip, setStatus, setBusy, showSuggestions, showResults, showFilters, showHelp,
    focusResults: () => heading.focus(),
    focusZip: () => zip.focus(),
  };
}
