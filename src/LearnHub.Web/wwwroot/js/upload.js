// Lesson video upload: tus-js-client sends the file in 5 MB chunks to /api/v1/uploads and remembers
// each upload (localStorage fingerprint), so choosing the same file after a dropped connection or a
// closed tab continues where it stopped. Transcoding progress then arrives over SignalR (/hubs/media),
// with a slow poll of /api/v1/media/{id} as a fallback.
(function () {
    'use strict';

    document.querySelectorAll('form.lh-confirm').forEach(function (form) {
        form.addEventListener('submit', function (event) {
            if (!window.confirm(form.dataset.confirm)) {
                event.preventDefault();
            }
        });
    });

    document.querySelectorAll('input.lh-file').forEach(function (file) {
        file.addEventListener('change', function () {
            var name = document.getElementById(file.dataset.name);
            if (file.files && file.files[0]) {
                name.textContent = file.files[0].name;
            }
        });
    });

    var root = document.getElementById('media-upload');
    if (!root) {
        return;
    }

    var text = root.dataset;
    var input = document.getElementById('video-file');
    var startButton = document.getElementById('upload-start');
    var panel = document.getElementById('upload-panel');
    var state = document.getElementById('upload-state');
    var percent = document.getElementById('upload-percent');
    var progress = root.querySelector('.progress');
    var bar = document.getElementById('upload-bar');
    var retry = document.getElementById('upload-retry');
    var preview = document.getElementById('upload-preview');
    var watched = null;
    var poll = null;

    function show(kind, message, fraction) {
        panel.hidden = false;
        state.dataset.state = kind;
        state.textContent = message;
        state.classList.toggle('text-danger', kind === 'failed' || kind === 'error');
        if (typeof fraction === 'number') {
            var value = Math.round(fraction * 100);
            bar.style.width = value + '%';
            progress.setAttribute('aria-valuenow', String(value));
            percent.textContent = value + '%';
        }
    }

    function failure(code) {
        return (code && text['failure' + code.toLowerCase().charAt(0).toUpperCase() + code.toLowerCase().slice(1)]) || text.statusFailed;
    }

    function showPreview(id) {
        fetch('/api/v1/media/' + id, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (m) {
            if (!m.playlistUrl) {
                return;
            }

            var video = document.createElement('video');
            video.controls = true;
            video.playsInline = true;
            video.poster = m.posterUrl;
            video.dataset.src = m.playlistUrl;
            video.dataset.lessonId = root.dataset.lessonId;
            video.setAttribute('data-testid', 'preview-video');
            preview.querySelector('.ratio').replaceChildren(video);
            preview.hidden = false;
            window.LearnHubPlayer.attach(video, null, null);
        });
    }

    function render(m) {
        if (!m || m.assetId && m.assetId !== watched && m.id !== watched) {
            return;
        }

        var status = m.status;
        if (status === 'failed') {
            show('failed', failure(m.error), 0);
            retry.hidden = m.error !== 'TranscodeFailed';
            stopPolling();
        } else if (status === 'ready') {
            show('ready', text.statusReady, 1);
            var none = document.querySelector('[data-testid=no-video]');
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

    var connection = new window.signalR.HubConnectionBuilder().withUrl('/hubs/media').withAutomaticReconnect().build();
    connection.on('StatusChanged', render);
    var connected = connection.start().catch(function () { /* the poll below still reports progress */ });
    connection.onreconnected(function () {
        if (watched) {
            connection.invoke('Watch', watched).then(render);
        }
    });

    function stopPolling() {
        if (poll) {
            window.clearInterval(poll);
            poll = null;
        }
    }

    function watch(id) {
        watched = id;
        connected.then(function () {
            return connection.invoke('Watch', id);
        }).then(render).catch(function () { /* polling covers it */ });
        stopPolling();
        poll = window.setInterval(function () {
            fetch('/api/v1/media/' + id, { credentials: 'same-origin' }).then(function (r) {
                return r.ok ? r.json() : null;
            }).then(render);
        }, 5000);
    }

    retry.addEventListener('click', function () {
        fetch('/api/v1/media/' + watched + '/retry', { method: 'POST', credentials: 'same-origin' }).then(function (r) {
            if (r.ok) {
                retry.hidden = true;
                watch(watched);
            }
        });
    });

    function uploadError(error) {
        var status = error && error.originalResponse ? error.originalResponse.getStatus() : 0;
        var message = status === 413 ? text.errorToolarge
            : status === 507 ? text.errorNospace
            : status === 403 ? text.errorForbidden
            : text.errorNetwork;
        show('error', message);
        startButton.disabled = false;
    }

    startButton.addEventListener('click', function () {
        var file = input.files && input.files[0];
        if (!file) {
            show('error', text.errorNofile);
            return;
        }

        startButton.disabled = true;
        retry.hidden = true;
        preview.hidden = true;
        var upload = new window.tus.Upload(file, {
            endpoint: '/api/v1/uploads',
            chunkSize: 5 * 1024 * 1024,
            retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
            metadata: { filename: file.name, filetype: file.type, lessonId: root.dataset.lessonId },
            // The same file for another lesson is another upload.
            fingerprint: function (f) {
                return Promise.resolve(['learnhub', root.dataset.lessonId, f.name, f.type, f.size, f.lastModified].join('/'));
            },
            storeFingerprintForResuming: true,
            removeFingerprintOnSuccess: true,
            onProgress: function (sent, total) {
                show('uploading', text.statusUploading, total ? sent / total : 0);
            },
            onError: uploadError,
            onSuccess: function () {
                startButton.disabled = false;
                input.value = '';
                // Validation ran with the last chunk: the asset is now queued or refused.
                watch(upload.url.split('/').pop());
                fetch(upload.url.replace('/uploads/', '/media/'), { credentials: 'same-origin' }).then(function (r) {
                    return r.ok ? r.json() : null;
                }).then(render);
            },
        });
        upload.findPreviousUploads().then(function (previous) {
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
})();
