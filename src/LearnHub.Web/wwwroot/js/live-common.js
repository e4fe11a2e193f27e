// What the live room and the lecturer's console share: the hub connection and its state badge, the page's
// texts, the flash line, the phase badge, the slide shown, poll result bars and the list of questions.
import { signalR } from './libraries.js';

// The page's texts travel in data-t-* attributes of its root element (data-t-slide-of is 'SlideOf').
export function text(root, key) {
  return root.dataset[`t${key}`] || key;
}

export function format(template, ...args) {
  return template.replace(/\{(\d+)\}/g, (_, i) => args[+i]);
}

export function el(tag, className, content) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (content !== undefined && content !== null) {
    node.textContent = content;
  }
  return node;
}

// The hub's own words: SignalR puts them after 'HubException: ' in its error message.
export function errorMessage(error) {
  const message = (error && error.message) || '';
  const marker = 'HubException: ';
  const at = message.indexOf(marker);
  return at >= 0 ? message.substring(at + marker.length) : message;
}

// A refusal already shown in the flash line needs no second report as an unhandled rejection.
const shown = new WeakSet();
window.addEventListener('unhandledrejection', (event) => {
  if (shown.has(event.reason)) {
    event.preventDefault();
  }
});

/**
 * Joins the session's room (root.dataset.hub, root.dataset.session) and draws what both pages draw alike
 * into the page's elements, whose ids start with `prefix` ('lr' in the room, 'lc' on the console):
 * {prefix}-flash, -phase, -slide, -slide-counter, and -questions with -no-questions for questionList.
 * Nothing is received until start().
 * Returns { hub, t, say, call, showPhase, showSlide, questionList, start }.
 */
export function joinLive(root, prefix) {
  const part = (name) => document.getElementById(`${prefix}-${name}`);
  const [flash, phase, slide, slideCounter] = ['flash', 'phase', 'slide', 'slide-counter'].map(part);
  const t = (key) => text(root, key);
  const hub = new signalR.HubConnectionBuilder()
    // WebSockets straight away, no negotiate round trip: any node behind a plain load balancer
    // can take the connection, no sticky sessions needed (docs/deploy.md).
    .withUrl(`${root.dataset.hub}?session=${encodeURIComponent(root.dataset.session)}`,
      { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
    .withAutomaticReconnect()
    .build();
  const status = document.getElementById('live-status');
  function showStatus(key, cls) {
    if (!status) {
      return;
    }
    status.textContent = t(key);
    status.className = `badge ${cls}`;
  }
  hub.onreconnecting(() => showStatus('Reconnecting', 'text-bg-warning'));
  hub.onreconnected(() => showStatus('Connected', 'text-bg-success'));
  hub.onclose(() => showStatus('Disconnected', 'text-bg-secondary'));

  let flashTimer = 0;
  // A line in the flash for five seconds.
  function say(message) {
    flash.textContent = message;
    flash.classList.remove('d-none');
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => flash.classList.add('d-none'), 5000);
  }
  hub.on('Refused', say);

  // Invokes a hub method. A refusal is said in the flash and the promise rejects, so what was to follow
  // success does not happen.
  function call(method, ...args) {
    return hub.invoke(method, ...args).catch((error) => {
      say(errorMessage(error));
      if (error instanceof Object) {
        shown.add(error);
      }
      throw error;
    });
  }

  function showPhase(value) {
    phase.textContent = t(`Phase${value}`);
    phase.dataset.phase = value;
    // The video area's note follows the lecture: "held, not streamed" must not stand beside "live".
    const note = document.querySelector('[data-video-note]');
    const text = note?.dataset[`phase${value}`];
    if (text) {
      note.textContent = text;
    }
  }

  // Draws the slide shown: a PDF page as an image (the next one fetched ahead, so advancing is
  // instant), or server-rendered Markdown with raw HTML escaped, or the "no slides" line.
  let preloaded = null;
  function showSlide(s) {
    slide.classList.toggle('live-slide-image', !!s.image);
    if (!s.count) {
      slide.textContent = t('NoSlides');
    } else if (s.image) {
      let img = slide.querySelector('img');
      if (!img) {
        img = el('img', 'live-slide-img');
        img.decoding = 'async';
        slide.replaceChildren(img);
      }
      img.src = s.image;
      img.alt = format(t('SlideOf'), s.index + 1, s.count);
      if (s.next) {
        preloaded = new Image();
        preloaded.src = s.next;
      }
    } else {
      slide.innerHTML = s.html;
    }
    slide.dataset.index = String(s.index);
    slideCounter.textContent = s.count ? format(t('SlideOf'), s.index + 1, s.count) : '';
  }

  // Automatic reconnect only covers a connection that was once up; a phone opening the page on a
  // poor network may fail the first start, so that is retried too, backing off to 30 s.
  function start() {
    let delay = 2000;
    function attempt() {
      return hub.start()
        .then(() => {
          showStatus('Connected', 'text-bg-success');
          root.dataset.ready = 'true';
        })
        .catch(() => {
          showStatus('Disconnected', 'text-bg-danger');
          setTimeout(attempt, delay);
          delay = Math.min(delay * 2, 30000);
        });
    }
    return attempt();
  }

  return {
    hub, t, say, call, showPhase, showSlide, start,
    questionList: (order, item) => questionList(part('questions'), part('no-questions'), order, item),
  };
}

// One option of a poll with its votes, as a line of text and a bar.
export function pollBar(option, votes, total) {
  const percent = total ? Math.round(votes * 100 / total) : 0;
  const label = el('div', 'small d-flex justify-content-between');
  label.append(el('span', '', option), el('span', '', `${votes} · ${percent}%`));
  const fill = el('div', 'progress-bar bg-danger');
  fill.style.width = `${percent}%`;
  const bar = el('div', 'progress');
  bar.append(fill);
  const row = el('div', 'mb-2');
  row.append(label, bar);
  return row;
}

export function sum(numbers) {
  return numbers.reduce((a, b) => a + b, 0);
}

// The questions of the room by id, listed in `order` with `item(question)` drawing each; `empty` is the
// "no questions yet" line, shown while there are none.
function questionList(list, empty, order, item) {
  let questions = new Map();
  function render() {
    const sorted = [...questions.values()].sort(order);
    list.replaceChildren(...sorted.map(item));
    empty.classList.toggle('d-none', sorted.length > 0);
  }
  return {
    get: (id) => questions.get(id),
    reset(all) {
      questions = new Map(all.map((q) => [q.id, q]));
      render();
    },
    put(q) {
      questions.set(q.id, q);
      render();
    },
    remove(id) {
      questions.delete(id);
      render();
    },
  };
}
