// The lecturer's console: runs the lecture, moderates questions and watches the audience.
import { el, format, joinLive, pollBar, sum } from './live-common.js';
import { showLiveVideo } from './live-video.js';
import { setUpBroadcasting } from './live-camera.js';

const root = document.getElementById('live-console');
if (root) {
  const video = showLiveVideo();
  openConsole(root, video, setUpBroadcasting(root, video));
}

// video: the live video ({ check }, or null); broadcasting: the camera ({ end }).
function openConsole(root, video, broadcasting) {
  const live = joinLive(root, 'lc');
  const { hub, t, say, call } = live;
  const questions = live.questionList((a, b) => (a.hidden - b.hidden) || (b.votes - a.votes) || a.id - b.id, questionItem);
  let slideIndex = 0;
  let poll = null;

  function showPhase(value) {
    live.showPhase(value);
    document.getElementById('lc-start').disabled = value !== 'Waiting';
    document.getElementById('lc-end').disabled = value === 'Ended';
    const attention = document.getElementById('lc-attention');
    if (attention) {
      attention.disabled = value === 'Ended';
    }
    // Ended: the camera's socket and the video's polling stop here, not when the next drop or 404 says so.
    if (value === 'Ended') {
      broadcasting.end();
      video?.check();
    }
  }
  function showSlide(s) {
    slideIndex = s.index;
    live.showSlide(s);
    document.getElementById('lc-prev').disabled = s.index <= 0;
    document.getElementById('lc-next').disabled = s.index >= s.count - 1;
  }
  function showResults(tally) {
    const results = document.getElementById('lc-poll-results');
    results.replaceChildren();
    if (!poll) {
      return;
    }
    results.append(el('div', 'fw-semibold mb-2', poll.question + (poll.open ? '' : ` · ${t('PollClosed')}`)));
    const total = sum(tally);
    poll.options.forEach((option, i) => results.append(pollBar(option, tally[i] || 0, total)));
    results.append(el('div', 'small text-muted', format(t('Voters'), total)));
  }
  function button(label, cls, action) {
    const b = el('button', `btn btn-sm ${cls}`, label);
    b.type = 'button';
    b.addEventListener('click', action);
    return b;
  }
  function questionItem(q) {
    const li = el('li', `list-group-item${q.hidden ? ' opacity-50' : ''}`);
    li.dataset.id = String(q.id);
    const head = el('div', 'd-flex justify-content-between gap-2');
    head.append(el('div', 'lc-question-text', q.text), el('span', 'badge text-bg-light flex-shrink-0', `▲ ${q.votes}`));
    li.append(head);
    const state = q.hidden ? t('Hidden') : q.approved ? t('Approved') : t('AwaitingApproval');
    li.append(el('div', 'small text-muted', `${q.asker} · ${state}`));
    if (q.answer) {
      li.append(el('div', 'small mt-1', t('AnswerLabel') + q.answer));
    }
    const actions = el('div', 'd-flex flex-wrap gap-1 mt-2');
    if (!q.approved) {
      actions.append(button(t('Approve'), 'btn-outline-success', () => call('ApproveQuestion', q.id)));
    }
    if (!q.hidden) {
      actions.append(button(t('Hide'), 'btn-outline-secondary', () => call('HideQuestion', q.id)),
        button(t('Pin'), 'btn-outline-primary', () => call('PinQuestion', q.id)));
    }
    const form = el('form', 'd-flex gap-1 mt-2 w-100');
    const input = el('input', 'form-control form-control-sm');
    input.name = 'answer';
    input.maxLength = 1000;
    input.placeholder = t('AnswerPlaceholder');
    input.setAttribute('aria-label', t('AnswerPlaceholder'));
    const send = el('button', 'btn btn-sm btn-danger text-nowrap', t('Answer'));
    send.type = 'submit';
    form.append(input, send);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (input.value.trim()) {
        call('AnswerQuestion', q.id, input.value.trim());
      }
    });
    li.append(actions, form);
    return li;
  }
  function showAttendance(rows) {
    document.getElementById('lc-attendance').replaceChildren(...rows.map((r) => {
      const tr = document.createElement('tr');
      tr.append(
        el('td', '', r.name),
        el('td', 'text-end', String(r.minutes)),
        el('td', '', r.stateLabel),
        el('td', '', r.online ? t('Online') : ''),
        el('td', `text-end${r.missedChecks ? ' text-danger fw-semibold' : ''}`, String(r.missedChecks || 0)),
        el('td', 'text-end', r.creditedHours ? String(r.creditedHours) : ''));
      return tr;
    }));
    document.getElementById('lc-no-attendance').classList.toggle('d-none', rows.length > 0);
  }
  function refreshAttendance() {
    return call('GetAttendance').then(showAttendance);
  }

  hub.on('State', (s) => {
    showPhase(s.phase);
    showSlide(s.slide);
    document.getElementById('lc-notice-text').value = s.notice;
    poll = s.poll;
    if (poll) {
      showResults(poll.tally || []);
    }
    questions.reset(s.questions);
    refreshAttendance();
  });
  hub.on('Phase', showPhase);
  hub.on('Slide', showSlide);
  hub.on('Notice', (value) => { document.getElementById('lc-notice-current').textContent = value; });
  hub.on('Poll', (p) => {
    poll = p;
    if (p) {
      showResults(p.tally || p.options.map(() => 0));
    }
  });
  hub.on('PollResults', (id, tally) => {
    if (poll && poll.id === id) {
      showResults(tally);
    }
  });
  hub.on('Question', questions.put);
  hub.on('Pinned', (q) => { document.getElementById('lc-pinned').textContent = q ? q.text : ''; });
  hub.on('Audience', (count) => {
    document.getElementById('lc-audience').textContent = String(count);
    refreshAttendance();
  });
  hub.on('Attendance', showAttendance);
  hub.on('AttentionCheck', (check) => say(format(t('AttentionLaunched'), check.number)));
  // Sent to the whole room; the console shows nothing for them.
  ['QuestionRemoved', 'Chat', 'AttentionAnswered'].forEach((method) => hub.on(method, () => {}));

  document.getElementById('lc-start').addEventListener('click', () => call('StartLecture'));
  document.getElementById('lc-end').addEventListener('click', () => {
    if (window.confirm(t('ConfirmEnd'))) {
      call('EndLecture').then(showAttendance);
    }
  });
  document.getElementById('lc-prev').addEventListener('click', () => call('SetSlide', slideIndex - 1));
  document.getElementById('lc-next').addEventListener('click', () => call('SetSlide', slideIndex + 1));
  document.getElementById('lc-refresh').addEventListener('click', refreshAttendance);
  // The room's AttentionCheck broadcast reaches this console too and says it went out.
  document.getElementById('lc-attention')?.addEventListener('click', () => call('LaunchAttentionCheck'));
  document.getElementById('lc-notice').addEventListener('submit', (event) => {
    event.preventDefault();
    call('PublishNotice', document.getElementById('lc-notice-text').value).then(() => say(t('NoticePublished')));
  });
  document.getElementById('lc-poll').addEventListener('submit', (event) => {
    event.preventDefault();
    const question = document.getElementById('lc-poll-question').value;
    const options = document.getElementById('lc-poll-options').value.split('\n')
      .map((o) => o.trim()).filter((o) => o);
    // The room's Poll broadcast reaches this console too and draws the empty result bars.
    call('LaunchPoll', question, options);
  });
  document.getElementById('lc-poll-close').addEventListener('click', () => call('ClosePoll'));
  document.addEventListener('keydown', (event) => {
    if (event.target.closest('input, textarea')) {
      return;
    }
    if (event.key === 'ArrowRight' || event.key === 'PageDown') {
      call('SetSlide', slideIndex + 1);
    }
    if (event.key === 'ArrowLeft' || event.key === 'PageUp') {
      call('SetSlide', slideIndex - 1);
    }
  });

  watchDeck(hub);
  live.start();
}

