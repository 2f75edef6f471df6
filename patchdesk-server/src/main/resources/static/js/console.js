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
  // XMLHttpRequest (not fetch) because only it reports upload progress; the body streams from the file.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-upload]");
    if (!form) { return; }
    event.preventDefault();
    var progress = document.getElementById(form.getAttribute("data-progress"));
    var status = document.getElementById(form.getAttribute("data-status"));
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "text/html");
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable && progress) {
        progress.max = e.total;
        progress.value = e.loaded;
      }
    });
    request.addEventListener("load", function () {
      if (request.status >= 200 && request.status < 400) {
        window.location.assign(request.responseURL || window.location.href);
      } else if (status) {
        status.textContent = form.getAttribute("data-failed") + " (" + request.status + ")";
      }
    });
    request.addEventListener("error", function () {
      if (status) { status.textContent = form.getAttribute("data-failed"); }
    });
    if (status) { status.textContent = form.getAttribute("data-sending"); }
    request.send(new FormData(form));
  });
})();
