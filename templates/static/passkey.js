// Passkeys on the practitioner pages: "Add a passkey" (account) and "Use a
// passkey" (the code step of sign-in). Both are hidden until this script
// finds WebAuthn in the browser; without it the code form does the job.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) return;

  function b64(buf) {
    var s = "", bytes = new Uint8Array(buf);
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function bytes(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function post(url, csrf, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body || {})
    }).then(function (r) {
      var type = r.headers.get("Content-Type") || "";
      if (r.ok && type.indexOf("application/json") < 0) return { next: r.url };
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) throw new Error((j.error && j.error.message) || "Something went wrong. Please try again.");
        return j;
      });
    });
  }
  function ids(list) {
    (list || []).forEach(function (c) { c.id = bytes(c.id); });
  }

  function add(csrf) {
    return post("/account/passkeys/options", csrf).then(function (o) {
      var pk = o.publicKey;
      pk.challenge = bytes(pk.challenge);
      pk.user.id = bytes(pk.user.id);
      ids(pk.excludeCredentials);
      return navigator.credentials.create({ publicKey: pk });
    }).then(function (cred) {
      return post("/account/passkeys", csrf, {
        id: cred.id, rawId: b64(cred.rawId), type: cred.type,
        response: {
          clientDataJSON: b64(cred.response.clientDataJSON),
          attestationObject: b64(cred.response.attestationObject),
          transports: cred.response.getTransports ? cred.response.getTransports() : []
        }
      });
    });
  }

  function login(csrf, next, tz) {
    return post("/login/passkey/options", csrf).then(function (o) {
      var pk = o.publicKey;
      pk.challenge = bytes(pk.challenge);
      ids(pk.allowCredentials);
      return navigator.credentials.get({ publicKey: pk });
    }).then(function (cred) {
      var r = cred.response;
      var q = "?next=" + encodeURIComponent(next || "/") + "&tz=" + encodeURIComponent(tz || "");
      return post("/login/passkey" + q, csrf, {
        id: cred.id, rawId: b64(cred.rawId), type: cred.type,
        response: {
          clientDataJSON: b64(r.clientDataJSON), authenticatorData: b64(r.authenticatorData),
          signature: b64(r.signature), userHandle: r.userHandle ? b64(r.userHandle) : null
        }
      });
    });
  }

  document.querySelectorAll("[data-passkey]").forEach(function (btn) {
    btn.parentNode.hidden = false;
    var status = document.getElementById(btn.getAttribute("data-status"));
    btn.addEventListener("click", function () {
      btn.disabled = true;
      status.textContent = "";
      var d = btn.dataset;
      var run = d.passkey === "add" ? add(d.csrf) : login(d.csrf, d.next, d.tz);
      run.then(function (r) {
        location.assign(r.next || "/");
      }, function (e) {
        status.textContent = e && e.name === "NotAllowedError"
          ? "The passkey was not used. You can try again, or enter a code."
          : (e && e.message) || "Something went wrong. Please try again.";
        btn.disabled = false;
      });
    });
  });
})();
