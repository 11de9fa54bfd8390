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

// The article editor's autosave and presence (decision 0039). A few
// seconds after the last change, and when the page is hidden or left, the
// whole form is posted to its autosave address: the writer's working copy
// is kept as a revision, and the status line says "Saved at …" or why it
// could not be ("…, retrying"). A new article is created as a draft by its
// first autosave, and the page then edits it. Every 15 s a heartbeat says
// who has the article open: someone else editing it makes this form
// read-only with a Take over button; being taken over keeps this writer's
// text as a revision and stops the editor, with a link to reload.
// Without the script, the page says at load who else has it open.
(function () {
  "use strict";
  var form = document.querySelector("form.editor[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.getElementById("unsaved");
  var url = form.getAttribute("data-autosave");
  var presenceURL = form.getAttribute("data-presence");
  var holds = form.getAttribute("data-holds") !== "false";
  var DELAY = 2500, RETRY = 10000, BEAT = 15000;
  var timer = null, beat = null;
  var dirty = false, inFlight = false, submitting = false;
  var mode = "editing"; // or "watching" (someone else edits), "lost" (taken over)

  function say(text, ok) {
    if (!status) {
      return;
    }
    status.hidden = false;
    status.textContent = text;
    status.classList.toggle("saved", !!ok);
  }
  function csrf() {
    var input = form.querySelector('input[name="csrf"]');
    return input ? input.value : "";
  }
  function formBody() {
    var fd = new FormData(form);
    fd.delete("lead_image"); // a file goes with a real save only
    fd.delete("action");
    return fd;
  }
  function later(ms) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, ms);
  }
  function answer(res) {
    return res.json().catch(function () {
      return { error: "the server answered " + res.status };
    }).then(function (j) {
      j.httpStatus = res.status;
      j.ok = res.ok;
      return j;
    });
  }
  function post(to, body) {
    return fetch(to, { method: "POST", body: body, credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } }).then(answer);
  }

  function changed() {
    if (mode !== "editing") {
      return;
    }
    dirty = true;
    say("Unsaved changes");
    later(DELAY);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    submitting = true;
    window.clearTimeout(timer);
  });

  // save posts the form; force saves even when nothing changed (the text
  // of a writer who was taken over).
  function save(force) {
    if ((!dirty && force !== true) || (mode !== "editing" && force !== true) || submitting) {
      return Promise.resolve();
    }
    if (inFlight) {
      later(DELAY);
      return Promise.resolve();
    }
    inFlight = true;
    dirty = false;
    return post(url, formBody()).then(function (j) {
      inFlight = false;
      if (!j.ok) {
        dirty = true;
        if (j.httpStatus >= 500) {
          say("Could not save: " + (j.error || "the server failed") + ", retrying");
          later(RETRY);
        } else {
          say("Could not save: " + (j.error || "refused") + (mode === "editing" ? " (saved again at your next change)" : ""));
        }
        return;
      }
      if (j.version) {
        adopt(j);
      }
      if (!dirty) {
        say("Saved at " + j.saved_at, true);
      }
      if (j.presence) {
        showPresence(j.presence);
      }
    }).catch(function () {
      inFlight = false;
      dirty = true;
      say("Could not save: no connection, retrying");
      later(RETRY);
    });
  }

  // adopt makes the page edit the draft its first autosave created.
  function adopt(j) {
    form.action = j.edit_url;
    url = j.autosave_url;
    presenceURL = j.edit_url + "/presence";
    var v = form.querySelector('input[name="version"]');
    if (!v) {
      v = document.createElement("input");
      v.type = "hidden";
      v.name = "version";
      form.appendChild(v);
    }
    v.value = String(j.version);
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", j.edit_url);
    }
    startBeat();
  }

  function flush() {
    if (dirty && mode === "editing" && !submitting && navigator.sendBeacon) {
      if (navigator.sendBeacon(url, formBody())) {
        dirty = false;
      }
    }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      flush();
    }
  });
  window.addEventListener("pagehide", flush);
  window.addEventListener("beforeunload", function (e) {
    if ((dirty || inFlight) && mode === "editing" && !submitting) {
      e.preventDefault();
      e.returnValue = "";
    }
  });

  var box = document.getElementById("presence");
  var boxText = document.getElementById("presence-text");
  var takeForm = document.getElementById("take-over-form");
  var reload = document.getElementById("presence-reload");

  function setMode(m) {
    mode = m;
    form.inert = m !== "editing";
    form.setAttribute("aria-disabled", m !== "editing" ? "true" : "false");
  }

  function showPresence(p) {
    if (!box || mode === "lost") {
      return;
    }
    if (holds && !p.holds) {
      // Taken over: keep this text as a revision, then stop editing.
      holds = false;
      var msg = p.taken_over || (p.message + "; your text is kept as a revision");
      save(true).then(function () {
        setMode("lost");
        boxText.textContent = msg + ".";
        takeForm.hidden = true;
        reload.hidden = false;
        box.hidden = false;
        say("Read-only: " + msg);
        window.clearInterval(beat);
      });
      return;
    }
    holds = p.holds;
    if (p.holds) {
      setMode("editing");
      takeForm.hidden = true;
      if (p.others.length) {
        boxText.textContent = "Also open by " + p.others.join(", ") + ".";
        box.hidden = false;
      } else {
        box.hidden = true;
      }
    } else {
      setMode("watching");
      boxText.textContent = p.message + ". Take over to edit it here.";
      takeForm.hidden = false;
      box.hidden = false;
    }
  }

  function heartbeat() {
    if (!presenceURL || mode === "lost") {
      return;
    }
    var fd = new FormData();
    fd.append("csrf", csrf());
    post(presenceURL, fd).then(function (p) {
      if (p.ok) {
        showPresence(p);
      }
    }).catch(function () {});
  }
  function startBeat() {
    if (!beat) {
      beat = window.setInterval(heartbeat, BEAT);
    }
  }

  if (takeForm) {
    takeForm.addEventListener("submit", function (e) {
      e.preventDefault();
      post(takeForm.action, new FormData(takeForm)).then(function (p) {
        if (p.ok) {
          holds = p.holds;
          showPresence(p);
        }
      }).catch(function () {});
    });
  }
  window.addEventListener("pagehide", function () {
    if (presenceURL && mode !== "lost" && navigator.sendBeacon) {
      var fd = new FormData();
      fd.append("csrf", csrf());
      fd.append("leave", "1");
      navigator.sendBeacon(presenceURL, fd);
    }
  });

  if (presenceURL) {
    if (!holds) {
      setMode("watching");
      if (boxText) {
        boxText.textContent = boxText.textContent.replace(/\.?\s*$/, "") + ". Take over to edit it here.";
      }
    }
    startBeat();
  }
})();
