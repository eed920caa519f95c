// Tend client form: progressive enhancement only. Every page works without
// this file (plain form posts). With it: autosave, show_if, table rows
// added and removed in place, sliders that show their value. It never
// stores answers in localStorage or sessionStorage.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  var form = document.getElementById("fill-form");
  if (!form) return;

  var csrf = form.elements.namedItem("_csrf").value;
  var versionInput = document.getElementById("draft-version");
  var statusEl = document.getElementById("save-status");
  // Announces rows added and removed; the save status has its own region.
  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  form.appendChild(live);

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

  function addRow(rep) {
    var rows = rep.querySelector("[data-rows]");
    if (rowsOf(rep).length >= (Number(rep.getAttribute("data-max-rows")) || 50)) return;
    var frag = rep.querySelector("template[data-row-template]").content.cloneNode(true);
    var row = frag.querySelector("[data-row]");
    rows.appendChild(frag);
    renumber(rep);
    setupSliders(row);
    scan();
    var first = row.querySelector("input:not([type=hidden]), textarea");
    if (first) first.focus();
    announce("Row " + rowsOf(rep).length + " added.");
    changed(400);
  }

  function removeRow(row) {
    var rep = row.closest("[data-repeat]");
    var n = row.querySelector("[data-row-number]").textContent;
    row.remove();
    renumber(rep);
    scan();
    rep.querySelector(".add-row").focus();
    announce("Row " + n + " removed.");
    changed(400);
  }

  // ---- Autosave: a few seconds after typing stops, on each change and
  // when the page is hidden. "Saved" shows only after the server said so.

  var dirty = false, seq = 0, inflight = false, timer = 0, backoff = 0, stopped = false, leaving = false;
  var lastKind = "";

  function announce(text) { live.textContent = text; }
  // The status is a polite live region that changes only when the state
  // does: repeated saves update just the time, which is aria-hidden, so a
  // screen reader hears "Saved" once, not after every pause in typing.
  function setStatus(kind, text, problem, time) {
    statusEl.classList.toggle("problem", !!problem);
    if (kind === lastKind) {
      var old = statusEl.querySelector(".when");
      if (old && time) old.textContent = time;
      return;
    }
    lastKind = kind;
    statusEl.textContent = text;
    if (time) {
      var when = document.createElement("span");
      when.className = "when";
      when.setAttribute("aria-hidden", "true");
      when.textContent = time;
      statusEl.appendChild(document.createTextNode(" "));
      statusEl.appendChild(when);
    }
  }
  function clock(iso) {
    var d = iso ? new Date(iso) : new Date();
    return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function changed(delay) {
    dirty = true;
    seq++;
    schedule(delay);
  }
  function schedule(delay) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  function save(keepalive) {
    if (stopped || !dirty) return Promise.resolve();
    if (inflight) { schedule(1000); return Promise.resolve(); }
    clearTimeout(timer);
    var mine = seq;
    var body = JSON.stringify({ version: Number(versionInput.value) || 0, answers: scan() });
    inflight = true;
    return fetch("/f/draft", {
      method: "PUT", credentials: "same-origin", keepalive: keepalive === true && body.length < 60000,
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf }, body: body
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (d) { inflight = false; handle(r.status, d, mine, Number(r.headers.get("Retry-After")) || 0); });
    }, function () {
      inflight = false;
      retry();
    });
  }

  // retry waits longer each time, and at least what the server's
  // Retry-After asked for (seconds).
  function retry(after) {
    backoff = Math.max(Math.min(backoff ? backoff * 2 : 2000, 60000), (after || 0) * 1000);
    setStatus("retry", "Not saved yet — we'll keep trying.", true);
    schedule(backoff);
  }

  function handle(status, d, mine, after) {
    var code = d && d.error ? d.error.code : "";
    if (status === 200) {
      versionInput.value = d.version;
      backoff = 0;
      if (seq === mine) dirty = false; else schedule(2000);
      clearErrors();
      setStatus("saved", "Saved", false, clock(d.saved_at));
      return;
    }
    if (status === 409 && code === "conflict") return conflict(d.current);
    if (status === 422) {
      showErrors(d.error.details || []);
      setStatus("invalid", "Not saved — please check the answer marked in red.", true);
      return;
    }
    if (status >= 500 || status === 408 || status === 429) return retry(after);
    // Anything else will not get better by trying again: say so and stop.
    stopped = true;
    setStatus("stopped", code === "already_submitted" ? "These answers were already sent, so they can no longer change here."
      : status === 401 ? "Not saved: for your privacy this page closed after a while. Copy anything you typed since your last save, then open your link again."
        : status === 413 ? "Not saved: this is more text than can be saved at once. Please shorten your longest answer."
          : "Not saved: this page is out of date. Please reload it — your saved answers will be there.", true);
  }

  // Two windows saved: never overwrite silently; let the client choose.
  function conflict(current) {
    stopped = true;
    setStatus("conflict", "Your answers were also changed in another window or device. Saving is paused so nothing is overwritten.", true);
    statusEl.appendChild(document.createElement("br"));
    button("Keep what is on this page", "", function () {
      versionInput.value = current.version;
      stopped = false;
      dirty = true;
      setStatus("saving", "Saving…");
      save();
    }).focus();
    button("Load the newer version", "secondary", function () {
      dirty = false;
      leaving = true;
      window.location.reload();
    });
  }
  function button(text, cls, onclick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = cls;
    b.textContent = text;
    b.addEventListener("click", onclick);
    return statusEl.appendChild(b);
  }

  // ---- Messages next to items for a 422 on autosave.

  // An item's message goes once the client changes the answer (a
  // server-rendered one too); the next submit checks again.
  function clearError(w) {
    var p = w && w.querySelector(":scope > .field-error");
    if (!p) return;
    p.remove();
    w.classList.remove("has-error");
    [w].concat(Array.prototype.slice.call(w.querySelectorAll("[aria-invalid]"))).forEach(function (el) {
      if (el !== w && el.closest("[data-item]") !== w) return;
      el.removeAttribute("aria-invalid");
      var ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== p.id; });
      if (ids.length) el.setAttribute("aria-describedby", ids.join(" ")); else el.removeAttribute("aria-describedby");
    });
  }
  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll(".js-error"), function (p) { clearError(p.closest("[data-item]")); });
  }
  function showErrors(details) {
    clearErrors();
    details.forEach(function (e) {
      var name = String(e.item || "").replace(/_other$/, "");
      var w = form.querySelector('[data-name="' + name.replace(/["\\]/g, "") + '"]') || form.querySelector('[data-item="' + name.replace(/[^a-z0-9_]/g, "") + '"]');
      if (!w) return;
      clearError(w);
      var p = document.createElement("p");
      p.className = "field-error js-error";
      p.id = w.getAttribute("data-hid") + "-error";
      p.textContent = e.message;
      var head = w.querySelector("label, legend, h3");
      head.insertAdjacentElement("afterend", p);
      w.classList.add("has-error");
      var ctl = w.querySelector("input:not([type=hidden]), textarea");
      if (ctl) {
        ctl.setAttribute("aria-invalid", "true");
        var ids = (ctl.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (ids.indexOf(p.id) < 0) ctl.setAttribute("aria-describedby", ids.concat(p.id).join(" "));
      }
    });
  }

  // ---- Events.

  function isAnswer(el) { return el.name !== "_csrf" && el.name !== "_version" && el.closest("[data-item]"); }

  function onAnswer(delay) {
    return function (e) {
      var t = e.target;
      if (!isAnswer(t)) return;
      clearError(t.closest("[data-item]"));
      touchSlider(t);
      if (t.type === "range") syncSlider(t);
      scan();
      changed(delay);
    };
  }
  form.addEventListener("input", onAnswer(2000));
  form.addEventListener("change", onAnswer(400));
  form.addEventListener("pointerdown", function (e) { if (e.target.type === "range") touchSlider(e.target); });
  form.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t.type === "range" && /^(Arrow|Page|Home|End)/.test(e.key)) touchSlider(t);
  });
  form.addEventListener("click", function (e) {
    var btn = e.target.closest("button[name=action]");
    if (!btn) return;
    if (btn.value.indexOf("add:") === 0) {
      e.preventDefault();
      addRow(btn.closest("[data-repeat]"));
    } else if (btn.value.indexOf("remove:") === 0) {
      e.preventDefault();
      removeRow(btn.closest("[data-row]"));
    }
  });
  // "Save and finish later" waits for the autosave, so its post carries
  // the newest version number (and meets no conflict with itself).
  function flush() {
    if (inflight) return new Promise(function (ok) { setTimeout(ok, 150); }).then(flush);
    return save();
  }
  var resubmit = false;
  form.addEventListener("submit", function (e) {
    var btn = e.submitter;
    if (btn && btn.value === "stay") {
      // Enter in a field: without JavaScript it saves; here autosave does.
      e.preventDefault();
      changed(0);
      return;
    }
    if (!resubmit && btn && btn.value === "save" && (dirty || inflight)) {
      e.preventDefault();
      var go = function () { resubmit = true; form.requestSubmit(btn); };
      flush().then(go, go);
      return;
    }
    leaving = true;
    stopped = true;
    clearTimeout(timer);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty && !leaving) save(true);
  });
  window.addEventListener("online", function () { if (dirty) schedule(0); });
  window.addEventListener("beforeunload", function (e) {
    if (leaving || (!dirty && !inflight)) return;
    e.preventDefault();
    e.returnValue = "";
  });

  setupSliders(form);
  scan();
})();
