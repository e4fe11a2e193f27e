// Lesson video upload: tus-js-client sends the file in 5 MB chunks to /api/v1/uploads and remembers
// each upload (localStorage fingerprint), so choosing the same file after a dropped connection or a
// closed tab continues where it stopped. Transcoding progress then arrives over SignalR (/hubs/media),
// with a slow poll of /api/v1/media/{id} as a fallback.
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

  function uploadError(error) {
    const status = error && error.originalResponse ? error.originalResponse.getStatus() : 0;
    const message = status === 413 ? text.errorToolarge
      : status === 507 ? text.errorNospace
        : status === 403 ? text.errorForbidden
          : text.errorNetwork;
    show('error', message);
    startButton.disabled = false;
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
        show('uploading', text.statusUploading, total ? sent / total : 0);
      },
      onError: uploadError,
      onSuccess: () => {
        startButton.disabled = false;
        input.value = '';
        // Validation ran with the last chunk: the asset is now queued or refused.
        watch(upload.url.split('/').pop());
        fetchStatus(upload.url.replace('/uploads/', '/media/'));
      },
    });
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) {
        upload.resumeFromPreviousUpload(previous[0]);
        show('uploading', text.resuming);
      }

      upload.start();
    });
  });

  if (root.dataset.pendingId) {
    watch(root.dataset.pendingId);
  }
}
