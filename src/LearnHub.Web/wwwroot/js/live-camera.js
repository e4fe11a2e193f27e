// The console's "go live from this browser": camera and microphone through MediaRecorder (WebM), a
// piece every half second over a WebSocket to LearnHub, which feeds them to ffmpeg for the room's HLS.
// Also the stream key's show / copy / regenerate buttons.
(function () {
  'use strict';
  var root = document.getElementById('live-console');
  if (!root) { return; }
  var C = window.LiveCommon;
  var startButton = document.getElementById('lc-camera-start');
  var stopButton = document.getElementById('lc-camera-stop');
  var status = document.getElementById('lc-camera-status');
  var preview = document.getElementById('lc-camera-preview');
  var stream = null;
  var recorder = null;
  var socket = null;

  function say(message, cls) {
    if (!status) { return; }
    status.textContent = message;
    status.className = 'small align-self-center ' + (cls || '');
  }

  function mimeType() {
    var types = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm;codecs=h264,opus', 'video/webm'];
    for (var i = 0; i < types.length; i++) {
      if (window.MediaRecorder && MediaRecorder.isTypeSupported(types[i])) { return types[i]; }
    }
    return '';
  }

  // A dropped socket (LearnHub restarting, the network changing) is reopened on its own while the
  // lecturer has not pressed stop: each new socket gets a fresh MediaRecorder, since the server starts a
  // new writer (and recording part) that needs the WebM header. The server closing normally (1000: the
  // lecture ended) or refusing an oversized piece (1009) ends the camera.
  var wanted = false;
  var retries = 0;
  var retryTimer = null;
  var everOpened = false;

  function stopRecorder() {
    if (recorder && recorder.state !== 'inactive') { recorder.stop(); }
    recorder = null;
  }

  function stop() {
    wanted = false;
    clearTimeout(retryTimer);
    stopRecorder();
    if (socket && socket.readyState <= 1) { socket.close(1000, 'stopped'); }
    socket = null;
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    preview.srcObject = null;
    preview.hidden = true;
    startButton.hidden = false;
    stopButton.hidden = true;
  }

  function connect(media) {
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + root.dataset.cameraPath;
    var current = new WebSocket(url);
    socket = current;
    current.binaryType = 'arraybuffer';
    current.onopen = function () {
      everOpened = true;
      retries = 0;
      var type = mimeType();
      var own = new MediaRecorder(media, type ? { mimeType: type, videoBitsPerSecond: 1500000 } : { videoBitsPerSecond: 1500000 });
      recorder = own;
      own.ondataavailable = function (e) {
        if (e.data && e.data.size > 0 && current.readyState === 1) { current.send(e.data); }
      };
      own.start(500);
      startButton.hidden = true;
      stopButton.hidden = false;
      say(C.text(root, 'CameraLive'), 'text-danger fw-semibold');
      if (window.LiveVideo) { setTimeout(window.LiveVideo.refresh, 4000); }
    };
    current.onclose = function (e) {
      if (socket !== current) { return; }
      stopRecorder();
      socket = null;
      var final = e.code === 1000 || e.code === 1009;
      // The first socket refused (not the lecturer's session, another camera already sends) ends it too;
      // once the camera has been live, any other drop is retried, 1 s, 2 s, ... up to 10 s apart.
      if (!wanted || final || !everOpened) {
        if (wanted && !everOpened) { say(C.text(root, 'CameraRefused'), 'text-danger'); } else { say(''); }
        stop();
        return;
      }
      retries++;
      say(C.text(root, 'CameraReconnecting'), 'text-warning');
      retryTimer = setTimeout(function () { if (wanted) { connect(media); } }, Math.min(10000, 1000 * retries));
    };
  }

  function start() {
    startButton.disabled = true;
    navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 25 } }, audio: true })
      .then(function (media) {
        stream = media;
        wanted = true;
        everOpened = false;
        retries = 0;
        preview.srcObject = media;
        preview.hidden = false;
        preview.play();
        connect(media);
      })
      .catch(function (error) {
        say(C.format(C.text(root, 'CameraFailed'), (error && error.message) || error), 'text-danger');
        stop();
      })
      .then(function () { startButton.disabled = false; });
  }

  if (startButton) {
    if (!navigator.mediaDevices || !window.MediaRecorder) { startButton.disabled = true; }
    startButton.addEventListener('click', start);
    stopButton.addEventListener('click', stop);
  }

  var key = document.getElementById('lc-stream-key');
  var show = document.getElementById('lc-key-show');
  if (show && key) {
    show.addEventListener('click', function () { key.type = key.type === 'password' ? 'text' : 'password'; });
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-copy]'), function (button) {
    button.addEventListener('click', function () {
      var input = document.getElementById(button.dataset.copy);
      if (navigator.clipboard) {
        navigator.clipboard.writeText(input.value).then(function () { say(C.text(root, 'Copied')); });
      }
    });
  });

  var form = document.getElementById('lc-key-form');
  if (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (data) { key.value = data.key; say(C.text(root, 'KeyRegenerated')); });
    });
  }
})();