// A PDF being rendered: its progress every 2 s until it is the deck shown or it fails. The room's
// Slide message brings the pages themselves, and a check at once, so the card does not lag behind.
function watchDeck(hub) {
  const deck = document.getElementById('slides-deck');
  if (!deck) {
    return;
  }
  let deckTimer = null;
  function checkDeck() {
    clearTimeout(deckTimer);
    fetch(deck.dataset.stateUrl, { credentials: 'same-origin' })
      .then((r) => r.json())
      .then((d) => {
        const rendering = d.state === 'Rendering';
        deck.dataset.rendering = String(rendering);
        if (d.current) {
          document.getElementById('lc-deck-current').textContent = d.current;
        }
        document.getElementById('lc-deck-pending').classList.toggle('d-none', !d.message || d.state === 'Ready');
        const message = document.getElementById('lc-deck-message');
        message.textContent = d.message;
        message.classList.toggle('text-danger', !rendering);
        document.getElementById('lc-deck-progress-bar').classList.toggle('d-none', !rendering);
        document.getElementById('lc-deck-progress').style.width = `${d.pages ? Math.round(d.rendered * 100 / d.pages) : 0}%`;
        if (rendering) {
          deckTimer = setTimeout(checkDeck, 2000);
        }
      })
      .catch(() => { deckTimer = setTimeout(checkDeck, 5000); });
  }
  if (deck.dataset.rendering === 'true') {
    checkDeck();
  }
  hub.on('Slide', (s) => {
    if (deck.dataset.rendering === 'true' && s.image) {
      checkDeck();
    }
  });
}
