// The live room's video: a waiting state until the session's video state says a source is sending,
// then the lesson player (hls.js) in live mode. When the stream stops (the encoder drops) the player goes
// back to waiting and polls again, so a reconnecting encoder resumes by itself. Once the state says the
// broadcast ended, polling stops for good and the note says so, with where the replay stands.
import { attach } from './player.js';

// Starts the page's video area. Returns { refresh, check, ended } or null when the page has no video
// area: refresh looks for a source at once, check asks the state now and resolves to whether the
// broadcast ended, ended says whether it is known to have.
export function showLiveVideo() {
  const area = document.getElementById('live-video');
  const video = document.getElementById('live-video-player');
  const waiting = document.getElementById('live-video-waiting');
  if (!area || !video || !waiting) {
    return null;
  }
  let hls = null;
  let timer = null;
  let ended = area.dataset.ended === 'true';

  function schedule(delay) {
    clearTimeout(timer);
    if (!ended) {
      timer = setTimeout(poll, delay);
    }
  }

  function stopPlayer() {
    if (hls) {
      hls.destroy();
      hls = null;
    }
    video.removeAttribute('src');
    video.hidden = true;
    waiting.hidden = false;
    area.dataset.playing = 'false';
  }

  function wait() {
    stopPlayer();
    schedule(3000);
  }

  // The broadcast is over: no more polling, no player, and the note says so. A session held without a
  // stream keeps its "held, not streamed" note unless a replay is on its way.
  function end(state) {
    ended = true;
    clearTimeout(timer);
    stopPlayer();
    area.dataset.ended = 'true';
    const note = waiting.querySelector('[data-video-note]');
    const replay = state && state.replay && state.replay !== 'None' ? note?.dataset[`replay${state.replay}`] : '';
    if (note && (replay || area.dataset.held !== 'true')) {
      note.textContent = replay ? `${note.dataset.phaseEnded} ${replay}` : note.dataset.phaseEnded;
    }
  }

  function fetchState() {
    return fetch(area.dataset.stateUrl, { credentials: 'same-origin', cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : null));
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
    fetchState()
      .then((state) => {
        if (state && state.ended) {
          end(state);
        } else if (state && state.live) {
          play(state.src);
        } else {
          schedule(3000);
        }
      })
      .catch(() => schedule(5000));
  }

  video.addEventListener('ended', wait);
  // Even a page that opened on an ended broadcast asks once: the replay may have moved on since.
  poll();
  return {
    refresh() {
      if (!hls && !ended) {
        schedule(0);
      }
    },
    check() {
      return fetchState().then((state) => {
        if (state && state.ended) {
          end(state);
        }
        return ended;
      }).catch(() => ended);
    },
    ended: () => ended,
  };
}
