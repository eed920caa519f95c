// Tend client form, part 2 of 3: table rows added and removed in place,
// with Undo for a removed row that has words in it.
(function () {
  "use strict";
  var T = window.TendFill;
  if (!T) return;
  var form = T.form, rowsOf = T.rowsOf;
  // Announces rows added and removed; the save status has its own region.
  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  form.appendChild(live);

  // ---- Table rows, added and removed in place. Rows are renumbered so
  // names stay "<repeat>[<n>].<sub>" with n in page order.

  function renumber(rep) {
    var rid = rep.getAttribute("data-repeat");
    var nameRe = new RegExp("^" + rid + "\\[(?:\\d+|__ROW__)\\]");
    var idRe = new RegExp("^q-" + rid + "-(?:\\d+|__ROW__)-");
    var attrs = ["name", "id", "for", "aria-describedby", "aria-labelledby", "data-name", "data-hid", "list"];
    Array.prototype.forEach.call(rowsOf(rep), function (row, i) {
      var els = [row].concat(Array.prototype.slice.call(row.querySelectorAll("*")));
      els.forEach(function (el) {
        attrs.forEach(function (a) {
          var v = el.getAttribute(a);
          if (!v) return;
          el.setAttribute(a, v.split(" ").map(function (tok) {
            return tok.replace(nameRe, rid + "[" + i + "]").replace(idRe, "q-" + rid + "-" + i + "-");
          }).join(" "));
        });
        if (el.matches("button.remove-row")) el.value = "remove:" + rid + ":" + i;
        if (el.hasAttribute("data-row-number")) el.textContent = String(i + 1);
      });
    });
    var n = rowsOf(rep).length, max = Number(rep.getAttribute("data-max-rows")) || 50;
    rep.querySelector("[data-no-rows]").hidden = n > 0;
    rep.querySelector(".add-row").hidden = n >= max;
    rep.querySelector("[data-full]").hidden = n < max;
  }

  // The message under a table after a row went: its text is announced
  // (polite live region) and it holds the Undo button.
  function undoBar(rep) {
    var bar = rep.querySelector(".undo-bar");
    if (!bar) {
      bar = document.createElement("div");
      bar.className = "undo-bar";
      bar.setAttribute("role", "status");
      rep.querySelector(".add-row").insertAdjacentElement("beforebegin", bar);
    }
    return bar;
  }

  function addRow(rep) {
    var rows = rep.querySelector("[data-rows]");
    if (rowsOf(rep).length >= (Number(rep.getAttribute("data-max-rows")) || 50)) return;
    var frag = rep.querySelector("template[data-row-template]").content.cloneNode(true);
    var row = frag.querySelector("[data-row]");
    rows.appendChild(frag);
    renumber(rep);
    T.setupSliders(row);
    T.scan();
    var first = row.querySelector("input:not([type=hidden]), textarea");
    if (first) first.focus();
    announce(title(row) + " added.");
    T.changed(400);
  }

  function title(row) { return row.querySelector("legend").textContent.replace(/\s+/g, " ").trim(); }
  function hasText(row) {
    var got = {};
    Array.prototype.forEach.call(T.subItems(row), function (s) { T.put(got, s); });
    return Object.keys(got).length > 0;
  }

  // A row with words is not removed at once: it is hidden for 10 seconds
  // with Undo, and stays in the answers autosave stores until the time is
  // over or the client saves or sends (commitRemoval). A row with nothing
  // in it goes at once.
  var pending = null;
  function removeRow(row) {
    commitRemoval(); // one Undo at a time; this renumbers the rows
    var rep = row.closest("[data-repeat]");
    var name = title(row);
    if (!hasText(row)) {
      row.remove();
      renumber(rep);
      T.scan();
      rep.querySelector(".add-row").focus();
      announce(name + " removed.");
      T.changed(400);
      return;
    }
    row.hidden = true;
    row.setAttribute("data-removing", "");
    var bar = undoBar(rep);
    bar.textContent = name + " removed. ";
    var undo = document.createElement("button");
    undo.type = "button";
    undo.className = "secondary undo";
    undo.textContent = "Undo";
    undo.setAttribute("aria-label", "Undo: put " + name + " back");
    undo.addEventListener("click", function () { undoRemoval(); });
    bar.appendChild(undo);
    pending = { row: row, rep: rep, bar: bar, name: name, timer: setTimeout(commitRemoval, 10000) };
    undo.focus();
    announce(name + " removed. Undo is there for 10 seconds.");
  }

  function undoRemoval() {
    if (!pending) return;
    var p = pending;
    pending = null;
    clearTimeout(p.timer);
    p.row.hidden = false;
    p.row.removeAttribute("data-removing");
    p.bar.remove();
    var first = p.row.querySelector("input:not([type=hidden]), textarea, select");
    (first || p.row.querySelector("button.remove-row")).focus();
    announce(p.name + " is back.");
  }

  // commitRemoval removes the pending row for good (and autosave stores
  // that); it says whether there was one.
  function commitRemoval() {
    if (!pending) return false;
    var p = pending;
    pending = null;
    clearTimeout(p.timer);
    var hadFocus = p.bar.contains(document.activeElement);
    p.row.remove();
    p.bar.remove();
    renumber(p.rep);
    T.scan();
    if (hadFocus) p.rep.querySelector(".add-row").focus();
    T.changed(400);
    return true;
  }

  function announce(text) { live.textContent = text; }

  T.addRow = addRow;
  T.removeRow = removeRow;
  T.commitRemoval = commitRemoval;
})();
