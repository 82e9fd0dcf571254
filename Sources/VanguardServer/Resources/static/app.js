// The pages' few behaviours (no inline scripts: see SecurityHeadersMiddleware).

// Lazy organization tree: a node's children are fetched the first time it is opened.
document.addEventListener("toggle", async (event) => {
  const node = event.target;
  if (!(node instanceof HTMLDetailsElement) || !node.open || node.dataset.loaded) return;
  const url = node.dataset.children;
  if (!url) return;
  node.dataset.loaded = "1";
  const list = node.querySelector(":scope > ul");
  try {
    const response = await fetch(url, { credentials: "same-origin" });
    list.innerHTML = response.ok ? await response.text() : "<li class=error>" + response.status + "</li>";
  } catch (e) {
    delete node.dataset.loaded;
  }
}, true);

// Print buttons (the pages allow no inline scripts: see SecurityHeadersMiddleware).
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) window.print();
});

// The phone menu: collapsed behind one button under 600px (without scripts the menu simply stays open).
document.documentElement.classList.add("js");
document.addEventListener("click", (event) => {
  const toggle = event.target instanceof Element && event.target.closest(".menu-toggle");
  if (!toggle) return;
  const open = toggle.closest(".top").classList.toggle("open");
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
});

// Each cell of a table learns its column's heading, which it shows when a phone lays rows out as cards.
function labelCells(root) {
  for (const table of root.querySelectorAll("table.grid")) {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    if (!heads.length) continue;
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, i) => { if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[i] ?? ""); });
    }
  }
}
document.addEventListener("DOMContentLoaded", () => labelCells(document));
