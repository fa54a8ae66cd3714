// The panel's behaviour: live updates over Server-Sent Events, a sound and badges for new
// orders, actions sent without leaving the page, confirmations. Every page also works
// without it (plain forms and links).
(function () {
  "use strict";
  var body = document.body;

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
  if (!body.dataset.live) return;

  var csrf = body.dataset.csrf || "";
  var baseTitle = document.title;
  var alerts = 0;
  var known = newOrders(document);

  function newOrders(root) {
    var found = new Set();
    root.querySelectorAll('[data-order][data-status="novo"]').forEach(function (card) {
      found.add(card.dataset.order);
    });
    return found;
  }

  // -- sound: browsers only play after a tap on the page, so the button (or any tap) unlocks it
  var audio = null;
  var soundOn = window.localStorage.getItem("painel-som") === "sim";
  var toggle = document.querySelector("[data-sound-toggle]");

  function paintToggle() {
    if (!toggle) return;
    toggle.setAttribute("aria-pressed", soundOn ? "true" : "false");
    var label = toggle.querySelector("[data-sound-label]");
    if (label) label.textContent = soundOn ? "Som ligado" : "Som desligado";
  }

  function audioContext() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!audio && Context) audio = new Context();
    if (audio && audio.state === "suspended") audio.resume();
    return audio;
  }

  function ring() {
    alerts += 1;
    body.dataset.alerts = String(alerts);
    if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
    var ctx = soundOn ? audioContext() : null;
    if (!ctx) return;
    [[0, 880], [0.25, 1175]].forEach(function (note) {
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      var at = ctx.currentTime + note[0];
      osc.frequency.value = note[1];
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.5, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.22);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.25);
    });
  }

  if (toggle) {
    toggle.addEventListener("click", function () {
      soundOn = !soundOn;
      window.localStorage.setItem("painel-som", soundOn ? "sim" : "nao");
      paintToggle();
      if (soundOn) audioContext();
    });
  }
  paintToggle();
  document.addEventListener("pointerdown", function () { if (soundOn) audioContext(); },
                            { once: true });

  // -- notices
  function toast(kind, text) {
    var box = document.querySelector(".avisos");
    if (!box || !text) return;
    var line = document.createElement("p");
    line.className = "aviso aviso-" + kind;
    line.setAttribute("role", "status");
    line.textContent = text;
    box.replaceChildren(line);
    window.clearTimeout(toast.timer);
    toast.timer = window.setTimeout(function () { line.remove(); }, 7000);
  }
  var saved = window.sessionStorage.getItem("painel-aviso");
  if (saved) {
    window.sessionStorage.removeItem("painel-aviso");
    try { var notice = JSON.parse(saved); toast(notice.kind, notice.message); } catch (e) { /* old */ }
  }

  function loginAgain(url) {
    window.location.assign(url || "/painel/entrar?expirou=1");
  }

  // -- live regions: re-fetched when the stream says something changed
  function badges(counts) {
    Object.keys(counts).forEach(function (name) {
      document.querySelectorAll('[data-badge="' + name + '"]').forEach(function (badge) {
        badge.textContent = String(counts[name]);
        badge.hidden = !counts[name];
      });
    });
    document.title = (counts.novos ? "(" + counts.novos + ") " : "") + baseTitle;
  }

  async function refreshRegion(region) {
    var response = await fetch(region.dataset.liveSrc, {
      headers: { "Accept": "text/html", "X-Requested-With": "fetch" },
      credentials: "same-origin",
    });
    if (response.status === 401) { loginAgain(); return; }
    if (!response.ok) return;
    var html = await response.text();
    var selector = region.dataset.liveSelect;
    var typing = region.querySelector("textarea");
    var draft = typing ? typing.value : "";
    if (selector) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = doc.querySelector(selector);
      var old = region.querySelector(selector);
      if (fresh && old) old.replaceWith(document.importNode(fresh, true));
    } else {
      region.innerHTML = html;
    }
    var again = region.querySelector("textarea");
    if (again && draft) again.value = draft;
  }

  async function refresh() {
    var regions = document.querySelectorAll("[data-live-src]");
    for (var i = 0; i < regions.length; i += 1) {
      await refreshRegion(regions[i]);
    }
    var now = newOrders(document);
    var arrived = false;
    now.forEach(function (number) {
      if (!known.has(number)) {
        arrived = true;
        var card = document.querySelector('[data-order="' + number + '"]');
        if (card) card.classList.add("chegou");
      }
    });
    known = now;
    if (arrived) ring();
    return regions.length;
  }

  var stream = new EventSource("/painel/eventos");
  var first = true;
  stream.addEventListener("change", function (event) {
    badges(JSON.parse(event.data));
    if (first) { first = false; return; }  // the page was just drawn from the same data
    refresh();
  });
  stream.addEventListener("expired", function (event) {
    stream.close();
    loginAgain(JSON.parse(event.data).login);
  });
  stream.onerror = function () {
    if (stream.readyState !== EventSource.CLOSED) return;  // the browser retries by itself
    fetch("/painel/pedidos/quadro", { headers: { "X-Requested-With": "fetch" } }).then(function (r) {
      if (r.status === 401) loginAgain();
    });
  };

  // -- actions: sent with fetch, buttons disabled while in flight (no double submits)
  document.addEventListener("submit", async function (event) {
    var form = event.target.closest("form");
    if (!form) return;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (!form.matches("[data-action]")) return;
    event.preventDefault();
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    try {
      var response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "Accept": "application/json", "X-CSRF-Token": csrf },
        credentials: "same-origin",
      });
      var data = await response.json().catch(function () {
        return { ok: false, kind: "erro", message: "Resposta inesperada do servidor." };
      });
      if (response.status === 401) { loginAgain(data.login); return; }
      if (form.matches("[data-reply]") && data.ok) {
        form.reset();
        var id = form.querySelector('[name="pedido_id"]');
        if (id && data.request_id) id.value = data.request_id;
      }
      var inRegion = form.closest("[data-live-src]");
      if (inRegion || document.querySelector("[data-live-src]")) {
        toast(data.kind || (data.ok ? "ok" : "erro"), data.message);
        await refresh();
      } else {
        window.sessionStorage.setItem("painel-aviso", JSON.stringify(data));
        window.location.reload();
      }
    } catch (error) {
      toast("erro", "Sem conexão com o painel. Confira a internet e tente de novo.");
    } finally {
      buttons.forEach(function (button) { button.disabled = false; });
    }
  });
})();
