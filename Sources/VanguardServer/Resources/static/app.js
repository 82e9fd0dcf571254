// The pages' few behaviours (no inline scripts: see SecurityHeadersMiddleware). Wrapped in a function:
// a page shown in place (document.write) runs this file again in the same window.
(() => {
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

// 选择器: a field with data-pick (the source's address) offers, as one types, the organizations or
// members that match — their codes or numbers go into the field, which the form resolves.
let pickTimer;
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.dataset.pick) return;
  clearTimeout(pickTimer);
  const q = input.value.trim();
  const list = document.getElementById(input.getAttribute("list"));
  if (!q || !list) return;
  pickTimer = setTimeout(async () => {
    try {
      const response = await fetch(input.dataset.pick + "?q=" + encodeURIComponent(q), { credentials: "same-origin" });
      if (!response.ok) return;
      const options = await response.json();
      list.replaceChildren(...options.map((o) => Object.assign(document.createElement("option"), { value: o.value, label: o.label })));
    } catch (e) {
      // Offline or the session ended: the field still takes a code or name typed in full.
    }
  }, 200);
});

// 表单: a POST form is sent for the page, so a refusal shows next to its field and nothing typed (or
// chosen to upload) is lost; a button with data-confirm asks first. Without scripts forms post as usual.
function clearErrors(form) {
  for (const p of form.querySelectorAll(".field-error, .form-error")) p.remove();
  for (const el of form.querySelectorAll("[aria-invalid]")) { el.removeAttribute("aria-invalid"); el.removeAttribute("aria-describedby"); }
}

function showError(form, field, message) {
  const p = Object.assign(document.createElement("p"), { textContent: message, role: "alert" });
  // "files[1]" names the second of the files in the field "files[]".
  const input = field && (form.elements.namedItem(field) ?? form.elements.namedItem(field.replace(/\[\d+\]$/, "") + "[]"));
  if (input instanceof Element && input.type !== "hidden") {
    p.className = "field-error";
    p.id = "error-" + field;
    (input.closest("label") ?? input).after(p);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", p.id);
    input.focus();
  } else {
    p.className = "error form-error";
    form.prepend(p);
  }
}

document.addEventListener("submit", async (event) => {
  const form = event.target;
  // Attributes, not properties: a field named "action" or "method" shadows form.action and form.method.
  if (!(form instanceof HTMLFormElement) || (form.getAttribute("method") ?? "").toLowerCase() !== "post" || "native" in form.dataset) return;
  const submitter = event.submitter;
  event.preventDefault();
  if (submitter?.dataset.confirm && !window.confirm(submitter.dataset.confirm)) return;
  clearErrors(form);
  const data = new FormData(form, submitter);
  const body = form.getAttribute("enctype") === "multipart/form-data" ? data : new URLSearchParams(data);
  const buttons = [...form.querySelectorAll("button[type=submit]")];
  buttons.forEach((b) => (b.disabled = true));
  // A long answer (an export of a city) says that it is under way.
  const zh = document.documentElement.lang.startsWith("zh");
  const busy = Object.assign(document.createElement("p"), { className: "muted busy", role: "status", textContent: zh ? "正在处理，请稍候……" : "Working…" });
  const slow = setTimeout(() => form.append(busy), 600);
  try {
    const response = await fetch(form.getAttribute("action") ?? location.href, { method: "POST", body, credentials: "same-origin", headers: { "X-Vanguard-Form": "1" } });
    const type = response.headers.get("Content-Type") ?? "";
    if (type.includes("problem+json")) {
      const problem = await response.json();
      if (problem.location) return void (location.href = problem.location);
      return showError(form, problem.field, problem.message ?? problem.detail);
    }
    const disposition = response.headers.get("Content-Disposition") ?? "";
    if (disposition.startsWith("attachment")) {
      const name = /filename\*=UTF-8''([^;]+)/.exec(disposition);
      const link = Object.assign(document.createElement("a"), {
        href: URL.createObjectURL(await response.blob()), download: name ? decodeURIComponent(name[1]) : "export",
      });
      document.body.append(link);
      link.click();
      return link.remove();
    }
    if (response.redirected) return void (location.href = response.url);
    // A page answered in place (the printed slips, an import's report): shown as it came.
    const html = await response.text();
    document.open();
    document.write(html);
    document.close();
  } catch (e) {
    showError(form, null, zh ? "网络连接失败，请检查后重试（您填写的内容仍在）。" : "The network failed; try again (what you typed is kept).");
  } finally {
    clearTimeout(slow);
    busy.remove();
    buttons.forEach((b) => (b.disabled = false));
  }
});
})();
