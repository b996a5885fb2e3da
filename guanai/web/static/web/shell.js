// The page frame: menu button on small screens and the area picker. No inline scripts (CSP).
"use strict";

document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector("[data-menu-toggle]");
  if (toggle) {
    toggle.addEventListener("click", () => {
      const open = document.body.classList.toggle("menu-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && document.body.classList.contains("menu-open")) {
        document.body.classList.remove("menu-open");
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }
  // A form with data-confirm (locking a roster, approving, closing a case) says what it will do and
  // asks first; without JavaScript it submits as it is (the server checks everything anyway).
  const dialog = document.getElementById("confirm-dialog");
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!dialog || !form.dataset || !form.dataset.confirm || form.dataset.confirmed === "yes") return;
    event.preventDefault();
    const submitter = event.submitter;
    dialog.querySelector("[data-confirm-text]").textContent = form.dataset.confirm;
    dialog.returnValue = "";
    dialog.addEventListener("close", () => {
      if (dialog.returnValue !== "ok") return;
      form.dataset.confirmed = "yes";
      form.requestSubmit(submitter && form.contains(submitter) ? submitter : undefined);
    }, { once: true });
    dialog.showModal();
  });
  // On a phone a list table becomes cards (guanai.css .table-stack): each cell carries its column's
  // name, and the first column (the name or date a clerk looks for) heads the card. Tables of two
  // columns stay tables.
  document.querySelectorAll("table.table").forEach((table) => {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    const firstRow = table.querySelector("tbody tr");
    const columns = Math.max(heads.length, firstRow ? firstRow.children.length : 0);
    if (columns < 3 && !table.classList.contains("table-stack")) return;
    table.classList.add("table-stack");
    table.querySelectorAll("tbody tr").forEach((row) => {
      [...row.children].forEach((cell, i) => {
        if (!cell.dataset.label && heads[i]) cell.dataset.label = heads[i];
        // The card's cell is a grid of label and value: a value of several parts (a count, a line
        // break, a note) is wrapped so that it stays beside its label instead of under it.
        const parts = [...cell.childNodes].filter((n) => n.nodeType !== Node.TEXT_NODE || n.textContent.trim());
        if (i > 0 && parts.length > 1) {
          const value = document.createElement("span");
          value.append(...cell.childNodes);
          cell.append(value);
        }
      });
    });
  });
  // A table box that still scrolls sideways (a wide table on a desktop) can be scrolled from the
  // keyboard: it takes focus and is named after its table's heading.
  document.querySelectorAll(".table-wrap").forEach((box) => {
    if (box.scrollWidth <= box.clientWidth + 1) return;
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    const heading = box.closest("section, .card")?.querySelector("h2");
    box.setAttribute("aria-label", heading ? heading.textContent.trim() : document.title);
  });
  // Choosing an area submits at once; without JavaScript the form keeps its own button.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});
