/* The header's menu button, for the keyboard too. Material opens its navigation drawer
   with a checkbox toggled by a <label>, which never takes focus: at phone widths the
   navigation was out of reach without a mouse (WCAG 2.1.1). With this script a real
   <button> takes the label's place: it toggles the drawer, keeps aria-expanded true to
   it, moves focus into the drawer when it opens and back to the button when Escape
   closes it. Without the script, the label still opens the drawer by touch or mouse. */
(() => {
  "use strict";
  const button = document.querySelector("[data-iop-menu]");
  const label = document.querySelector("[data-iop-menu-label]");
  const drawer = document.getElementById("__drawer");
  if (!button || !drawer) return;
  button.hidden = false;
  if (label) label.hidden = true;

  const links = () => [...document.querySelectorAll(".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex]")]
    .filter((el) => el.offsetParent !== null);

  function sync() {
    button.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
  }

  function toggle(open) {
    drawer.checked = open;
    drawer.dispatchEvent(new Event("change", { bubbles: true }));
    sync();
  }

  button.addEventListener("click", (event) => {
    toggle(!drawer.checked);
    // By keyboard (a click with no pointer position), after the drawer's CSS has made its
    // links visible again, focus goes to its first link.
    if (drawer.checked && event.detail === 0) setTimeout(() => links()[0]?.focus(), 50);
  });
  drawer.addEventListener("change", sync);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && drawer.checked) {
      toggle(false);
      button.focus();
    }
  });
  sync();
})();
