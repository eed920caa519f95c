// Tend client form, part 1 of 3 (fill-show.js, fill-rows.js, fill-save.js,
// loaded in that order): reading answers, show_if, crisis help and sliders.
// Progressive enhancement only: every page works without these files
// (plain form posts). They never store answers in localStorage or
// sessionStorage. The parts share window.TendFill.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  var form = document.getElementById("fill-form");
  if (!form) return;
  var T = window.TendFill = window.TendFill || {};
  T.form = form;

  // ---- Reading answers: the same shape worksheets.AnswersFromForm gives.

  function topItems() {
    return Array.prototype.filter.call(form.querySelectorAll("[data-item]"), function (w) {
      return !w.parentElement.closest("[data-row]");
    });
  }
  function rowsOf(rep) { return rep.querySelectorAll("[data-rows] > [data-row]"); }
  function subItems(row) { return row.querySelectorAll("[data-item]"); }

  function read(w) {
    var type = w.getAttribute("data-type");
    var el, v, list;
    switch (type) {
      case "text": case "long_text": case "date": case "number":
        el = w.querySelector("input, textarea");
        v = type === "text" || type === "long_text" ? el.value : el.value.trim();
        if (v === "") return undefined;
        if (type !== "number") return v;
        v = Number(v);
        return isFinite(v) ? v : undefined;
      case "slider":
        el = w.querySelector("input[type=range]");
        return el.hasAttribute("name") ? Number(el.value) : undefined;
      case "yes_no": case "choice": case "likert":
        el = w.querySelector(".options input:checked");
        if (!el) return undefined;
        if (type === "yes_no") return el.value === "yes";
        return type === "likert" ? Number(el.value) : el.value;
      case "multi_choice":
        list = Array.prototype.map.call(w.querySelectorAll(".options input:checked"), function (c) { return c.value; });
        return list.length ? list : undefined;
    }
    return undefined;
  }

  function put(dst, w) {
    var id = w.getAttribute("data-item");
    var v = read(w);
    if (v !== undefined) dst[id] = v;
    var other = w.querySelector(".other input");
    if (other && other.value !== "") dst[id + "_other"] = other.value;
  }

  // ---- show_if: the semantics of worksheets.Condition.Eval.

  function isEmpty(v) {
    return v === undefined || v === null || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0);
  }
  function same(a, b) {
    return (typeof a === "number" || typeof a === "string" || typeof a === "boolean") && typeof a === typeof b && a === b;
  }
  function compare(ans, op, want) {
    if (op === "=") return same(ans, want);
    if (op === "!=") return !same(ans, want);
    var ok = typeof ans === "number" ? typeof want === "number" && isFinite(ans) && isFinite(want)
      : typeof ans === "string" && typeof want === "string";
    if (!ok) return false;
    var cmp = ans < want ? -1 : ans > want ? 1 : 0;
    return op === ">" ? cmp > 0 : op === ">=" ? cmp >= 0 : op === "<" ? cmp < 0 : op === "<=" ? cmp <= 0 : false;
  }
  function leaf(c, top, row) {
    var ans = row && Object.prototype.hasOwnProperty.call(row, c.item) ? row[c.item] : top[c.item];
    if (c.op === "exists") return !isEmpty(ans) === (typeof c.value === "boolean" ? c.value : true);
    if (isEmpty(ans)) return false;
    if (Array.isArray(ans)) {
      var has = ans.some(function (x) { return same(x, c.value); });
      return c.op === "=" ? has : c.op === "!=" ? !has : false;
    }
    return compare(ans, c.op, c.value);
  }
  function holds(c, top, row, depth) {
    if (depth > 32) return false;
    var said = false, i;
    if (c.all && c.all.length) {
      said = true;
      for (i = 0; i < c.all.length; i++) if (!holds(c.all[i], top, row, depth + 1)) return false;
    }
    if (c.any && c.any.length) {
      said = true;
      if (!c.any.some(function (x) { return holds(x, top, row, depth + 1); })) return false;
    }
    if (c.item || c.op) return leaf(c, top, row);
    return said;
  }
  function visible(w, top, row) {
    var c = w.getAttribute("data-show-if");
    if (!c) return true;
    try { return holds(JSON.parse(c), top, row, 0); } catch (e) { return true; }
  }

  // scan hides the items whose show_if fails and returns every answer on
  // the page (a draft keeps hidden ones too). As on the server at submit,
  // a hidden item's answer does not count for the conditions after it.
  function scan() {
    var all = {}, seen = {};
    topItems().forEach(function (w) {
      var id = w.getAttribute("data-item"), type = w.getAttribute("data-type");
      var vis = visible(w, seen, null);
      w.hidden = !vis;
      if (type === "info") return;
      if (type !== "repeat") {
        put(all, w);
        if (vis) put(seen, w);
        return;
      }
      var rows = [], seenRows = [];
      Array.prototype.forEach.call(rowsOf(w), function (r) {
        var row = {}, seenRow = {};
        Array.prototype.forEach.call(subItems(r), function (s) {
          var sv = visible(s, seen, seenRow);
          s.hidden = !sv;
          if (s.getAttribute("data-type") === "info") return;
          put(row, s);
          if (sv) put(seenRow, s);
        });
        rows.push(row);
        seenRows.push(seenRow);
      });
      if (rows.length) {
        all[id] = rows;
        if (vis) seen[id] = seenRows;
      }
    });
    crisisHelp(seen);
    return all;
  }

  // Crisis help next to a question, the moment an answer that raises a
  // high-severity flag is chosen: the same evaluator as show_if, on the
  // flag rules' conditions the page carries (never their messages).
  function crisisHelp(seen) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-help-when]"), function (p) {
      try {
        p.hidden = !JSON.parse(p.getAttribute("data-help-when")).some(function (c) { return holds(c, seen, null, 0); });
      } catch (e) { /* keep what the server rendered */ }
    });
  }

  // ---- Sliders: an untouched slider is not an answer, so it has no name
  // until it is moved. Without JavaScript the page shows a drop-down with
  // "Not answered" instead, since a range input always sends its position.

  function sliderText(el) {
    if (!el.hasAttribute("name")) return "Not answered yet";
    var t = el.value;
    if (el.value === el.min && el.getAttribute("data-min-label")) t += ", " + el.getAttribute("data-min-label");
    if (el.value === el.max && el.getAttribute("data-max-label")) t += ", " + el.getAttribute("data-max-label");
    return t;
  }
  function syncSlider(el) {
    var out = document.getElementById(el.id + "-out");
    if (out) {
      out.textContent = el.hasAttribute("name") ? el.value : "Not answered yet";
      out.classList.toggle("unset", !el.hasAttribute("name"));
    }
    el.setAttribute("aria-valuetext", sliderText(el));
  }
  function setupSliders(root) {
    Array.prototype.forEach.call(root.querySelectorAll("input[type=range][data-name]"), function (el) {
      // Swap the no-JavaScript drop-down (or number box) for the range: the
      // range takes its id, so labels and error links still point at it.
      var wrap = el.closest("[data-item]") || root;
      var fallback = wrap.querySelector(".slider-fallback");
      if (fallback) {
        var id = fallback.id;
        fallback.remove();
        el.id = id;
        var out = wrap.querySelector("output.slider-out");
        if (out) out.setAttribute("for", id);
      }
      el.disabled = false;
      if (el.hasAttribute("data-unset")) el.removeAttribute("name");
      else el.setAttribute("name", el.getAttribute("data-name"));
      syncSlider(el);
    });
  }
  function touchSlider(el) {
    if (el.type !== "range" || el.hasAttribute("name")) return;
    el.removeAttribute("data-unset");
    el.setAttribute("name", el.getAttribute("data-name"));
    syncSlider(el);
  }

  T.rowsOf = rowsOf;
  T.subItems = subItems;
  T.put = put;
  T.scan = scan;
  T.setupSliders = setupSliders;
  T.touchSlider = touchSlider;
  T.syncSlider = syncSlider;
})();
