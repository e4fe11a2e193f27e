// The live room's video: a waiting state until the session's video state says a source is sending,
// then the lesson player (hls.js) in live mode. When the stream stops (the lecturer ends or the encoder
// drops) the player goes back to waiting and polls again, so a reconnecting encoder resumes by itself.
(function () {
  'use strict';
  var area = document.getElementById('live-video');
  var video = document.getElementById('live-video-player');
  var waiting = document.getElementById('live-video-waiting');
  if (!area || !video || !waiting || !window.LearnHubPlayer) { return; }
  var hls = null;
  var timer = null;

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(poll, delay);
  }

  function wait() {
    if (hls) { hls.destroy(); hls = null; }
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
    hls = window.LearnHubPlayer.attach(video, null, null, {
      hls: { liveSyncDurationCount: 2, liveMaxLatencyDurationCount: 6, manifestLoadingMaxRetry: 2, levelLoadingMaxRetry: 2 },
      onFatal: wait
    });
    var started = video.play();
    if (started && started.catch) { started.catch(function () { /* autoplay refused: the controls start it */ }); }
  }

  function poll() {
    fetch(area.dataset.stateUrl, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (state && state.live) { play(state.src); } else { schedule(3000); }
      })
      .catch(function () { schedule(5000); });
  }

  video.addEventListener('ended', wait);
  window.LiveVideo = { refresh: function () { if (!hls) { schedule(0); } } };
  poll();
})();
