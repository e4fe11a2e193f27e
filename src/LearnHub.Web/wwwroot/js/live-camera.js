// The console's "go live from this browser": camera and microphone through MediaRecorder (WebM), a
// piece every half second over a WebSocket to LearnHub, which feeds them to ffmpeg for the room's HLS.
// Also the stream key's show / copy / regenerate buttons.
import { format, text } from './live-common.js';

const mimeTypes = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm;codecs=h264,opus', 'video/webm'];

function mimeType() {
  return (window.MediaRecorder && mimeTypes.find((type) => MediaRecorder.isTypeSupported(type))) || '';
}

// root: the console's root element; video: its live video ({ refresh, check }, or null), told to look
// for the stream once the camera sends and asked whether the broadcast ended before reconnecting.
// Returns { end }, which stops the camera for good when the lecture ends.
export function setUpBroadcasting(root, video) {
  const t = (key) => text(root, key);
  const status = document.getElementById('lc-camera-status');

  function say(message, cls) {
    if (!status) {
      return;
    }
    status.textContent = message;
    status.className = `small align-self-center ${cls || ''}`;
  }

  const camera = setUpCamera(root, t, say, video);

  const key = document.getElementById('lc-stream-key');
  const show = document.getElementById('lc-key-show');
  if (show && key) {
    show.addEventListener('click', () => { key.type = key.type === 'password' ? 'text' : 'password'; });
  }

  document.querySelectorAll('[data-copy]').forEach((button) => {
    button.addEventListener('click', () => {
      const input = document.getElementById(button.dataset.copy);
      if (navigator.clipboard) {
        navigator.clipboard.writeText(input.value).then(() => say(t('Copied')));
      }
    });
  });

  const form = document.getElementById('lc-key-form');
  if (form) {
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin' })
        .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        .then((data) => {
          key.value = data.key;
          say(t('KeyRegenerated'));
        });
    });
  }
  return { end: () => camera?.end() };
}

// The browser's getUserMedia errors by name, each with a text of the page's language: the browser's own
// message ("Requested device not found") is in the browser's language, not the user's.
const cameraErrors = {
  NotFoundError: 'CameraNotFound',
  DevicesNotFoundError: 'CameraNotFound',
  NotAllowedError: 'CameraNotAllowed',
  PermissionDeniedError: 'CameraNotAllowed',
  NotReadableError: 'CameraNotReadable',
  TrackStartError: 'CameraNotReadable',
  OverconstrainedError: 'CameraOverconstrained',
  SecurityError: 'CameraSecurity',
  AbortError: 'CameraAbort',
};

function cameraError(t, error) {
  return t(cameraErrors[error && error.name] || 'CameraOther');
}

function setUpCamera(root, t, say, video) {
  const startButton = document.getElementById('lc-camera-start');
  const stopButton = document.getElementById('lc-camera-stop');
  const preview = document.getElementById('lc-camera-preview');
  if (!startButton) {
    return null;
  }
  let stream = null;
  let recorder = null;
  let socket = null;

  // A dropped socket (LearnHub restarting, the network changing) is reopened on its own while the
  // lecturer has not pressed stop: each new socket gets a fresh MediaRecorder, since the server starts a
  // new writer (and recording part) that needs the WebM header. The server closing normally (1000: the
  // lecture ended) or refusing an oversized piece (1009) ends the camera.
  let wanted = false;
  let retries = 0;
  let retryTimer = null;
  let everOpened = false;

  function stopRecorder() {
    if (recorder && recorder.state !== 'inactive') {
      recorder.stop();
    }
    recorder = null;
  }

  function stop() {
    wanted = false;
    clearTimeout(retryTimer);
    stopRecorder();
    if (socket && socket.readyState <= 1) {
      socket.close(1000, 'stopped');
    }
    socket = null;
    if (stream) {
      stream.getTracks().forEach((track) => track.stop());
    }
    stream = null;
    preview.srcObject = null;
    preview.hidden = true;
    startButton.hidden = false;
    stopButton.hidden = true;
  }

  function connect(media) {
    const url = `${location.protocol === 'https:' ? 'wss://' : 'ws://'}${location.host}${root.dataset.cameraPath}`;
    const current = new WebSocket(url);
    socket = current;
    current.binaryType = 'arraybuffer';
    current.onopen = () => {
      everOpened = true;
      retries = 0;
      const type = mimeType();
      const own = new MediaRecorder(media, type ? { mimeType: type, videoBitsPerSecond: 1500000 } : { videoBitsPerSecond: 1500000 });
      recorder = own;
      own.ondataavailable = (e) => {
        if (e.data && e.data.size > 0 && current.readyState === 1) {
          current.send(e.data);
        }
      };
      own.start(500);
      startButton.hidden = true;
      stopButton.hidden = false;
      say(t('CameraLive'), 'text-danger fw-semibold');
      if (video) {
        setTimeout(video.refresh, 4000);
      }
    };
    current.onclose = (e) => {
      if (socket !== current) {
        return;
      }
      stopRecorder();
      socket = null;
      const final = e.code === 1000 || e.code === 1009;
      // The first socket refused (not the lecturer's session, another camera already sends) ends it too;
      // once the camera has been live, any other drop is retried, 1 s, 2 s, ... up to 10 s apart.
      if (!wanted || final || !everOpened) {
        if (wanted && !everOpened) {
          say(t('CameraRefused'), 'text-danger');
        } else {
          say('');
        }
        stop();
        return;
      }
      // A drop as the broadcast ends is no interruption: ask the video's state before saying "reconnecting",
      // and again before each try, so an ended lecture stops the camera instead of retrying forever.
      const ended = video ? video.check() : Promise.resolve(false);
      ended.then((isEnded) => {
        if (isEnded) {
          end();
          return;
        }
        if (!wanted) {
          return;
        }
        retries++;
        say(t('CameraReconnecting'), 'text-warning');
        retryTimer = setTimeout(() => {
          if (wanted) {
            connect(media);
          }
        }, Math.min(10000, 1000 * retries));
      });
    };
  }

  function start() {
    startButton.disabled = true;
    navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 25 } }, audio: true })
      .then((media) => {
        stream = media;
        wanted = true;
        everOpened = false;
        retries = 0;
        preview.srcObject = media;
        preview.hidden = false;
        preview.play();
        connect(media);
      })
      .catch((error) => {
        say(format(t('CameraFailed'), cameraError(t, error)), 'text-danger');
        stop();
      })
      .then(() => { startButton.disabled = false; });
  }

  // The lecture ended: the camera stops, says why, and cannot be started again on this page; the server
  // address and key, retired with the lecture, give way to a line saying so.
  function end() {
    stop();
    startButton.disabled = true;
    say(t('CameraEnded'), 'text-muted');
    const publishing = document.getElementById('lc-publishing');
    if (publishing) {
      publishing.hidden = true;
      document.getElementById('lc-video-ended').hidden = false;
    }
  }

  if (video && video.ended()) {
    startButton.disabled = true;
  }
  if (!navigator.mediaDevices || !window.MediaRecorder) {
    startButton.disabled = true;
    // Without https the browser hides the camera altogether: say why rather than leave a dead button.
    say(format(t('CameraFailed'), t(window.isSecureContext === false ? 'CameraSecurity' : 'CameraUnsupported')), 'text-muted');
  }
  startButton.addEventListener('click', start);
  stopButton.addEventListener('click', stop);
  return { end };
}
