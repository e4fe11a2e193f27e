// Venue check-in screen: polls the session's state every two seconds, swaps the QR image when the
// 15-second window changes, and lists who has checked in. Text only, never HTML from the server.
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
