// The city finder (pages finder/ and en/finder/): a search box over every city's names and a
// table sorted by the column whose header is activated. The names come from the site's own
// data/finder/cities.json, fetched on first use; without this script the page is a plain table.
(() => {
  "use strict";
  const MAX_OPTIONS = 10;
  // As reporter/website/finder.py search_key: NFKC, case-folded, no spaces or marks.
  const IGNORED = /[\s'’\-·.()（）]/g;
  const key = (text) => text.normalize("NFKC").toLowerCase().replace(IGNORED, "");

  // Exact names first, then names that start with what was typed, then the others.
  function matches(cities, typed) {
    const wanted = key(typed);
    if (!wanted) return [];
    const scored = [];
    cities.forEach((city, order) => {
      let best = 3;
      for (const k of city.keys) {
        if (k === wanted) best = Math.min(best, 0);
        else if (k.startsWith(wanted)) best = Math.min(best, 1);
        else if (k.includes(wanted)) best = Math.min(best, 2);
      }
      if (best < 3) scored.push({ city, best, order });
    });
    scored.sort((a, b) => a.best - b.best || a.order - b.order);
    return scored.slice(0, MAX_OPTIONS).map((s) => s.city);
  }

  function setupSearch(form) {
    const input = form.querySelector("input");
    const list = form.querySelector("[role=listbox]");
    const status = form.querySelector("[role=status]");
    const lang = form.dataset.lang;
    let cities = null;
    let shown = [];
    let active = -1;

    const load = () => {
      if (!cities) {
        cities = fetch(form.dataset.index)
          .then((response) => response.json())
          .then((data) => data.cities);
      }
      return cities;
    };
    const href = (city) => `${form.dataset.cities}${city.code}/`;
    const label = (city) => {
      const other = lang === "zh" ? city.en : city.zh;
      return `${city[lang]} ${other} · ${city[`province_${lang}`]}`;
    };

    function choose(index) {
      active = index;
      list.querySelectorAll("[role=option]").forEach((option, i) => {
        option.setAttribute("aria-selected", String(i === index));
      });
      if (index >= 0) input.setAttribute("aria-activedescendant", `finder-option-${index}`);
      else input.removeAttribute("aria-activedescendant");
    }

    function show(found, typed) {
      shown = found;
      list.replaceChildren(
        ...found.map((city, i) => {
          const option = document.createElement("li");
          option.id = `finder-option-${i}`;
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.dataset.code = city.code;
          option.textContent = label(city);
          option.addEventListener("mousedown", (event) => event.preventDefault());
          option.addEventListener("click", () => window.location.assign(href(city)));
          return option;
        }),
      );
      const open = found.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", String(open));
      choose(open ? 0 : -1);
      status.textContent = !typed.trim()
        ? ""
        : open
          ? form.dataset.count.replace("{n}", found.length)
          : form.dataset.none;
    }

    input.addEventListener("focus", load, { once: true });
    input.addEventListener("input", async () => {
      const typed = input.value;
      const all = await load();
      if (input.value === typed) show(matches(all, typed), typed);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && shown.length) {
        event.preventDefault();
        choose((active + 1) % shown.length);
      } else if (event.key === "ArrowUp" && shown.length) {
        event.preventDefault();
        choose((active - 1 + shown.length) % shown.length);
      } else if (event.key === "Escape") {
        show([], "");
      }
    });
    input.addEventListener("blur", () => {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const found = shown.length ? shown : matches(await load(), input.value);
      const city = found[Math.max(active, 0)];
      if (city) window.location.assign(href(city));
      else show([], input.value);
    });
    form.hidden = false;
  }

  // A button in each header; the table is re-ordered in place, rows without a value last.
  function setupSort(table) {
    const headers = Array.from(table.tHead.rows[0].cells);
    const body = table.tBodies[0];
    const lang = table.dataset.lang;
    const value = (row, column) => {
      const cell = row.cells[column];
      return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    };
    function sort(column) {
      const header = headers[column];
      const ascending = header.getAttribute("aria-sort") !== "ascending";
      const numeric = header.dataset.type === "number";
      headers.forEach((h) => h.removeAttribute("aria-sort"));
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = value(a, column);
        const y = value(b, column);
        if (x === "" || y === "") return (x === "") - (y === "");
        const order = numeric ? Number(x) - Number(y) : x.localeCompare(y, lang);
        return ascending ? order : -order;
      });
      body.append(...rows);
    }
    headers.forEach((header, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.append(...header.childNodes);
      header.append(button);
      button.addEventListener("click", () => sort(column));
    });
  }

  document.querySelectorAll("form[data-finder]").forEach(setupSearch);
  document.querySelectorAll("table[data-sortable]").forEach(setupSort);
})();
