/*
 * Site search with Pagefind: the search box in the header (wide screens), the search dialog
 * (phones) and the /search/ page. Pagefind's script and index are imported from the site's own
 * /pagefind/ folder only when a visitor starts to search, so pages stay light and no request
 * leaves the site. Markup: partials/header.html and partials/search-page.html.
 */
(() => {
  "use strict";

  // A crafted link (?q= of 10,000 words) must not make the page search for seconds, or
  // fill it with its text: searches take the first words, messages quote the start.
  const MAX_QUERY_CHARS = 200;
  const MAX_QUERY_WORDS = 12;
  const MAX_ECHO_CHARS = 60;

  function boundedQuery(text) {
    return text.slice(0, MAX_QUERY_CHARS * 4).trim().split(/\s+/).slice(0, MAX_QUERY_WORDS)
      .join(" ").slice(0, MAX_QUERY_CHARS);
  }

  function echo(text) {
    return text.length > MAX_ECHO_CHARS ? `${text.slice(0, MAX_ECHO_CHARS)}…` : text;
  }

  const DROPDOWN_RESULTS = 8; // header box and dialog: a short list, then "See all results"
  const PAGE_RESULTS = 10; // search page: this many at a time, then "Show more results"
  const DEBOUNCE_MS = 150;
  const MAX_FILTER_VALUES = 60;

  const pagefinds = new Map();
  // This script's own address: place-query.js sits beside it.
  const scriptUrl = document.currentScript ? document.currentScript.src : document.baseURI;
  let placeModule = null;
  let townList = null;

  /* The interface texts in the page's language, from ../i18n/i18n.js (the module every
     script shares); English, with the same {name} parameters, if it cannot load. */
  const fill = (text, params = {}) => text.replace(/\{(\w+)\}/g, (all, name) => (name in params ? String(params[name]) : all));
  let _ = (id, params) => fill(id, params);
  let ngettext = (singular, plural, count, params) => fill(count === 1 ? singular : plural, { count, ...params });
  async function loadTexts() {
    try {
      const texts = await import(new URL("../i18n/i18n.js", scriptUrl).href);
      await texts.loadCatalogue(new URL("../i18n/", scriptUrl));
      ({ gettext: _, ngettext } = texts);
    } catch { /* the English texts above */ }
  }

  /* A ZIP or a town typed into search is someone looking for programs near it: offer the
     finder. The module loads on the first search; the town list (the finder's places.json)
     only for a term that could be a town. */
  async function placeFor(term, pageUrl) {
    placeModule ||= import(new URL("place-query.js", scriptUrl).href);
    const places = await placeModule;
    let towns = [];
    if (places.mayBeTown(term)) {
      townList ||= fetch(new URL("../assets/finder/places.json", pageUrl))
        .then((response) => (response.ok ? response.json() : { cities: [] }))
        .then((data) => (Array.isArray(data.cities) ? data.cities.map(String) : []));
      townList.catch(() => { townList = null; });
      towns = await townList;
    }
    const place = places.placeQuery(term, towns);
    return place && { text: places.placeLinkText(place),
      href: places.finderHref(place, new URL("../find/", pageUrl).href) };
  }

  /** Pagefind's module in the bundle folder `base`, imported and initialised once. */
  function loadPagefind(base) {
    const url = new URL(base, document.baseURI).href;
    if (!pagefinds.has(url)) {
      const loading = import(`${url}pagefind.js`).then(async (pagefind) => {
        // No web worker: it is another 41 KB script on the first search, and a search
        // of this index takes milliseconds on the page's own thread.
        await pagefind.options({ excerptLength: 24, noWorker: true });
        await pagefind.init();
        return pagefind;
      });
      loading.catch(() => pagefinds.delete(url)); // let a later keystroke try again
      pagefinds.set(url, loading);
    }
    return pagefinds.get(url);
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Pagefind's excerpt is page text with the matches wrapped in <mark>. Rebuild it from text and
     <mark> only, parsed in an inert document, so nothing in it can ever become markup. */
  function excerpt(html) {
    const parsed = new DOMParser().parseFromString(html || "", "text/html");
    const fragment = document.createDocumentFragment();
    for (const node of parsed.body.childNodes) {
      fragment.append(node.nodeName === "MARK" ? element("mark", "", node.textContent) : node.textContent);
    }
    return fragment;
  }

  let excerptCount = 0;

  function resultItem(data) {
    const item = element("li", "iop-search__result");
    if (data.meta && data.meta.type) item.append(element("span", "iop-search__kind", data.meta.type));
    const link = element("a", "iop-search__link", (data.meta && data.meta.title) || data.url);
    link.href = data.url;
    const text = element("p", "iop-search__excerpt");
    text.id = `iop-search-excerpt-${++excerptCount}`;
    text.append(excerpt(data.excerpt));
    link.setAttribute("aria-describedby", text.id);
    item.append(link, text);
    return item;
  }

  /** One search UI: `root` holds an input, a result list and a status line (data-iop-search-*). */
  class Search {
    constructor(root) {
      this.root = root;
      this.kind = root.dataset.iopSearch; // "header", "dialog" or "page"
      this.base = root.dataset.pagefindBase;
      this.pageUrl = new URL(root.dataset.searchPage, document.baseURI);
      this.input = root.querySelector("[data-iop-search-input]");
      this.list = root.querySelector("[data-iop-search-results]");
      this.status = root.querySelector("[data-iop-search-status]");
      this.meta = root.querySelector("[data-iop-search-meta]") || this.status;
      this.panel = root.querySelector("[data-iop-search-panel]");
      this.pageSize = this.kind === "page" ? PAGE_RESULTS : DROPDOWN_RESULTS;
      this.filters = {};
      this.results = [];
      this.shown = 0;
      this.generation = 0;

      this.input.addEventListener("focus", () => this.prepare());
      this.input.addEventListener("input", () => this.onInput());
      this.root.addEventListener("keydown", (event) => this.onKeydown(event));
    }

    onInput() {
      this.update(); // the search page replaces this to keep the URL in step
    }

    prepare() {
      loadPagefind(this.base).catch(() => {}); // errors are reported when a search runs
    }

    get term() {
      return boundedQuery(this.input.value);
    }

    hasFilters() {
      return Object.keys(this.filters).length > 0;
    }

    async update() {
      const generation = ++this.generation;
      const term = this.term;
      if (!term && !this.hasFilters()) {
        this.clear();
        return;
      }
      let search;
      try {
        const pagefind = await loadPagefind(this.base);
        search = await pagefind.debouncedSearch(term || null, { filters: this.filters }, DEBOUNCE_MS);
      } catch (error) {
        this.unavailable();
        return;
      }
      if (search === null || generation !== this.generation) return; // a newer search is running
      this.results = search.results;
      this.shown = 0;
      const items = await this.nextItems();
      if (generation !== this.generation) return;
      this.list.replaceChildren(...items);
      this.report(term);
      this.togglePanel(true);
      this.offerFinder(term, generation);
    }

    async offerFinder(term, generation) {
      let found = null;
      try {
        found = term ? await placeFor(term, this.pageUrl) : null;
      } catch (error) {
        found = null; // the text results stand on their own
      }
      if (generation !== this.generation) return;
      this.root.querySelector(".iop-search__place")?.remove();
      if (!found) return;
      const paragraph = element("p", "iop-search__place");
      const link = element("a", "", found.text);
      link.href = found.href;
      link.className = "iop-search__place-link";
      paragraph.append(link);
      this.list.before(paragraph);
    }

    /** The next page of results as list items (Pagefind loads each result's data on demand). */
    async nextItems() {
      const batch = this.results.slice(this.shown, this.shown + this.pageSize);
      this.shown += batch.length;
      const data = await Promise.all(batch.map((result) => result.data()));
      return data.map(resultItem);
    }

    report(term) {
      const total = this.results.length;
      const words = echo(term);
      let text;
      if (total) {
        text = term ? ngettext("{count} result for “{words}”.", "{count} results for “{words}”.", total, { words })
          : ngettext("{count} result.", "{count} results.", total);
      } else {
        text = term ? _("No results for “{words}”.", { words }) : _("No results.");
        text += ` ${this.hasFilters() ? _("Try fewer or other words, or remove a filter.") : _("Try fewer or other words.")}`;
      }
      this.meta.textContent = text;
      if (this.status !== this.meta) this.status.textContent = text;
      this.root.querySelector(".iop-search__all")?.remove();
      if (this.kind !== "page" && total > this.shown) this.list.after(this.allResultsLink(term, total));
    }

    allResultsLink(term, total) {
      const url = new URL(this.pageUrl);
      url.searchParams.set("q", term);
      const paragraph = element("p", "iop-search__all");
      const link = element("a", "", ngettext("See the result", "See all {count} results", total));
      link.href = url.href;
      paragraph.append(link);
      return paragraph;
    }

    unavailable() {
      const programs = new URL("../programs/", this.pageUrl);
      this.list.replaceChildren();
      this.meta.textContent = `${_("Search could not be loaded.")} `;
      const link = element("a", "", _("Browse the program directory"));
      link.href = programs.href;
      this.meta.append(link, ".");
      if (this.status !== this.meta) this.status.textContent = _("Search could not be loaded.");
      this.togglePanel(true);
    }

    clear() {
      this.results = [];
      this.shown = 0;
      this.list.replaceChildren();
      this.meta.textContent = "";
      if (this.status !== this.meta) this.status.textContent = "";
      this.root.querySelector(".iop-search__all")?.remove();
      this.root.querySelector(".iop-search__place")?.remove();
      this.togglePanel(false);
    }

    togglePanel(open) {
      if (!this.panel) return;
      this.panel.hidden = !(open && this.term && this.root.contains(document.activeElement));
    }

    links() {
      return [...this.root.querySelectorAll(".iop-search__place-link, .iop-search__link, .iop-search__all a")];
    }

    /* Arrow keys move between the box and the result links (Tab works too); Escape closes the
       header's result panel. The dialog handles its own Escape. */
    onKeydown(event) {
      const links = this.links();
      const index = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && links.length && (event.target === this.input || index >= 0)) {
        event.preventDefault();
        if (this.panel) this.panel.hidden = false;
        links[Math.min(index + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && index >= 0) {
        event.preventDefault();
        (index === 0 ? this.input : links[index - 1]).focus();
      } else if (event.key === "Escape" && this.panel && !this.panel.hidden) {
        event.preventDefault(); // also keeps Chrome from clearing the search box
        this.panel.hidden = true;
        this.input.focus();
      }
    }
  }

  function setUpHeader(root) {
    const search = new Search(root);
    // Open again on focus whenever a search has said something (results, "no results",
    // the finder for a ZIP): focus moving to a link in the panel must not close it.
    root.addEventListener("focusin", () => search.togglePanel(Boolean(search.meta.textContent)));
    root.addEventListener("focusout", (event) => {
      if (!root.contains(event.relatedTarget)) search.panel.hidden = true;
    });
  }

  /* Phones: the header button opens a modal dialog. showModal() keeps the rest of the page inert;
     Tab is also wrapped inside it, Escape closes it and focus goes back to the button. */
  function setUpDialog(dialog) {
    const opener = document.querySelector("[data-iop-search-open]");
    const fallback = document.querySelector("[data-iop-search-fallback]");
    if (!opener || typeof dialog.showModal !== "function") return; // keep the link to /search/
    const search = new Search(dialog);
    opener.hidden = false;
    if (fallback) fallback.hidden = true;

    opener.addEventListener("click", () => {
      dialog.showModal();
      search.input.focus();
    });
    dialog.querySelector("[data-iop-search-close]").addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => opener.focus());
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        dialog.close();
      } else if (event.key === "Tab") {
        wrapFocus(dialog, event);
      }
    });
  }

  function wrapFocus(container, event) {
    const focusable = [...container.querySelectorAll("a[href], button:not([disabled]), input")].filter(
      (node) => node.getClientRects().length > 0,
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  /* The /search/ page: its state (?q= and one parameter per filter) lives in the URL, which is
     also exactly what the form would submit without this script. */
  async function setUpPage(root) {
    const search = new Search(root);
    const form = root.querySelector("[data-iop-search-form]");
    const more = root.querySelector("[data-iop-search-more]");
    const params = new URLSearchParams(window.location.search);
    search.input.value = params.get("q") || "";

    const run = async () => {
      search.filters = checkedFilters(form);
      const url = new URL(window.location.href);
      url.search = new URLSearchParams(new FormData(form)).toString();
      window.history.replaceState(null, "", url);
      await search.update();
      more.hidden = search.shown >= search.results.length;
    };
    search.onInput = run;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run();
    });
    form.addEventListener("change", (event) => {
      if (event.target.type === "checkbox") run();
    });
    more.addEventListener("click", async () => {
      const items = await search.nextItems();
      search.list.append(...items);
      more.hidden = search.shown >= search.results.length;
      items[0]?.querySelector("a")?.focus(); // keyboard users continue where the new results begin
    });

    let pagefind;
    try {
      pagefind = await loadPagefind(search.base);
    } catch (error) {
      search.unavailable();
      return;
    }
    // The filter lists cost more to download than a search itself (with thousands of
    // programs, hundreds of KB): they load when the visitor opens "Narrow the results",
    // or at once when the URL already narrows by a filter.
    const details = root.querySelector("[data-iop-search-filters]");
    let filtersLoaded = null;
    const loadFilters = () => {
      filtersLoaded ||= pagefind.filters().then((available) => {
        buildFilters(root, available, params);
        search.filters = checkedFilters(form);
      });
      return filtersLoaded;
    };
    if ([...params.keys()].some((name) => name !== "q")) {
      try {
        await loadFilters();
      } catch (error) {
        search.unavailable();
        return;
      }
    } else {
      details.hidden = false;
      details.addEventListener("toggle", () => {
        if (details.open) loadFilters().catch(() => { details.hidden = true; });
      });
    }
    search.filters = checkedFilters(form);
    if (search.term || search.hasFilters()) run();
  }

  /** Pagefind's filters as { name: { any: [values] } }: any value within a group, all groups. */
  function checkedFilters(form) {
    const filters = {};
    for (const box of form.querySelectorAll("input[type=checkbox]:checked")) {
      (filters[box.name] ||= { any: [] }).any.push(box.value);
    }
    return filters;
  }

  function buildFilters(root, available, params) {
    const groups = root.querySelector("[data-iop-search-groups]");
    // A group with very many values (one per program, say) is no use as a list of checkboxes.
    const names = Object.keys(available)
      .filter((name) => Object.keys(available[name]).length <= MAX_FILTER_VALUES)
      .sort();
    const details = root.querySelector("[data-iop-search-filters]");
    if (!names.length) {
      details.hidden = true;
      return;
    }
    let id = 0;
    for (const name of names) {
      const fieldset = element("fieldset", "iop-search-page__group");
      const label = name.replace(/[_-]+/g, " ");
      fieldset.append(element("legend", "", label.charAt(0).toUpperCase() + label.slice(1)));
      const chosen = params.getAll(name);
      for (const value of Object.keys(available[name]).sort()) {
        const box = element("input");
        box.type = "checkbox";
        box.name = name;
        box.value = value;
        box.id = `iop-search-filter-${++id}`;
        box.checked = chosen.includes(value);
        const text = element("label", "iop-search-page__option", value);
        text.htmlFor = box.id;
        const option = element("div", "iop-search-page__choice");
        option.append(box, text);
        fieldset.append(option);
      }
      groups.append(fieldset);
    }
    details.hidden = false;
    if (names.some((name) => params.has(name))) details.open = true;
  }

  async function init() {
    await loadTexts();
    for (const root of document.querySelectorAll("[data-iop-search]")) {
      const kind = root.dataset.iopSearch;
      if (kind === "header") setUpHeader(root);
      else if (kind === "dialog") setUpDialog(root);
      else if (kind === "page") setUpPage(root);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
