// Timed reading: while a reading lesson's notes or slides are open and on screen, tells /api/v1/reading so
// every few seconds, and at once when the page is hidden. The server times the reading from these reports;
// this only says whether the page can be seen. It attaches itself to every [data-reading-lesson].
const api = '/api/v1/reading/heartbeat';

function format(text, ...values) {
  return (text || '').replace(/\{(\d)\}/g, (_, i) => values[Number(i)]);
}

function minutes(seconds) {
  return Math.floor(seconds / 60);
}

class ReadingReporter {
  constructor(area) {
    this.area = area;
    this.lessonId = parseInt(area.dataset.readingLesson, 10);
    this.required = Number(area.dataset.required) || 0;
    this.read = Number(area.dataset.read) || 0;
    this.completed = area.dataset.completed === 'true' || (this.required > 0 && this.read >= this.required);
    this.interval = (Number(area.dataset.interval) || 15) * 1000;
    this.status = area.querySelector('[data-testid="reading-status"]');
    this.inView = true;
    this.timer = null;
    this.show();
    if (this.completed) {
      return;
    }
    if ('IntersectionObserver' in window) {
      new IntersectionObserver((entries) => {
        const seen = entries.some((e) => e.isIntersecting);
        if (seen !== this.inView) {
          this.inView = seen;
          this.report();
        }
      }).observe(area);
    }
    document.addEventListener('visibilitychange', () => this.report());
    window.addEventListener('pagehide', () => this.report(true, false));
    this.report();
    this.timer = setInterval(() => {
      if (this.visible()) {
        this.report();
      }
    }, this.interval);
  }

  visible() {
    return document.visibilityState === 'visible' && this.inView;
  }

  async report(keepalive, visible) {
    if (this.completed) {
      return;
    }
    const body = { lessonId: this.lessonId, visible: visible ?? this.visible() };
    let response;
    try {
      response = await fetch(api, {
        method: 'POST',
        credentials: 'same-origin',
        keepalive: !!keepalive,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
    } catch {
      return;
    }
    if (!response.ok) {
      clearInterval(this.timer);
      return;
    }
    const data = await response.json();
    this.read = data.readSeconds;
    // Read long enough: the lesson completes now, or once its quiz is passed; nothing more to time.
    this.completed = data.completed || data.readSeconds >= data.requiredSeconds;
    if (this.completed) {
      clearInterval(this.timer);
    }
    this.show(body.visible);
  }

  show(visible = true) {
    if (!this.status) {
      return;
    }
    const d = this.area.dataset;
    if (this.completed) {
      this.status.textContent = d.textDone || '';
    } else if (!visible) {
      this.status.textContent = format(d.textPaused, minutes(this.read), minutes(this.required));
    } else {
      this.status.textContent = format(d.textProgress, minutes(this.read), minutes(this.required));
    }
  }
}

for (const area of document.querySelectorAll('[data-reading-lesson]')) {
  new ReadingReporter(area);
}
