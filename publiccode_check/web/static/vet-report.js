// The script of the HTML report of `publiccode-check vet`: sorting, filtering, the problems of a
// repository and the rows beyond the first page, built from the JSON in #repos-data.
"use strict";
(() => {
  const table = document.getElementById("repos");
  if (!table) return;
  // made when first needed: each takes tens of milliseconds to make, which the page's load need not wait for
  let collator = null, numbers = null;
  const number = (count) => (numbers = numbers || new Intl.NumberFormat("en")).format(count);  // as {:,}
  const headers = Array.from(table.tHead.rows[0].cells);
  const numeric = headers.map((th) => th.dataset.type === "number");
  const SCHEME = /^https?:\/\//i;
  const named = (address, linked) => linked ? address.replace(SCHEME, "") : address;  // as shown
  // Every repository is in the JSON; only those listed are in the document (a browser lays out
  // thousands of rows slowly). Sort keys and search texts are read from the JSON once, when the
  // page is idle or at the first thing asked of it: sorting and filtering are then done in memory.
  let read = false, page = 0, strings = [], rows = [];
  let order = [];  // all the repositories, sorted
  let matching = [];  // those the filters let through, in that order
  let listed = [];  // those in the table: the first `limit` of them
  let limit = 0;  // `page`, and more when asked; a new sort or filter lists the first `page` again
  const ready = () => {
    if (read) return;
    read = true;
    const data = JSON.parse(document.getElementById("repos-data").textContent);
    ({page, strings} = data);
    rows = data.rows.map(([source, file, links, status, errors, warnings, version, failure, problems],
                          index) => {
      status = strings[status];
      version = version === null ? null : strings[version];
      const rank = data.statuses.indexOf(status);
      const keys = [named(source, links & 1).trim(), rank < 0 ? data.statuses.length : rank, errors,
                    warnings, version === null ? "" : version.trim(), named(file, links & 2).trim()];
      return {index, source, file, links, status, errors, warnings, version, failure, problems, keys,
              body: null, rules: new Set(problems.map((problem) => strings[problem[3]])),
              // what the search box looks in: the names shown, and the addresses behind them
              text: [keys[0], keys[5], links & 1 ? source : "", links & 2 ? file : ""].join("\n")
                .toLowerCase()};
    });
    // the rows written in the page are used as they are; the others are built when first listed
    listed = Array.from(table.tBodies, (body) => Object.assign(rows[body.dataset.i], {body}));
    order = rows.slice();
    matching = order;
    limit = page;
  };

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };
  // a line may break after each "/" of a path or an address (<wbr>), rather than inside a name
  const breakable = (node, text) => {
    const parts = text.split("/");
    parts.forEach((part, index) => {
      if (index < parts.length - 1) node.append(part + "/", document.createElement("wbr"));
      else if (part) node.append(part);
    });
    return node;
  };
  // a link only for what the page's writer found to be an http(s) address (`linked`); else text
  const link = (cell, address, linked) => {
    if (!linked || !SCHEME.test(address)) {
      breakable(cell, address);
      return;
    }
    const anchor = element("a");
    anchor.setAttribute("href", address);
    anchor.rel = "noopener noreferrer";
    cell.append(breakable(anchor, named(address, true)));
  };
  const build = (row) => {  // the same markup as the rows written in the page
    const body = document.createElement("tbody");
    body.dataset.i = row.index;
    body.dataset.status = row.status;
    const tr = body.insertRow();
    tr.className = "repo";
    const cell = (className, ...content) => {
      const td = tr.insertCell();
      if (className) td.className = className;
      td.append(...content);
      return td;
    };
    const source = cell("src");
    if (row.problems.length || row.failure) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "more";
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-label", "show " + (row.problems.length ? row.problems.length + " problems"
                                                                         : "why"));
      source.append(button);
    }
    link(source, row.source, row.links & 1);
    cell("", element("span", "badge " + row.status, row.status));
    cell("num", String(row.errors));
    cell("num", String(row.warnings));
    cell("", row.version === null ? element("span", "none", "\u2014") : row.version);
    link(cell("file"), row.file, row.links & 2);
    return body;
  };
  const bodyOf = (row) => row.body || (row.body = build(row));

  const filter = document.getElementById("filter");
  const verdict = document.getElementById("verdict");
  const rule = document.getElementById("rule");
  const shown = document.getElementById("shown");
  const footer = document.getElementById("more-rows");
  const showMore = document.getElementById("show-more");
  const showAll = document.getElementById("show-all");
  const describe = () => {
    const left = matching.length - listed.length, count = number(matching.length);
    shown.textContent = count + " of " + number(rows.length) + " repositories "
      + (left ? "match, the first " + number(listed.length) + " are shown" : "shown");
    footer.hidden = !left;
    showMore.textContent = "Show " + number(Math.min(page, left)) + " more";
    showAll.textContent = "Show all " + count;
    showAll.hidden = left <= page;
  };
  const append = (added) => {  // one insertion, one layout
    const fragment = document.createDocumentFragment();
    for (const row of added) fragment.appendChild(bodyOf(row));
    table.appendChild(fragment);
    listed = listed.concat(added);
  };
  const list = () => {
    const wanted = matching.slice(0, limit);
    if (wanted.length !== listed.length || wanted.some((row, index) => row !== listed[index])) {
      for (const row of listed) row.body.remove();
      listed = [];
      append(wanted);
    }
    describe();
  };
  const apply = () => {
    ready();
    const words = filter.value.trim().toLowerCase();
    matching = !words && !verdict.value && !rule.value ? order : order.filter((row) =>
      (!words || row.text.includes(words)) && (!verdict.value || row.status === verdict.value)
      && (!rule.value || row.rules.has(rule.value)));
    limit = page;
    list();
  };
  const extend = (to) => {
    ready();
    limit = to;
    const added = matching.slice(listed.length, limit);
    append(added);
    describe();
    // the reader goes on where the new rows start (the button may be gone)
    const next = added.length && added[0].body.querySelector("a, button");
    if (next) next.focus();
  };
  showMore.addEventListener("click", () => { ready(); extend(listed.length + page); });
  showAll.addEventListener("click", () => extend(Infinity));
  // a printed report has every repository the filters let through
  let saved = 0;
  addEventListener("beforeprint", () => { ready(); saved = limit; limit = Infinity; list(); });
  addEventListener("afterprint", () => { if (saved) { limit = saved; saved = 0; list(); } });
  footer.hidden = table.tBodies.length === Number(table.dataset.rows);

  // a text column is put in order by the collator once, as ranks: each sort is then one of numbers
  const ranks = [];
  const ranked = (column) => {
    if (!ranks[column]) {
      collator = collator || new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});
      const sorted = rows.slice().sort((a, b) => collator.compare(a.keys[column], b.keys[column]));
      const rank = ranks[column] = new Float64Array(rows.length);
      sorted.forEach((row, index) => {
        const previous = sorted[index - 1];
        rank[row.index] = previous && !collator.compare(previous.keys[column], row.keys[column])
          ? rank[previous.index] : index;
      });
    }
    return ranks[column];
  };
  const idle = window.requestIdleCallback || ((callback) => setTimeout(callback, 200));
  idle(() => {
    ready();
    numeric.forEach((isNumber, column) => { if (!isNumber) idle(() => ranked(column)); });
  });
  headers.forEach((th, column) => {
    th.querySelector("button").addEventListener("click", () => {
      ready();
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach((other) => other.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const sign = ascending ? 1 : -1;
      const key = numeric[column] ? rows.map((row) => row.keys[column]) : ranked(column);
      order.sort((a, b) => sign * (key[a.index] - key[b.index]) || a.index - b.index);
      apply();
    });
  });

  let pending = 0;
  filter.addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(apply, 120); });
  verdict.addEventListener("change", apply);
  rule.addEventListener("change", apply);
  const chart = document.getElementById("problems-chart");
  if (chart) chart.addEventListener("click", (event) => {
    const bar = event.target.closest("[data-rule]");
    if (!bar) return;
    rule.value = bar.dataset.rule;
    apply();
    table.scrollIntoView({behavior: "smooth"});
  });

  // messages write names and values between backticks: those parts as <code>, all as text nodes
  const marked = (tag, className, text) => {
    const node = element(tag, className);
    String(text).split("`").forEach((part, index) => {
      if (part) node.append(index % 2 ? element("code", "", part) : part);
    });
    return node;
  };
  const SEVERITIES = new Set(["error", "warning"]);
  const detailRow = ({index, failure, problems}) => {
    const row = element("tr", "detail");
    row.id = "problems-" + index;
    const cell = row.insertCell();
    cell.colSpan = headers.length;
    if (failure) cell.appendChild(marked("p", "failure", failure));
    if (problems.length) {
      const items = element("ul", "problems");
      for (const [line, column, ...texts] of problems) {
        const [severity, ruleId, message, hint] = texts.map((index) => index === null ? "" : strings[index]);
        const item = element("li");
        item.append(element("span", "pos", line ? line + ":" + column : "\u2014"),
                    element("span", SEVERITIES.has(severity) ? "sev " + severity : "sev", severity),
                    element("code", "rule", ruleId), marked("span", "msg", message));
        if (hint) item.appendChild(marked("span", "hint", hint));
        items.appendChild(item);
      }
      cell.appendChild(items);
    }
    return row;
  };
  table.addEventListener("click", (event) => {
    const button = event.target.closest("button.more");
    if (!button) return;
    const body = button.closest("tbody");
    let row = body.rows[1];
    if (!row) {
      ready();
      row = body.appendChild(detailRow(rows[body.dataset.i]));
      button.setAttribute("aria-controls", row.id);
    }
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    row.hidden = !open;
  });
})();
