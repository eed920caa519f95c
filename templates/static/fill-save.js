// Tend client form, part 3 of 3: autosave (a few seconds after typing
// stops, on each change and when the page is hidden), its messages, and
// the form's events.
(function () {
  "use strict";
  var T = window.TendFill;
  if (!T) return;
  var form = T.form;
  var csrf = form.elements.namedItem("_csrf").value;
  var versionInput = document.getElementById("draft-version");
  var statusEl = document.getElementById("save-status");

  // ---- Autosave: a few seconds after typing stops, on each change and
  // when the page is hidden. "Saved" shows only after the server said so.

  var dirty = false, seq = 0, inflight = false, timer = 0, backoff = 0, stopped = false, leaving = false;
  var lastKind = "";
  // A save whose answer never came (the network failed) may have been
  // stored: its retry carries the same save id, so the server answers it
  // with the version it made instead of a conflict with itself.
  var pending = null;
  function saveId() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
  }

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
    // A retry counts as the failed attempt's: if that one was stored,
    // what was typed since is saved next, under a new id.
    var attempt = pending || { id: saveId(), seq: seq };
    var mine = attempt.seq;
    var body = JSON.stringify({ version: Number(versionInput.value) || 0, save_id: attempt.id, answers: T.scan() });
    pending = attempt; // until the server answers it
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
    // Answered for good: the next save is a new attempt. A 5xx, 408 or
    // 429 may still have been stored, so its retry keeps the id.
    if (status < 500 && status !== 408 && status !== 429) pending = null;
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

  T.changed = changed;

  // ---- Events.

  function isAnswer(el) { return el.name !== "_csrf" && el.name !== "_version" && el.closest("[data-item]"); }

  function onAnswer(delay) {
    return function (e) {
      var t = e.target;
      if (!isAnswer(t)) return;
      clearError(t.closest("[data-item]"));
      T.touchSlider(t);
      if (t.type === "range") T.syncSlider(t);
      T.scan();
      changed(delay);
    };
  }
  form.addEventListener("input", onAnswer(2000));
  form.addEventListener("change", onAnswer(400));
  form.addEventListener("pointerdown", function (e) { if (e.target.type === "range") T.touchSlider(e.target); });
  form.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t.type === "range" && /^(Arrow|Page|Home|End)/.test(e.key)) T.touchSlider(t);
  });
  form.addEventListener("click", function (e) {
    var btn = e.target.closest("button[name=action]");
    if (!btn) return;
    if (btn.value.indexOf("add:") === 0) {
      e.preventDefault();
      T.addRow(btn.closest("[data-repeat]"));
    } else if (btn.value.indexOf("remove:") === 0) {
      e.preventDefault();
      T.removeRow(btn.closest("[data-row]"));
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
    // Saving or sending settles a removal waiting for Undo.
    T.commitRemoval();
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

  T.setupSliders(form);
  T.scan();
})();
