// The upload-link page: sends one file with tus 1.0 (creation + PATCH in parts), shows progress, and resumes a
// broken upload, also after the page is reloaded (the upload's URL is remembered per file in localStorage).
// A plain script file, no inline code, so the page runs under a strict Content-Security-Policy.
(function () {
  'use strict';
  var CHUNK = 8 * 1024 * 1024;
  var RETRIES = 8;

  function utf8Base64(text) {
    var bytes = new TextEncoder().encode(text);
    var binary = '';
    bytes.forEach(function (b) { binary += String.fromCharCode(b); });
    return btoa(binary);
  }

  function request(method, url, headers, body, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader('Tus-Resumable', '1.0.0');
      Object.keys(headers).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
      if (onProgress) {
        xhr.upload.onprogress = function (e) { onProgress(e.loaded); };
      }
      xhr.onload = function () { resolve(xhr); };
      xhr.onerror = function () { reject(new Error('network')); };
      xhr.send(body);
    });
  }

  function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  async function serverOffset(url) {
    // -1: the upload is gone; -2: the server cannot tell yet (a broken request still holds the upload).
    var r = await request('HEAD', url, {}, null);
    if (r.status === 404 || r.status === 410) { return -1; }
    var offset = r.getResponseHeader('Upload-Offset');
    return (r.status === 200 || r.status === 204) && offset !== null ? parseInt(offset, 10) : -2;
  }

  async function upload(form, file, show) {
    var endpoint = form.dataset.endpoint;
    var key = 'patchdesk-tus:' + endpoint + ':' + file.name + ':' + file.size + ':' + file.lastModified;
    var url = localStorage.getItem(key);
    var offset = -1;
    if (url) {
      try { offset = await serverOffset(url); } catch (e) { offset = -1; }
      if (offset >= 0) { show('resuming', offset); } else { offset = -1; }
    }
    if (offset < 0) {
      var created = await request('POST', endpoint, {
        'Upload-Length': String(file.size),
        'Upload-Metadata': 'filename ' + utf8Base64(file.name)
      }, null);
      if (created.status === 413) { throw new Error('tooLarge'); }
      if (created.status === 409) { throw new Error('busy'); }
      if (created.status === 507) { throw new Error('full'); }
      if (created.status !== 201) { throw new Error('failed'); }
      url = new URL(created.getResponseHeader('Location'), window.location.href).href;
      localStorage.setItem(key, url);
      offset = 0;
    }
    var failures = 0;
    while (offset < file.size || file.size === 0) {
      var part = file.slice(offset, Math.min(file.size, offset + CHUNK));
      try {
        var start = offset;
        var r = await request('PATCH', url, {
          'Upload-Offset': String(offset),
          'Content-Type': 'application/offset+octet-stream'
        }, part, function (loaded) { show('sending', start + loaded); });
        if (r.status === 204) {
          offset = parseInt(r.getResponseHeader('Upload-Offset'), 10);
          failures = 0;
          if (file.size === 0) { break; }
          continue;
        }
        if (r.status === 507) { throw new Error('full'); }
        if (r.status === 404 || r.status === 410 || r.status === 413) { throw new Error('failed'); }
      } catch (e) {
        if (e.message !== 'network') { throw e; }
      }
      failures++;
      if (failures > RETRIES) { throw new Error('failed'); }
      show('retrying', offset);
      await wait(Math.min(30000, 1000 * Math.pow(2, failures)));
      var known = -2;
      try { known = await serverOffset(url); } catch (e) { /* still offline: try again */ }
      if (known === -1) { throw new Error('failed'); }
      if (known >= 0) { offset = known; }
    }
    localStorage.removeItem(key);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('upload-link-form');
    if (!form) { return; }
    var input = document.getElementById('upload-link-file');
    var progress = document.getElementById('upload-link-progress');
    var status = document.getElementById('upload-link-status');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var file = input.files[0];
      if (!file) { return; }
      if (file.size > Number(form.dataset.maxBytes)) {
        status.textContent = form.dataset.tooLarge;
        return;
      }
      var button = form.querySelector('button[type=submit]');
      button.disabled = true;
      progress.hidden = false;
      progress.max = Math.max(1, file.size);
      function show(what, sent) {
        progress.value = sent;
        var percent = file.size ? Math.floor(100 * sent / file.size) : 100;
        status.textContent = form.dataset[what] + ' ' + percent + ' %';
      }
      upload(form, file, show).then(function () {
        progress.value = progress.max;
        status.textContent = form.dataset.done;
        form.dataset.state = 'done';
      }, function (e) {
        status.textContent = e.message === 'tooLarge' ? form.dataset.tooLarge
          : e.message === 'busy' ? form.dataset.busy
          : e.message === 'full' ? form.dataset.full : form.dataset.failed;
        form.dataset.state = 'failed';
      }).then(function () { button.disabled = false; });
    });
  });
})();
