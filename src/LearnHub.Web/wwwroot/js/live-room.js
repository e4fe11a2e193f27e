// The trainee's live room: follows the lecturer's slide, notice, poll and Q&A; chat and questions go up.
(function () {
  'use strict';
  var root = document.getElementById('live-room');
  if (!root) { return; }
  var C = window.LiveCommon;
  var t = function (key) { return C.text(root, key); };
  var live = C.connect(root);
  var hub = live.connection;
  var questions = {};
  var currentPoll = null;

  var slide = document.getElementById('lr-slide');
  var slideCounter = document.getElementById('lr-slide-counter');
  var notice = document.getElementById('lr-notice');
  var phase = document.getElementById('lr-phase');
  var pollCard = document.getElementById('lr-poll');
  var pinned = document.getElementById('lr-pinned');
  var questionList = document.getElementById('lr-questions');
  var chatList = document.getElementById('lr-chat');
  var flash = document.getElementById('lr-flash');
  var attention = document.getElementById('lr-attention');
  var attentionLeft = document.getElementById('lr-attention-left');
  var attentionConfirm = document.getElementById('lr-attention-confirm');
  var pendingCheck = null;
  var staff = false;

  function say(message) {
    flash.textContent = message;
    flash.classList.remove('d-none');
    window.clearTimeout(say.timer);
    say.timer = window.setTimeout(function () { flash.classList.add('d-none'); }, 5000);
  }

  function showPhase(value) {
    phase.textContent = C.phaseLabel(root, value);
    phase.dataset.phase = value;
  }

  function showSlide(s) {
    C.showSlide(root, slide, s);
    slideCounter.textContent = s.count ? C.format(t('SlideOf'), s.index + 1, s.count) : '';
  }

  function showNotice(text) {
    notice.textContent = text;
    notice.classList.toggle('d-none', !text);
  }

  function showPoll(poll) {
    currentPoll = poll;
    pollCard.replaceChildren();
    pollCard.classList.toggle('d-none', !poll);
    if (!poll) { return; }
    var body = C.el('div', 'card-body');
    body.appendChild(C.el('div', 'small text-muted mb-1', poll.open ? t('PollOpen') : t('PollClosed')));
    body.appendChild(C.el('h2', 'h6', poll.question));
    var total = poll.tally ? poll.tally.reduce(function (a, b) { return a + b; }, 0) : 0;
    poll.options.forEach(function (option, i) {
      if (poll.open) {
        var button = C.el('button', 'btn w-100 mb-2 text-start ' + (poll.myAnswer === i ? 'btn-danger' : 'btn-outline-secondary'), option);
        button.type = 'button';
        button.dataset.option = String(i);
        button.addEventListener('click', function () {
          hub.invoke('AnswerPoll', poll.id, i).then(function () {
            poll.myAnswer = i;
            showPoll(poll);
            say(t('PollThanks'));
          }).catch(function (e) { say(C.errorMessage(e)); });
        });
        body.appendChild(button);
      } else {
        var votes = poll.tally ? poll.tally[i] : 0;
        var percent = total ? Math.round(votes * 100 / total) : 0;
        var row = C.el('div', 'mb-2');
        row.appendChild(C.el('div', 'small d-flex justify-content-between', null));
        row.firstChild.appendChild(C.el('span', '', option));
        row.firstChild.appendChild(C.el('span', '', votes + ' · ' + percent + '%'));
        var bar = C.el('div', 'progress');
        var fill = C.el('div', 'progress-bar bg-danger');
        fill.style.width = percent + '%';
        bar.appendChild(fill);
        row.appendChild(bar);
        body.appendChild(row);
      }
    });
    pollCard.appendChild(body);
  }

  function questionItem(q) {
    var li = C.el('li', 'list-group-item');
    li.dataset.id = String(q.id);
    var top = C.el('div', 'd-flex justify-content-between gap-2');
    top.appendChild(C.el('div', 'lr-question-text', q.text));
    var vote = C.el('button', 'btn btn-sm btn-outline-danger flex-shrink-0', '▲ ' + q.votes);
    vote.type = 'button';
    vote.setAttribute('aria-label', t('Upvote'));
    vote.disabled = !q.approved;
    vote.addEventListener('click', function () {
      hub.invoke('Upvote', q.id).catch(function (e) { say(C.errorMessage(e)); });
    });
    top.appendChild(vote);
    li.appendChild(top);
    var meta = q.asker + (q.approved ? '' : ' · ' + t('AwaitingApproval'));
    li.appendChild(C.el('div', 'small text-muted', meta));
    if (q.answer) {
      li.appendChild(C.el('div', 'lr-answer small mt-1', t('AnswerLabel') + q.answer));
    }
    return li;
  }

  function renderQuestions() {
    var list = Object.keys(questions).map(function (k) { return questions[k]; })
      .sort(function (a, b) { return b.votes - a.votes || a.id - b.id; });
    questionList.replaceChildren.apply(questionList, list.map(questionItem));
    document.getElementById('lr-no-questions').classList.toggle('d-none', list.length > 0);
  }

  function showPinned(q) {
    pinned.replaceChildren();
    pinned.classList.toggle('d-none', !q);
    if (!q) { return; }
    pinned.appendChild(C.el('div', 'small fw-bold', t('Pinned')));
    pinned.appendChild(C.el('div', '', q.text));
    if (q.answer) { pinned.appendChild(C.el('div', 'small mt-1', t('AnswerLabel') + q.answer)); }
  }

  // The seconds left come from the server when the check arrives, so the phone's own clock does not matter.
  function showAttention(check) {
    window.clearInterval(showAttention.timer);
    // Staff looking at the trainees' view are not asked: their time is not attendance.
    if (staff) { check = null; }
    pendingCheck = check;
    attention.classList.toggle('d-none', !check);
    if (!check) { return; }
    var until = Date.now() + check.secondsLeft * 1000;
    function tick() {
      var left = Math.ceil((until - Date.now()) / 1000);
      attentionLeft.textContent = left > 0 ? C.format(t('AttentionSecondsLeft'), left) : t('AttentionOverdue');
      if (left <= 0) { window.clearInterval(showAttention.timer); }
    }
    tick();
    showAttention.timer = window.setInterval(tick, 1000);
    attentionConfirm.disabled = false;
    attentionConfirm.focus();
  }
  attentionConfirm.addEventListener('click', function () {
    if (!pendingCheck) { return; }
    attentionConfirm.disabled = true;
    hub.invoke('AnswerAttentionCheck', pendingCheck.number).then(function (accepted) {
      showAttention(null);
      say(accepted ? t('AttentionAnswered') : t('AttentionExpired'));
    }).catch(function (e) { attentionConfirm.disabled = false; say(C.errorMessage(e)); });
  });

  hub.on('State', function (s) {
    staff = s.staff;
    showAttention(s.attention);
    showPhase(s.phase);
    showSlide(s.slide);
    showNotice(s.notice);
    showPoll(s.poll);
    showPinned(s.pinned);
    questions = {};
    s.questions.forEach(function (q) { questions[q.id] = q; });
    renderQuestions();
  });
  hub.on('Phase', function (value) {
    showPhase(value);
    if (value === 'Ended') { showAttention(null); }
  });
  hub.on('AttentionCheck', showAttention);
  // Answered in another tab: this one need not ask again.
  hub.on('AttentionAnswered', function (number) {
    if (pendingCheck && pendingCheck.number === number) { showAttention(null); }
  });
  hub.on('Slide', showSlide);
  hub.on('Notice', showNotice);
  hub.on('Poll', function (poll) {
    if (poll && currentPoll && currentPoll.id === poll.id && poll.open) { poll.myAnswer = currentPoll.myAnswer; }
    showPoll(poll);
  });
  hub.on('Question', function (q) {
    var known = questions[q.id];
    if (known && known.mine) { q.mine = true; }
    questions[q.id] = q;
    renderQuestions();
  });
  hub.on('QuestionRemoved', function (id) { delete questions[id]; renderQuestions(); });
  hub.on('Pinned', showPinned);
  // Chat arrives in small bundles (a quarter of a second of lines at a time).
  hub.on('Chat', function (lines) {
    lines.forEach(function (m) {
      var li = C.el('li', 'list-group-item py-1');
      li.appendChild(C.el('span', 'fw-semibold me-2', m.name));
      li.appendChild(C.el('span', '', m.text));
      chatList.appendChild(li);
    });
    while (chatList.children.length > 200) { chatList.removeChild(chatList.firstChild); }
    chatList.scrollTop = chatList.scrollHeight;
  });
  hub.on('Refused', say);

  document.getElementById('lr-ask').addEventListener('submit', function (event) {
    event.preventDefault();
    var input = event.target.querySelector('textarea');
    var value = input.value.trim();
    if (!value) { return; }
    hub.invoke('Ask', value).then(function () { input.value = ''; say(t('QuestionSent')); })
      .catch(function (e) { say(C.errorMessage(e)); });
  });
  document.getElementById('lr-chat-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var input = event.target.querySelector('input');
    var value = input.value.trim();
    if (!value) { return; }
    hub.invoke('SendChat', value).then(function () { input.value = ''; })
      .catch(function (e) { say(C.errorMessage(e)); });
  });

  live.start();
})();
