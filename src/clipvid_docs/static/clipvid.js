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
        .map((s) => `clipvid-${s.name}-${s.value}`);
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

// Method index: filters combine (paradigm, setting, year range, venue, code,
// results, text); their state lives in the URL, so a filtered view can be shared.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.clipvid-index-filters");
  const table = document.querySelector("table.clipvid-index");
  if (!form || !table) return;
  const status = document.createElement("p");
  status.className = "clipvid-filter-status";
  status.setAttribute("role", "status");
  form.after(status);
  const field = (name) => form.elements.namedItem(name);
  const params = new URLSearchParams(window.location.search);
  for (const [name, value] of params) {
    const input = field(name);
    if (!input) continue;
    if (input.type === "checkbox") input.checked = value === "yes";
    else input.value = value;
  }
  const yearOf = (row) => {
    const c = Array.from(row.classList).find((x) => x.startsWith("clipvid-y-"));
    return c ? parseInt(c.slice(10), 10) : NaN;
  };
  const apply = () => {
    const q = field("q").value.trim().toLowerCase();
    const paradigm = field("paradigm").value, setting = field("setting").value;
    const venue = field("venue").value;
    const from = parseInt(field("from").value, 10), to = parseInt(field("to").value, 10);
    const code = field("code").checked, results = field("results").checked;
    let shown = 0;
    const rows = table.tBodies[0].rows;
    for (const row of rows) {
      const has = (c) => row.classList.contains(c);
      const year = yearOf(row);
      const keep = (!paradigm || has(`clipvid-p-${paradigm}`))
        && (!setting || has(`clipvid-t-${setting}`))
        && (!venue || has(`clipvid-v-${venue}`))
        && (isNaN(from) || year >= from) && (isNaN(to) || year <= to)
        && (!code || has("clipvid-code-yes")) && (!results || has("clipvid-res-yes"))
        && (!q || row.textContent.toLowerCase().includes(q));
      row.hidden = !keep;
      shown += keep;
    }
    status.textContent = `${shown} of ${rows.length} methods shown`;
    const state = new URLSearchParams();
    for (const input of form.elements) {
      if (!input.name) continue;
      if (input.type === "checkbox") { if (input.checked) state.set(input.name, "yes"); }
      else if (input.value) state.set(input.name, input.value);
    }
    const query = state.toString();
    history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
  };
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  apply();
});
