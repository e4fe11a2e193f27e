// Venue check-in screen: polls the session's state every two seconds, swaps the QR image when the
// 15-second window changes, and lists who has checked in. Text only, never HTML from the server.
// Also the kiosk's clock (the programme's time zone, whatever the screen's computer is set to) and
// its full-screen button.
const root = document.getElementById('checkin-screen');
const qr = document.getElementById('qr');
const code = document.getElementById('code');
const seconds = document.getElementById('seconds');
const count = document.getElementById('count');
const expected = document.getElementById('expected');
const entries = document.getElementById('entries');
const template = document.getElementById('entry-template');
let window_ = null;

async function refresh() {
  try {
    const response = await fetch(root.dataset.stateUrl, { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) return;
    const state = await response.json();
    code.textContent = state.code;
    seconds.textContent = String(state.secondsLeft);
    count.textContent = String(state.checkedIn);
    expected.textContent = String(state.expected);
    if (state.window !== window_) {
      window_ = state.window;
      qr.src = `${root.dataset.qrUrl}?w=${state.window}`;
    }
    entries.replaceChildren(...state.entries.map((e) => {
      const item = template.content.firstElementChild.cloneNode(true);
      item.querySelector('.name').textContent = e.name;
      item.querySelector('.org').textContent = e.organization;
      item.querySelector('.state').textContent = e.state;
      item.querySelector('.time').textContent = e.time;
      return item;
    }));
  } catch {
    // Network hiccup at the venue: the next tick tries again.
  }
}

refresh();
setInterval(refresh, 2000);

const clock = document.getElementById('clock');
const time = new Intl.DateTimeFormat(document.documentElement.lang, { timeZone: root.dataset.timeZone, hour: '2-digit', minute: '2-digit', hour12: false });
function tick() {
  clock.textContent = time.format(new Date());
}
tick();
setInterval(tick, 1000);

// The Fullscreen API where the browser has it (prefixed in older Safari); elsewhere (an iPhone) the
// button hides what a hall does not need, and the browser's own full-screen mode does the rest.
const button = document.getElementById('fullscreen');
const page = document.documentElement;
const request = page.requestFullscreen || page.webkitRequestFullscreen;
const exit = document.exitFullscreen || document.webkitExitFullscreen;
const current = () => document.fullscreenElement || document.webkitFullscreenElement;

function label() {
  const on = current() || document.body.classList.contains('kiosk-focus');
  button.textContent = on ? button.dataset.tExit : button.dataset.tEnter;
  button.setAttribute('aria-pressed', on ? 'true' : 'false');
}

button.addEventListener('click', () => {
  if (request) {
    const done = current() ? exit.call(document) : request.call(page);
    // Refused (not from a click, or by the browser's policy): fall back to the focused view.
    Promise.resolve(done).catch(() => document.body.classList.toggle('kiosk-focus')).then(label);
  } else {
    document.body.classList.toggle('kiosk-focus');
    label();
  }
});
document.addEventListener('fullscreenchange', label);
document.addEventListener('webkitfullscreenchange', label);
