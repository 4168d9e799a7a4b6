// Sortable results tables: click a column header to sort by it (numbers as
// numbers, empty cells last); click again to reverse.
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("table.clipvid-sortable")) {
    const headers = table.querySelectorAll("thead th");
    headers.forEach((th, column) => {
      th.tabIndex = 0;
      th.classList.add("clipvid-sort");
      const sort = () => {
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        const value = (row) => row.cells[column].textContent.trim();
        const numeric = rows.every((r) => value(r) === "" || !isNaN(parseFloat(value(r))));
        // numbers sort best (highest) first on the first click, text and ranks A-Z / 1-n
        const current = th.getAttribute("aria-sort");
        const upFirst = !numeric || th.classList.contains("clipvid-ascending");
        const ascending = upFirst ? current !== "ascending" : current === "descending";
        headers.forEach((h) => h.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort((a, b) => {
          const x = value(a), y = value(b);
          if (x === "" || y === "") return (x === "") - (y === "");
          const order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach((row) => body.appendChild(row));
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }
});

// BibTeX buttons on cards: one click shows the entry and copies it. Where the
// clipboard is refused (permissions, insecure context), the entry is selected
// so that Ctrl+C / Cmd+C copies it, and the status says so.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.clipvid-copy")) {
    const entry = document.getElementById(button.getAttribute("aria-controls"));
    const status = button.parentElement.querySelector(".clipvid-copy-status");
    const say = (text, ok) => {
      status.textContent = text;
      status.classList.toggle("clipvid-copy-ok", ok);
      status.classList.toggle("clipvid-copy-failed", !ok);
    };
    const selectEntry = () => {
      const range = document.createRange();
      range.selectNodeContents(entry);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    };
    const fallback = () => {
      selectEntry();
      let copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      if (copied) say("Copied to the clipboard.", true);
      else say("The browser refused the clipboard: the entry is selected, press Ctrl+C (⌘C) to copy it.", false);
    };
    button.addEventListener("click", () => {
      entry.hidden = false;
      button.setAttribute("aria-expanded", "true");
      const text = entry.textContent;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          () => say("Copied to the clipboard.", true),
          fallback,
        );
      } else {
        fallback();
      }
    });
  }
});

// Leaderboard filters: each select keeps the rows whose class names its value
// (clipvid-bb-*, clipvid-pt-*, clipvid-extra-*); the count says how many remain.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.clipvid-filters")) {
    const tables = document.querySelectorAll("table.clipvid-leaderboard");
    const status = document.createElement("span");
    status.className = "clipvid-filter-status";
    status.setAttribute("role", "status");
    form.appendChild(status);
    const apply = () => {
      const wanted = Array.from(form.querySelectorAll("select"))
        .filter((s) => s.value)
        .map((s) => `clipvid-${s.dataset.filter}-${s.value}`);
      let shown = 0, total = 0;
      for (const table of tables) {
        for (const row of table.tBodies[0].rows) {
          const keep = wanted.every((c) => row.classList.contains(c));
          row.hidden = !keep;
          if (table.id.startsWith("all-")) { total += 1; shown += keep; }
        }
      }
      status.textContent = wanted.length ? `${shown} of ${total} configurations shown` : "";
    };
    form.addEventListener("change", apply);
    form.addEventListener("submit", (event) => event.preventDefault());
  }
});
