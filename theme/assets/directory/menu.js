/* The header's menu button, for the keyboard too. Material opens its navigation drawer
   with a checkbox toggled by a <label>, which never takes focus: at phone widths the
   navigation was out of reach without a mouse (WCAG 2.1.1). The label is given
   tabindex and role="button" in the template; this makes Enter and Space toggle it,
   keeps aria-expanded true to the drawer, moves focus into the drawer when it opens and
   back to the button when Escape closes it. */
(() => {
  "use strict";
  const button = document.querySelector("[data-iop-menu]");
  const drawer = document.getElementById("__drawer");
  if (!button || !drawer) return;

  const links = () => [...document.querySelectorAll(".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex]")]
    .filter((el) => el.offsetParent !== null);

  function sync() {
    button.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
  }

  button.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    // Material's own keyboard handler (on the document) clicks a focused label on Enter,
    // which would toggle the drawer a second time.
    event.stopPropagation();
    drawer.checked = !drawer.checked;
    drawer.dispatchEvent(new Event("change", { bubbles: true }));
    sync();
    // After the drawer's CSS has made its links visible again.
    if (drawer.checked) setTimeout(() => links()[0]?.focus(), 50);
  });
  drawer.addEventListener("change", sync);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && drawer.checked) {
      drawer.checked = false;
      drawer.dispatchEvent(new Event("change", { bubbles: true }));
      sync();
      button.focus();
    }
  });
  sync();
})();
