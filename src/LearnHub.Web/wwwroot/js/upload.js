// Lesson video upload: tus-js-client sends the file in 5 MB chunks to /api/v1/uploads and remembers
// each upload (localStorage fingerprint), so choosing the same file after a dropped connection or a
// closed tab continues where it stopped. Transcoding progress then arrives over SignalR (/hubs/media),
// with a slow poll of /api/v1/media/{id} as a fallback.
// An upload that stopped part-way is shown as stopped, with how far it got (the server's count, or the
// browser's remembered upload asked with HEAD), never as uploading: nothing moves until a file is chosen.
import { signalR, tus } from './libraries.js';
import { attach } from './player.js';

document.querySelectorAll('form.lh-confirm').forEach((form) => {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
});

const root = document.getElementById('media-upload');
if (root) {
  setUpUpload(root);
}

function setUpUpload(root) {
  const text = root.dataset;
  const input = document.getElementById('video-file');
  const startButton = document.getElementById('upload-start');
  const panel = document.getElementById('upload-panel');
  const state = document.getElementById('upload-state');
  const percent = document.getElementById('upload-percent');
  const progress = root.querySelector('.progress');
  const bar = document.getElementById('upload-bar');
  const retry = document.getElementById('upload-retry');
  const preview = document.getElementById('upload-preview');
  let watched = null;
  let poll = null;

  function show(kind, message, fraction) {
    panel.hidden = false;
    state.dataset.state = kind;
    state.textContent = message;
    state.classList.toggle('text-danger', kind === 'failed' || kind === 'error');
    if (typeof fraction === 'number') {
      const value = Math.round(fraction * 100);
      bar.style.width = `${value}%`;
      progress.setAttribute('aria-valuenow', String(value));
      percent.textContent = `${value}%`;
    }
  }

  // NotMedia arrives as data-failure-notmedia, which the dataset names failureNotmedia.
  function failure(code) {
    const lower = (code || '').toLowerCase();
    return (lower && text[`failure${lower.charAt(0).toUpperCase()}${lower.slice(1)}`]) || text.statusFailed;
  }

  function showPreview(id) {
    fetch(`/api/v1/media/${id}`, { credentials: 'same-origin' }).then((r) => r.json()).then((m) => {
      if (!m.playlistUrl) {
        return;
      }

      const video = document.createElement('video');
      video.controls = true;
      video.playsInline = true;
      video.poster = m.posterUrl;
      video.dataset.src = m.playlistUrl;
      video.dataset.lessonId = root.dataset.lessonId;
      video.setAttribute('data-testid', 'preview-video');
      preview.querySelector('.ratio').replaceChildren(video);
      preview.hidden = false;
      attach(video, null, null);
    });
  }

  function render(m) {
    if (!m || m.assetId && m.assetId !== watched && m.id !== watched) {
      return;
    }

    const status = m.status;
    if (status === 'failed') {
      show('failed', failure(m.error), 0);
      retry.hidden = m.error !== 'TranscodeFailed';
      stopPolling();
    } else if (status === 'ready') {
      show('ready', text.statusReady, 1);
      const none = document.querySelector('[data-testid=no-video]');
      if (none) {
        none.textContent = text.statusReady;
      }

      retry.hidden = true;
      stopPolling();
      showPreview(watched);
    } else if (status === 'processing') {
      show('processing', text.statusProcessing, m.progress);
    } else if (status === 'queued') {
      show('queued', text.statusQueued, 0);
    }
  }

  const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/media').withAutomaticReconnect().build();
  connection.on('StatusChanged', render);
  const connected = connection.start().catch(() => { /* the poll below still reports progress */ });
  connection.onreconnected(() => {
    if (watched) {
      connection.invoke('Watch', watched).then(render);
    }
  });

  function stopPolling() {
    if (poll) {
      clearInterval(poll);
      poll = null;
    }
  }

  function fetchStatus(url) {
    return fetch(url, { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : null)).then(render);
  }

  function watch(id) {
    watched = id;
    connected.then(() => connection.invoke('Watch', id)).then(render).catch(() => { /* polling covers it */ });
    stopPolling();
    poll = setInterval(() => fetchStatus(`/api/v1/media/${id}`), 5000);
  }

  retry.addEventListener('click', () => {
    fetch(`/api/v1/media/${watched}/retry`, { method: 'POST', credentials: 'same-origin' }).then((r) => {
      if (r.ok) {
        retry.hidden = true;
        watch(watched);
      }
    });
  });

  function responseStatus(error) {
    return error && error.originalResponse ? error.originalResponse.getStatus() : 0;
  }

  // A quota refusal names its kind (UserQuota, TotalQuota): the page has each in the user's language.
  function refusal(error) {
    try {
      const kind = JSON.parse(error.originalResponse.getBody() || '{}').refusal || '';
      return text[`error${kind.charAt(0).toUpperCase()}${kind.slice(1).toLowerCase()}`];
    } catch {
      return undefined;
    }
  }

  // An upload the server let expire (or deleted) cannot be continued: forget it here, so the same file starts afresh.
  function forgetUpload(url) {
    const storage = tus.defaultOptions && tus.defaultOptions.urlStorage;
    if (!url || !storage || !storage.findAllUploads) {
      return;
    }

    storage.findAllUploads().then((uploads) => uploads.filter((u) => u.uploadUrl && url.endsWith(u.uploadUrl.split('/').pop()))
      .forEach((u) => storage.removeUpload(u.urlStorageKey))).catch(() => { /* storage unavailable */ });
  }

  function uploadError(error, url) {
    const status = responseStatus(error);
    let message = text.errorNetwork;
    if (status === 413) {
      message = refusal(error) || text.errorToolarge;
    } else if (status === 507) {
      message = text.errorNospace;
    } else if (status === 403) {
      message = text.errorForbidden;
    } else if ((status === 404 || status === 410) && url) {
      message = text.errorExpired;
      forgetUpload(url);
    }

    show('error', message);
    startButton.disabled = false;
  }

  function megabytes(bytes) {
    return String(Math.round(bytes / 1024 / 1024));
  }

  function format(template, ...values) {
    return template.replace(/\{(\d)\}/g, (_, i) => values[Number(i)]);
  }

  // What the server knows of an unfinished upload for this lesson; the page renders its message.
  let interrupted = text.interruptedId
    ? { id: text.interruptedId, name: text.interruptedName, size: Number(text.interruptedSize), offset: Number(text.interruptedOffset) }
    : null;

  function showInterrupted(stopped) {
    const fraction = stopped.size ? stopped.offset / stopped.size : 0;
    const percentDone = Math.floor(fraction * 100);
    show('interrupted', format(text.interrupted, stopped.name, percentDone, megabytes(stopped.offset), megabytes(stopped.size)), percentDone / 100);
    bar.classList.add('bg-secondary');
    percent.textContent = '';
  }

  // Without a word from the server (another tab's upload, an older one), the browser's remembered uploads for
  // this lesson may still name one the server keeps: HEAD tells how far it got; a gone one is forgotten.
  function lookForRememberedUpload() {
    const storage = tus.defaultOptions && tus.defaultOptions.urlStorage;
    if (!storage || !storage.findAllUploads) {
      return;
    }

    storage.findAllUploads().then((uploads) => {
      const mine = uploads.filter((u) => u.metadata && u.metadata.lessonId === root.dataset.lessonId && u.uploadUrl)
        .sort((a, b) => String(b.creationTime).localeCompare(String(a.creationTime)));
      if (!mine.length || interrupted) {
        return;
      }

      const last = mine[0];
      fetch(last.uploadUrl, { method: 'HEAD', credentials: 'same-origin', headers: { 'Tus-Resumable': '1.0.0' } }).then((r) => {
        if (r.status === 404 || r.status === 410) {
          storage.removeUpload(last.urlStorageKey);
          return;
        }

        const offset = Number(r.headers.get('Upload-Offset'));
        const size = Number(r.headers.get('Upload-Length'));
        if (r.ok && size > 0 && offset < size && !interrupted && state.dataset.state !== 'uploading') {
          interrupted = { id: last.uploadUrl.split('/').pop(), name: last.metadata.filename, size, offset };
          showInterrupted(interrupted);
        }
      }).catch(() => { /* offline: the page says nothing it cannot know */ });
    }).catch(() => { /* storage unavailable */ });
  }

  startButton.addEventListener('click', () => {
    const file = input.files && input.files[0];
    if (!file) {
      show('error', text.errorNofile);
      return;
    }

    startButton.disabled = true;
    retry.hidden = true;
    preview.hidden = true;
    const upload = new tus.Upload(file, {
      endpoint: '/api/v1/uploads',
      chunkSize: 5 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
      metadata: { filename: file.name, filetype: file.type, lessonId: root.dataset.lessonId },
      // The same file for another lesson is another upload.
      fingerprint: (f) => Promise.resolve(['learnhub', root.dataset.lessonId, f.name, f.type, f.size, f.lastModified].join('/')),
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress: (sent, total) => {
        bar.classList.remove('bg-secondary');
        show('uploading', text.statusUploading, total ? sent / total : 0);
      },
      // 409: another request (another tab, another node) is writing this upload, or its offset moved on. The retry
      // asks with HEAD where the upload stands and goes on from there; refusals and an expired upload are not retried.
      onShouldRetry: (error) => {
        const status = responseStatus(error);
        return status === 0 || status === 409 || status === 423 || (status >= 500 && status !== 507);
      },
      onError: (error) => uploadError(error, upload.url),
      onSuccess: () => {
        startButton.disabled = false;
        input.value = '';
        // Validation ran with the last chunk: the asset is now queued or refused.
        watch(upload.url.split('/').pop());
        fetchStatus(upload.url.replace('/uploads/', '/media/'));
      },
    });
    upload.findPreviousUploads().then((previous) => {
      // Same name and size as the upload the server keeps: this browser may have forgotten it (another browser,
      // cleared storage), but the server still holds its first part.
      const sameAsInterrupted = interrupted && file.name === interrupted.name && file.size === interrupted.size;
      if (previous.length) {
        upload.resumeFromPreviousUpload(previous[0]);
        show('resuming', text.resuming);
      } else if (sameAsInterrupted) {
        upload.options.uploadUrl = `/api/v1/uploads/${interrupted.id}`;
        show('resuming', text.resuming);
      } else if (interrupted) {
        // Another file: the stopped upload will never be finished, so its part is given back.
        fetch(`/api/v1/uploads/${interrupted.id}`, { method: 'DELETE', credentials: 'same-origin', headers: { 'Tus-Resumable': '1.0.0' } })
          .catch(() => { /* the new upload goes on regardless */ });
        show('starting', text.interruptedReplaced, 0);
      } else {
        show('starting', text.starting, 0);
      }

      interrupted = null;
      upload.start();
    });
  });

  if (interrupted) {
    showInterrupted(interrupted);
  } else {
    if (root.dataset.pendingId) {
      watch(root.dataset.pendingId);
    }

    lookForRememberedUpload();
  }
}
