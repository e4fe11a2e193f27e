// Validated watching: reports the stretches of a lesson video really played to /api/v1/playback,
// keeps a first viewing from skipping ahead, and shows the server's attention checks. The player
// calls watch(video) before loading: a playback gets a playlist URL of its own, and the segments
// fetched through it are the server's evidence of what reached this player. The server decides
// what counts; this only reports.
const api = '/api/v1/playback';
// A jump in currentTime larger than this between two timeupdate events is a seek, not playback.
const continuityGap = 3;

function post(path, body, keepalive) {
  return fetch(api + path, {
    method: 'POST',
    credentials: 'same-origin',
    // keepalive lets the last report leave while the page unloads (sendBeacon cannot send JSON).
    keepalive: !!keepalive,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
}

function format(text, value) {
  return (text || '').replace('{0}', value);
}

class WatchReporter {
  constructor(video) {
    this.video = video;
    this.lessonId = parseInt(video.dataset.lessonId, 10);
    this.segments = [];
    this.open = null;
    this.playbackId = null;
    this.seekLimit = null;
    this.localFurthest = 0;
    this.superseded = false;
    this.check = null;
    this.texts = {};
    this.timer = null;
    this.sending = false;
    this.status = document.createElement('div');
    this.status.className = 'lh-watch-status small';
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.status.dataset.testid = 'watch-status';
    video.insertAdjacentElement('afterend', this.status);
    this.bind();
  }

  async start() {
    let response;
    try {
      response = await post('/start', { lessonId: this.lessonId });
    } catch {
      return false;
    }
    // Visitors and accounts without a trainee record simply watch without credit.
    if (!response.ok) {
      return false;
    }
    const data = await response.json();
    this.playbackId = data.playbackId;
    this.source = data.source;
    this.texts = data.texts || {};
    this.maxSegments = data.maxSegments || 32;
    this.seekLimit = data.restrictSeeking ? data.furthestSeconds : null;
    this.localFurthest = data.furthestSeconds || 0;
    this.superseded = false;
    this.video.dataset.playbackId = data.playbackId;
    this.showProgress(data.percent, data.completed);
    clearInterval(this.timer);
    this.timer = setInterval(() => this.report(false), (data.reportIntervalSeconds || 12) * 1000);
    return true;
  }

  bind() {
    const v = this.video;
    v.addEventListener('timeupdate', () => this.observe());
    v.addEventListener('seeking', () => this.onSeeking());
    v.addEventListener('pause', () => { this.close(); this.report(false); });
    v.addEventListener('ended', () => { this.close(); this.report(false); });
    v.addEventListener('play', () => { if (this.superseded) { this.restart(); } });
    document.addEventListener('visibilitychange', () => { this.close(); this.report(false); });
    window.addEventListener('pagehide', () => { this.close(); this.report(true); });
  }

  // Extends the open segment while playback runs on; a jump starts a new one.
  observe() {
    const v = this.video;
    if (v.paused || v.seeking) {
      return;
    }
    const t = v.currentTime;
    const hidden = document.visibilityState !== 'visible';
    if (this.open && this.open.hidden === hidden && t >= this.open.to && t - this.open.to < continuityGap) {
      this.open.to = t;
    } else {
      this.close();
      this.open = { from: t, to: t, hidden };
    }
    if (!hidden && t <= this.allowed() + continuityGap) {
      this.localFurthest = Math.max(this.localFurthest, t);
    }
  }

  allowed() {
    return Math.max(this.seekLimit ?? 0, this.localFurthest);
  }

  onSeeking() {
    this.close();
    if (this.seekLimit === null) {
      return;
    }
    const limit = this.allowed();
    if (this.video.currentTime > limit + 1) {
      this.video.currentTime = limit;
      this.say(this.texts.seekLimited);
    }
  }

  close() {
    // The last stretch up to now (a pause or the end) lands between two timeupdate events.
    const t = this.video.currentTime;
    if (this.open && !this.video.seeking && t >= this.open.to && t - this.open.to < continuityGap) {
      this.open.to = t;
    }
    if (this.open && this.open.to > this.open.from) {
      this.segments.push({ from: this.open.from, to: this.open.to, hidden: this.open.hidden });
    }
    this.open = null;
  }

  // Hands over what was played so far; an open segment continues from where it was cut.
  take() {
    if (this.open && this.open.to > this.open.from) {
      const { from, to, hidden } = this.open;
      this.segments.push({ from, to, hidden });
      this.open = { from: to, to, hidden };
    }
    const taken = this.segments.slice(-this.maxSegments);
    this.segments = [];
    return taken;
  }

  async report(unloading) {
    if (!this.playbackId || this.superseded) {
      return;
    }
    if (this.sending && !unloading) {
      // One report at a time; a pause or the end during a report is sent right after it, not at the next tick.
      this.again = true;
      return;
    }
    const body = { playbackId: this.playbackId, visible: document.visibilityState === 'visible', segments: this.take() };
    if (unloading) {
      post('/heartbeat', body, true).catch(() => {});
      return;
    }
    this.sending = true;
    try {
      const response = await post('/heartbeat', body, false);
      if (response.status === 404) {
        // The server forgot an idle playback (or restarted): begin a new one.
        await this.restart();
      } else if (response.ok) {
        this.handle(await response.json());
      }
    } catch {
      // Offline for a moment: what was played is lost, the next report carries on.
    } finally {
      this.sending = false;
      if (this.again) {
        this.again = false;
        this.report(false);
      }
    }
  }

  handle(data) {
    this.seekLimit = data.seekLimit ?? null;
    if (data.status === 'Superseded') {
      this.superseded = true;
      clearInterval(this.timer);
      this.video.pause();
      this.say(data.message, true);
      return;
    }
    if (data.check) {
      this.ask(data.check);
      return;
    }
    if (data.status === 'CheckPending') {
      // Held after a missed check: the next one is put when the pause is over.
      this.video.pause();
      this.say(data.message);
      clearTimeout(this.retry);
      this.retry = setTimeout(() => this.report(false), ((data.nextCheckInSeconds || 10) + 1) * 1000);
      return;
    }
    if (data.message) {
      this.say(data.message);
      return;
    }
    this.showProgress(data.percent, data.completed);
  }

  showProgress(percent, completed) {
    this.status.textContent = completed ? this.texts.completed : format(this.texts.progress, percent);
    this.status.classList.remove('text-danger');
  }

  say(message, withResume) {
    this.status.textContent = message || '';
    this.status.classList.add('text-danger');
    if (withResume) {
      const resume = document.createElement('button');
      resume.type = 'button';
      resume.className = 'btn btn-link btn-sm p-0 ms-2 align-baseline';
      resume.textContent = this.texts.resume;
      resume.addEventListener('click', async () => { if (await this.restart()) { this.video.play(); } });
      this.status.append(resume);
    }
  }

  // A new playback has a playlist URL of its own: the player switches to it where it stands.
  async restart() {
    if (!(await this.start())) {
      return false;
    }
    const v = this.video;
    const at = v.currentTime;
    if (v.lhHls) {
      v.lhHls.loadSource(this.source);
      v.lhHls.once('hlsManifestParsed', () => { v.currentTime = at; });
    } else {
      v.src = this.source;
      v.addEventListener('loadedmetadata', () => { v.currentTime = at; }, { once: true });
    }
    return true;
  }

  // The code is only in the picture (or its spoken form), never in the page's text.
  ask(check) {
    this.close();
    this.video.pause();
    if (this.check === check.id) {
      return;
    }
    this.check = check.id;
    const dialog = document.createElement('dialog');
    dialog.className = 'lh-watch-check';
    dialog.dataset.testid = 'attention-check';
    dialog.setAttribute('aria-labelledby', 'lh-check-title');
    const form = document.createElement('form');
    form.method = 'dialog';
    const title = document.createElement('h2');
    title.className = 'h6';
    title.id = 'lh-check-title';
    title.textContent = this.texts.checkTitle;
    const prompt = document.createElement('p');
    prompt.className = 'small';
    prompt.textContent = check.prompt;
    let drawn = 0;
    const picture = document.createElement('img');
    picture.className = 'lh-check-code d-block mb-2 rounded border';
    picture.width = 220;
    picture.height = 80;
    picture.alt = this.texts.checkImageAlt;
    picture.dataset.testid = 'attention-code';
    picture.src = `${check.image}?v=${drawn}`;
    const tools = document.createElement('div');
    tools.className = 'd-flex flex-wrap gap-2 mb-2';
    const another = document.createElement('button');
    another.type = 'button';
    another.className = 'btn btn-outline-secondary btn-sm';
    another.textContent = this.texts.checkNewPicture;
    another.addEventListener('click', () => { drawn += 1; picture.src = `${check.image}?v=${drawn}`; });
    const listen = document.createElement('button');
    listen.type = 'button';
    listen.className = 'btn btn-outline-secondary btn-sm';
    listen.textContent = this.texts.checkListen;
    const audio = document.createElement('audio');
    audio.preload = 'none';
    listen.addEventListener('click', () => {
      drawn += 1;
      audio.src = `${check.audio}?v=${drawn}`;
      audio.play().catch(() => {});
    });
    tools.append(another, listen, audio);
    const label = document.createElement('label');
    label.className = 'form-label small d-block';
    label.textContent = this.texts.checkLabel;
    const input = document.createElement('input');
    input.className = 'form-control mb-2';
    input.inputMode = 'numeric';
    input.autocomplete = 'off';
    input.maxLength = 4;
    input.required = true;
    input.dataset.testid = 'attention-answer';
    label.append(input);
    const error = document.createElement('p');
    error.className = 'small text-danger mb-2';
    error.setAttribute('role', 'alert');
    const button = document.createElement('button');
    button.type = 'submit';
    button.className = 'btn btn-primary';
    button.textContent = this.texts.checkAnswer;
    form.append(title, prompt, picture, tools, label, error, button);
    dialog.append(form);
    // Escape would close the dialog without an answer; crediting stays paused, so keep it open.
    dialog.addEventListener('cancel', (e) => e.preventDefault());
    const finish = () => {
      dialog.close();
      dialog.remove();
      this.check = null;
    };
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const response = await post('/attention', { playbackId: this.playbackId, checkId: check.id, answer: input.value.trim() });
      const data = response.ok ? await response.json() : { accepted: false };
      if (data.accepted) {
        finish();
        this.video.play();
      } else if (data.missed) {
        error.textContent = data.message || '';
        input.disabled = true;
        button.disabled = true;
        setTimeout(() => { finish(); this.report(false); }, ((data.nextCheckInSeconds || 10) + 1) * 1000);
      } else {
        error.textContent = data.message || '';
        input.select();
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  }
}

// Starts validated watching of a lesson video; resolves to the playlist URL of the new playback,
// or null when this account earns no credit (the player then plays the page's own URL).
export async function watch(video) {
  if (!video.watchReporter) {
    video.watchReporter = new WatchReporter(video);
  }
  return (await video.watchReporter.start()) ? video.watchReporter.source : null;
}
