// The live room's video: a waiting state until the session's video state says a source is sending,
// then the lesson player (hls.js) in live mode. When the stream stops (the lecturer ends or the encoder
// drops) the player goes back to waiting and polls again, so a reconnecting encoder resumes by itself.
import { attach } from './player.js';

// Starts the page's video area. Returns { refresh }, which looks for a source at once, or null when
// the page has no video area.
export function showLiveVideo() {
  const area = document.getElementById('live-video');
  const video = document.getElementById('live-video-player');
  const waiting = document.getElementById('live-video-waiting');
  if (!area || !video || !waiting) {
    return null;
  }
  let hls = null;
  let timer = null;

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(poll, delay);
  }

  function wait() {
    if (hls) {
      hls.destroy();
      hls = null;
    }
    video.removeAttribute('src');
    video.hidden = true;
    waiting.hidden = false;
    area.dataset.playing = 'false';
    schedule(3000);
  }

  function play(src) {
    video.dataset.src = src;
    video.hidden = false;
    waiting.hidden = true;
    area.dataset.playing = 'true';
    // Two segments behind the live edge: about three seconds with one-second segments.
    hls = attach(video, null, null, {
      hls: { liveSyncDurationCount: 2, liveMaxLatencyDurationCount: 6, manifestLoadingMaxRetry: 2, levelLoadingMaxRetry: 2 },
      onFatal: wait,
    });
    video.play()?.catch(() => { /* autoplay refused: the controls start it */ });
  }

  function poll() {
    fetch(area.dataset.stateUrl, { credentials: 'same-origin', cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : null))
      .then((state) => {
        if (state && state.live) {
          play(state.src);
        } else {
          schedule(3000);
        }
      })
      .catch(() => schedule(5000));
  }

  video.addEventListener('ended', wait);
  poll();
  return {
    refresh() {
      if (!hls) {
        schedule(0);
      }
    },
  };
}
