// Lesson playback: hls.js where Media Source Extensions exist, the browser's own HLS otherwise (iOS
// Safari). Starts on the lowest rendition so a slow link shows a picture quickly, then adapts; the
// quality menu pins a rendition or returns to automatic. Other scripts (watch progress) find the
// element by its data-lesson-id / data-course-id attributes and listen to its media events.
import Hls from '../lib/hls.js/hls.min.mjs';

// options (live video): hls, extra hls.js settings; onFatal, called instead of showing the error
// when the stream cannot be loaded (a live stream that stopped). Returns the hls.js instance, if any.
export function attach(video, quality, message, options = {}) {
  const source = video.dataset.src;
  const settings = { startLevel: 0, enableWorker: false, capLevelToPlayerSize: false, ...options.hls };

  function show(text) {
    if (message) {
      message.textContent = text;
      message.hidden = false;
    }
  }

  function option(value, label) {
    const o = document.createElement('option');
    o.value = String(value);
    o.textContent = label;
    quality.appendChild(o);
  }

  if (Hls.isSupported()) {
    // The worker would be loaded from a blob: URL, which the content security policy forbids.
    const hls = new Hls(settings);
    hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => {
      if (!quality) {
        return;
      }

      quality.textContent = '';
      option(-1, video.dataset.labelAuto);
      data.levels.forEach((level, index) => {
        option(index, `${level.height}p`);
      });
      quality.value = '-1';
      // One rendition leaves nothing to choose: the menu stays hidden.
      (document.getElementById('quality-menu') || quality).hidden = data.levels.length < 2;
    });
    hls.on(Hls.Events.ERROR, (_, data) => {
      if (!data.fatal) {
        return;
      }

      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
        hls.recoverMediaError();
      } else if (options.onFatal) {
        options.onFatal(data);
      } else {
        show(video.dataset.messageError);
      }
    });
    if (quality) {
      quality.addEventListener('change', () => {
        // -1 hands the choice back to hls.js's bandwidth estimate.
        hls.currentLevel = parseInt(quality.value, 10);
      });
    }

    hls.loadSource(source);
    hls.attachMedia(video);
    video.lhHls = hls;
    return hls;
  }

  if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = source;
  } else {
    show(video.dataset.messageUnsupported);
  }

  return null;
}

// The page's own lesson video (the course page, the lesson's media page) starts as the module loads.
// A trainee's video first starts a playback of validated watching and plays that playback's URL.
const main = document.getElementById('lesson-video');
if (main) {
  if (main.dataset.watch === 'true') {
    const { watch } = await import('./watch-reporter.js');
    const source = await watch(main);
    if (source) {
      main.dataset.src = source;
    }
  }
  attach(main, document.getElementById('quality'), document.getElementById('player-message'));
}
