// Keyboard shortcuts of the console (docs/engineer-day.md#keyboard-shortcuts). A static file, no inline script, so a
// strict Content-Security-Policy (script-src 'self') keeps working. Keys are ignored while typing in a field and
// with Ctrl, Alt or Meta held, so browser and screen-reader shortcuts stay untouched.
(function () {
  "use strict";

  var pendingG = false;
  var GO = { c: "/cases", a: "/attention", q: "/queues", s: "/cases/queue" };

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function focusField(id) {
    var field = document.getElementById(id);
    if (!field) { return false; }
    field.scrollIntoView({ block: "center" });
    field.focus();
    return true;
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("tr.case-row, tr.attention-row"));
  }

  // j / k move through the rows of a case list; the row's case link takes the focus, so Enter opens it.
  function moveRow(step) {
    var all = rows();
    if (all.length === 0) { return false; }
    var current = all.findIndex(function (row) { return row.contains(document.activeElement); });
    var next = Math.max(0, Math.min(all.length - 1, current < 0 ? 0 : current + step));
    var link = all[next].querySelector("a.case-link");
    if (link) { link.focus(); }
    return true;
  }

  function toggleSelection() {
    var row = rows().find(function (r) { return r.contains(document.activeElement); });
    var box = row && row.querySelector("input.bulk-select");
    if (!box) { return false; }
    box.checked = !box.checked;
    return true;
  }

  function press(selector) {
    var control = document.querySelector(selector);
    if (!control) { return false; }
    control.click();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) { return; }
    var key = event.key;
    var handled = false;
    if (pendingG) {
      pendingG = false;
      if (GO[key]) { window.location.assign(GO[key]); handled = true; }
    } else if (key === "g") {
      pendingG = true;
      setTimeout(function () { pendingG = false; }, 1500);
      handled = true;
    } else if (key === "/") {
      handled = focusField("q");
    } else if (key === "j") {
      handled = moveRow(1);
    } else if (key === "k") {
      handled = moveRow(-1);
    } else if (key === "x") {
      handled = toggleSelection();
    } else if (key === "a") {
      handled = press("[data-shortcut='a']");
    } else if (key === "r") {
      handled = focusField("compose-template") || focusField("reply-text");
    } else if (key === "n") {
      handled = focusField("note-text");
    } else if (key === "s") {
      handled = focusField("status-to");
    } else if (key === "?") {
      window.location.assign("/help#help-shortcuts");
      handled = true;
    }
    if (handled) { event.preventDefault(); }
  });
})();
