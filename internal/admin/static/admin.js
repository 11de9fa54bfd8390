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

// The article editor: a suggestion's Insert button puts its "See also"
// line into the body at the cursor (at the end when the body was never
// focused) instead of posting the form that saves it, and the form is
// marked as changed ("Unsaved changes" shows until it is submitted).
// Without the script the button posts that form (decision 0034). With the
// rich editor (decision 0038) the editor's own script handles the button.
(function () {
  "use strict";
  var form = document.querySelector("form.editor");
  var body = document.getElementById("body");
  if (!form || !body) {
    return;
  }
  var note = document.getElementById("unsaved");
  function markDirty() {
    form.setAttribute("data-dirty", "true");
    if (note) {
      note.hidden = false;
    }
  }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);

  var touched = false; // whether the writer has put the cursor in the body
  ["focus", "select", "keyup", "mouseup"].forEach(function (type) {
    body.addEventListener(type, function () {
      touched = true;
    });
  });

  // insert puts line in the body as a paragraph of its own, after the
  // paragraph the cursor is in (never splitting it), and leaves the cursor
  // at its end.
  function insert(line) {
    var text = body.value;
    var at = touched ? body.selectionEnd : text.length;
    var gap = text.slice(at).search(/\n[ \t]*\n/);
    at = gap < 0 ? text.length : at + gap;
    var before = text.slice(0, at).replace(/\s+$/, "");
    var after = text.slice(at).replace(/^\s*\n/, "");
    var lead = before ? "\n\n" : "";
    body.value = before + lead + line + (after ? "\n\n" : "\n") + after;
    var cursor = before.length + lead.length + line.length;
    body.focus();
    body.setSelectionRange(cursor, cursor);
    touched = true;
  }

  Array.prototype.forEach.call(document.querySelectorAll("button[data-see-also]"), function (button) {
    button.addEventListener("click", function (e) {
      if (form.getAttribute("data-rich") === "on") {
        return; // the rich editor inserts a see-also block instead
      }
      e.preventDefault();
      insert(button.getAttribute("data-see-also"));
      markDirty();
      button.disabled = true;
      button.textContent = "Inserted";
    });
  });
})();

// The media library's focal point: clicking the picture sets the two
// numbers (which work on their own without JavaScript) and a mark shows
// where the point is.
(function () {
  "use strict";
  var fig = document.querySelector("[data-focus-for]");
  if (!fig) {
    return;
  }
  var ids = fig.getAttribute("data-focus-for").split(" ");
  var fx = document.getElementById(ids[0]);
  var fy = document.getElementById(ids[1]);
  var img = fig.querySelector("img");
  if (!fx || !fy || !img) {
    return;
  }
  var mark = document.createElement("span");
  mark.className = "focus-mark";
  mark.setAttribute("aria-hidden", "true");
  fig.insertBefore(mark, img.nextSibling);
  img.style.cursor = "crosshair";
  img.title = "Click to set the focal point";
  function clamp(v) {
    v = parseFloat(v);
    return isNaN(v) ? 0.5 : Math.min(1, Math.max(0, v));
  }
  function place() {
    mark.style.left = img.offsetLeft + clamp(fx.value) * img.clientWidth + "px";
    mark.style.top = img.offsetTop + clamp(fy.value) * img.clientHeight + "px";
  }
  img.addEventListener("click", function (e) {
    var r = img.getBoundingClientRect();
    fx.value = (Math.round(((e.clientX - r.left) / r.width) * 100) / 100).toString();
    fy.value = (Math.round(((e.clientY - r.top) / r.height) * 100) / 100).toString();
    place();
  });
  fx.addEventListener("input", place);
  fy.addEventListener("input", place);
  window.addEventListener("resize", place);
  if (img.complete) {
    place();
  } else {
    img.addEventListener("load", place);
  }
})();
