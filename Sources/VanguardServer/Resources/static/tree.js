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
