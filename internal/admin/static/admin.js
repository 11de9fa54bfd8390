// The newsroom's one script: a campaign page that is sending asks the
// progress endpoint every second and moves the bar and the counts, then
// reloads to show the results once the send stops. Without it the page
// refreshes itself (a meta refresh inside <noscript>) while sending.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress]");
  if (!box || !window.fetch || box.getAttribute("data-status") !== "sending") {
    return;
  }
  var url = box.getAttribute("data-progress");
  var bar = box.querySelector("progress");
  function show(name, text) {
    var el = box.querySelector('[data-field="' + name + '"]');
    if (el) {
      el.textContent = text;
    }
  }
  function count(n) {
    return Number(n).toLocaleString("en-US");
  }
  function tick() {
    fetch(url, { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (res) {
        if (!res.ok) {
          throw new Error("progress: " + res.status);
        }
        return res.json();
      })
      .then(function (p) {
        bar.max = Math.max(p.total, 1);
        bar.value = p.done;
        bar.textContent = p.percent + "%";
        ["sent", "failed", "bounced", "unconfirmed", "done", "total"].forEach(function (k) {
          show(k, count(p[k]));
        });
        show("percent", p.percent + "%");
        show("rate", p.rate_text);
        if (p.status !== "sending") {
          window.location.reload();
          return;
        }
        window.setTimeout(tick, 1000);
      })
      .catch(function () {
        window.setTimeout(tick, 5000);
      });
  }
  window.setTimeout(tick, 1000);
})();
