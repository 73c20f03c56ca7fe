/* The home page's one box takes a ZIP code or a town: the finder reads ?zip= or ?city=,
   so a town is sent as city=. Without this script the box still works for ZIP codes,
   and the finder explains anything else. */
(() => {
  "use strict";
  const form = document.querySelector("[data-home-find]");
  if (!form) return;
  const input = form.querySelector("input");
  form.addEventListener("submit", () => {
    const value = input.value.trim();
    input.name = /^\d{5}(-?\d{4})?$/.test(value) || value === "" ? "zip" : "city";
  });
})();
