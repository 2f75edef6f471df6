// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Copy-to-clipboard buttons: <button data-copy-target="id-of-pre" data-copied="Copied">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(source.textContent).then(function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied") || label;
      setTimeout(function () { button.textContent = label; }, 2000);
    });
  });

  // Upload forms with a progress bar: <form data-upload data-progress="id" data-status="id">.
  // The file goes as the raw request body through XMLHttpRequest (fetch cannot report upload progress), so the
  // server streams it to storage as it arrives. Without script the form posts multipart instead.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-upload]");
    if (!form) { return; }
    var input = form.querySelector("input[type=file]");
    if (!input || !input.files || input.files.length !== 1) { return; }
    event.preventDefault();
    var file = input.files[0];
    var progress = document.getElementById(form.getAttribute("data-progress"));
    var status = document.getElementById(form.getAttribute("data-status"));
    var token = document.querySelector("meta[name=_csrf]");
    var header = document.querySelector("meta[name=_csrf_header]");
    var request = new XMLHttpRequest();
    request.open("POST", form.action + "?name=" + encodeURIComponent(file.name));
    request.setRequestHeader("Content-Type", "application/octet-stream");
    if (token && header) { request.setRequestHeader(header.content, token.content); }
    if (progress) { progress.hidden = false; progress.value = 0; progress.max = file.size || 1; }
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable && progress) {
        progress.max = e.total;
        progress.value = e.loaded;
        progress.textContent = Math.round(100 * e.loaded / e.total) + "%";
      }
    });
    request.addEventListener("load", function () {
      if (request.status >= 200 && request.status < 300) {
        window.location.assign(request.getResponseHeader("X-Patchdesk-Location") || window.location.href);
      } else if (status) {
        status.textContent = form.getAttribute("data-failed") + " (" + request.status + ")";
      }
    });
    request.addEventListener("error", function () {
      if (status) { status.textContent = form.getAttribute("data-failed"); }
    });
    if (status) { status.textContent = form.getAttribute("data-sending"); }
    request.send(file);
  });
})();
