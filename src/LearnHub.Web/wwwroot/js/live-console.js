// The lecturer's console: runs the lecture, moderates questions and watches the audience.
(function () {
  'use strict';
  var root = document.getElementById('live-console');
  if (!root) { return; }
  var C = window.LiveCommon;
  var t = function (key) { return C.text(root, key); };
  var live = C.connect(root);
  var hub = live.connection;
  var slideIndex = 0;
  var poll = null;
  var questions = {};

  var phase = document.getElementById('lc-phase');
  var slide = document.getElementById('lc-slide');
  var counter = document.getElementById('lc-slide-counter');
  var audience = document.getElementById('lc-audience');
  var flash = document.getElementById('lc-flash');
  var results = document.getElementById('lc-poll-results');
  var questionList = document.getElementById('lc-questions');
  var attendanceBody = document.getElementById('lc-attendance');

  function say(message) {
    flash.textContent = message;
    flash.classList.remove('d-none');
    window.clearTimeout(say.timer);
    say.timer = window.setTimeout(function () { flash.classList.add('d-none'); }, 5000);
  }
  function call() {
    return hub.invoke.apply(hub, arguments).catch(function (e) { say(C.errorMessage(e)); throw e; });
  }
  function showPhase(value) {
    phase.textContent = C.phaseLabel(root, value);
    phase.dataset.phase = value;
    document.getElementById('lc-start').disabled = value !== 'Waiting';
    document.getElementById('lc-end').disabled = value === 'Ended';
  }
  function showSlide(s) {
    slideIndex = s.index;
    C.showSlide(root, slide, s);
    counter.textContent = s.count ? C.format(t('SlideOf'), s.index + 1, s.count) : '';
    document.getElementById('lc-prev').disabled = s.index <= 0;
    document.getElementById('lc-next').disabled = s.index >= s.count - 1;
  }
  function showResults(tally) {
    results.replaceChildren();
    if (!poll) { return; }
    results.appendChild(C.el('div', 'fw-semibold mb-2', poll.question + (poll.open ? '' : ' · ' + t('PollClosed'))));
    var total = tally.reduce(function (a, b) { return a + b; }, 0);
    poll.options.forEach(function (option, i) {
      var votes = tally[i] || 0;
      var percent = total ? Math.round(votes * 100 / total) : 0;
      var row = C.el('div', 'mb-2');
      var label = C.el('div', 'small d-flex justify-content-between');
      label.appendChild(C.el('span', '', option));
      label.appendChild(C.el('span', 'lc-votes', votes + ' · ' + percent + '%'));
      row.appendChild(label);
      var bar = C.el('div', 'progress');
      var fill = C.el('div', 'progress-bar bg-danger');
      fill.style.width = percent + '%';
      bar.appendChild(fill);
      row.appendChild(bar);
      results.appendChild(row);
    });
    results.appendChild(C.el('div', 'small text-muted', C.format(t('Voters'), total)));
  }
  function button(label, cls, action) {
    var b = C.el('button', 'btn btn-sm ' + cls, label);
    b.type = 'button';
    b.addEventListener('click', action);
    return b;
  }
  function questionItem(q) {
    var li = C.el('li', 'list-group-item' + (q.hidden ? ' opacity-50' : ''));
    li.dataset.id = String(q.id);
    var head = C.el('div', 'd-flex justify-content-between gap-2');
    head.appendChild(C.el('div', 'lc-question-text', q.text));
    head.appendChild(C.el('span', 'badge text-bg-light flex-shrink-0', '▲ ' + q.votes));
    li.appendChild(head);
    var state = q.hidden ? t('Hidden') : q.approved ? t('Approved') : t('AwaitingApproval');
    li.appendChild(C.el('div', 'small text-muted', q.asker + ' · ' + state));
    if (q.answer) { li.appendChild(C.el('div', 'small mt-1', t('AnswerLabel') + q.answer)); }
    var actions = C.el('div', 'd-flex flex-wrap gap-1 mt-2');
    if (!q.approved) { actions.appendChild(button(t('Approve'), 'btn-outline-success', function () { call('ApproveQuestion', q.id); })); }
    if (!q.hidden) {
      actions.appendChild(button(t('Hide'), 'btn-outline-secondary', function () { call('HideQuestion', q.id); }));
      actions.appendChild(button(t('Pin'), 'btn-outline-primary', function () { call('PinQuestion', q.id); }));
    }
    var form = C.el('form', 'd-flex gap-1 mt-2 w-100');
    var input = C.el('input', 'form-control form-control-sm');
    input.name = 'answer';
    input.maxLength = 1000;
    input.placeholder = t('AnswerPlaceholder');
    input.setAttribute('aria-label', t('AnswerPlaceholder'));
    form.appendChild(input);
    var send = C.el('button', 'btn btn-sm btn-danger text-nowrap', t('Answer'));
    send.type = 'submit';
    form.appendChild(send);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (input.value.trim()) { call('AnswerQuestion', q.id, input.value.trim()); }
    });
    li.appendChild(actions);
    li.appendChild(form);
    return li;
  }
  function renderQuestions() {
    var list = Object.keys(questions).map(function (k) { return questions[k]; })
      .sort(function (a, b) { return (a.hidden - b.hidden) || (b.votes - a.votes) || a.id - b.id; });
    questionList.replaceChildren.apply(questionList, list.map(questionItem));
    document.getElementById('lc-no-questions').classList.toggle('d-none', list.length > 0);
  }
  function showAttendance(rows) {
    attendanceBody.replaceChildren.apply(attendanceBody, rows.map(function (r) {
      var tr = document.createElement('tr');
      tr.appendChild(C.el('td', '', r.name));
      tr.appendChild(C.el('td', 'text-end', String(r.minutes)));
      tr.appendChild(C.el('td', '', r.stateLabel));
      tr.appendChild(C.el('td', '', r.online ? t('Online') : ''));
      tr.appendChild(C.el('td', 'text-end' + (r.missedChecks ? ' text-danger fw-semibold' : ''), String(r.missedChecks || 0)));
      tr.appendChild(C.el('td', 'text-end', r.creditedHours ? String(r.creditedHours) : ''));
      return tr;
    }));
    document.getElementById('lc-no-attendance').classList.toggle('d-none', rows.length > 0);
  }
  function refreshAttendance() { return call('GetAttendance').then(showAttendance); }

  hub.on('State', function (s) {
    showPhase(s.phase);
    showSlide(s.slide);
    document.getElementById('lc-notice-text').value = s.notice;
    poll = s.poll;
    if (poll) { showResults(poll.tally || []); }
    questions = {};
    s.questions.forEach(function (q) { questions[q.id] = q; });
    renderQuestions();
    refreshAttendance();
  });
  hub.on('Phase', showPhase);
  hub.on('Slide', showSlide);
  hub.on('Notice', function (text) { document.getElementById('lc-notice-current').textContent = text; });
  hub.on('Poll', function (p) { poll = p; if (p) { showResults(p.tally || p.options.map(function () { return 0; })); } });
  hub.on('PollResults', function (id, tally) { if (poll && poll.id === id) { showResults(tally); } });
  hub.on('Question', function (q) { questions[q.id] = q; renderQuestions(); });
  hub.on('QuestionRemoved', function () { });
  hub.on('Pinned', function (q) { document.getElementById('lc-pinned').textContent = q ? q.text : ''; });
  hub.on('Chat', function () { });
  hub.on('Refused', say);
  hub.on('Audience', function (count) { audience.textContent = String(count); refreshAttendance(); });
  hub.on('Attendance', showAttendance);
  hub.on('AttentionCheck', function (check) { say(C.format(t('AttentionLaunched'), check.number)); });
  hub.on('AttentionAnswered', function () { });

  document.getElementById('lc-start').addEventListener('click', function () { call('StartLecture'); });
  document.getElementById('lc-end').addEventListener('click', function () {
    if (window.confirm(t('ConfirmEnd'))) { call('EndLecture').then(showAttendance); }
  });
  document.getElementById('lc-prev').addEventListener('click', function () { call('SetSlide', slideIndex - 1); });
  document.getElementById('lc-next').addEventListener('click', function () { call('SetSlide', slideIndex + 1); });
  document.getElementById('lc-refresh').addEventListener('click', refreshAttendance);
  var attentionButton = document.getElementById('lc-attention');
  if (attentionButton) {
    // The room's AttentionCheck broadcast reaches this console too and says it went out.
    attentionButton.addEventListener('click', function () { call('LaunchAttentionCheck'); });
  }
  document.getElementById('lc-notice').addEventListener('submit', function (event) {
    event.preventDefault();
    call('PublishNotice', document.getElementById('lc-notice-text').value).then(function () { say(t('NoticePublished')); });
  });
  document.getElementById('lc-poll').addEventListener('submit', function (event) {
    event.preventDefault();
    var question = document.getElementById('lc-poll-question').value;
    var options = document.getElementById('lc-poll-options').value.split('\n')
      .map(function (o) { return o.trim(); }).filter(function (o) { return o; });
    // The room's Poll broadcast reaches this console too and draws the empty result bars.
    call('LaunchPoll', question, options);
  });
  document.getElementById('lc-poll-close').addEventListener('click', function () { call('ClosePoll'); });
  document.addEventListener('keydown', function (event) {
    if (event.target.closest('input, textarea')) { return; }
    if (event.key === 'ArrowRight' || event.key === 'PageDown') { call('SetSlide', slideIndex + 1); }
    if (event.key === 'ArrowLeft' || event.key === 'PageUp') { call('SetSlide', slideIndex - 1); }
  });

  // A PDF being rendered: its progress every 2 s until it is the deck shown or it fails. The room's
  // Slide message brings the pages themselves, and a check at once, so the card does not lag behind.
  var deck = document.getElementById('slides-deck');
  var deckTimer = null;
  function checkDeck() {
    window.clearTimeout(deckTimer);
    fetch(deck.dataset.stateUrl, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (d) {
      var rendering = d.state === 'Rendering';
      deck.dataset.rendering = String(rendering);
      if (d.current) { document.getElementById('lc-deck-current').textContent = d.current; }
      document.getElementById('lc-deck-pending').classList.toggle('d-none', !d.message || d.state === 'Ready');
      var message = document.getElementById('lc-deck-message');
      message.textContent = d.message;
      message.classList.toggle('text-danger', !rendering);
      document.getElementById('lc-deck-progress-bar').classList.toggle('d-none', !rendering);
      document.getElementById('lc-deck-progress').style.width = (d.pages ? Math.round(d.rendered * 100 / d.pages) : 0) + '%';
      if (rendering) { deckTimer = window.setTimeout(checkDeck, 2000); }
    }).catch(function () { deckTimer = window.setTimeout(checkDeck, 5000); });
  }
  if (deck) {
    if (deck.dataset.rendering === 'true') { checkDeck(); }
    hub.on('Slide', function (s) { if (deck.dataset.rendering === 'true' && s.image) { checkDeck(); } });
  }

  live.start();
})();
