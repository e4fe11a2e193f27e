// The trainee's live room: follows the lecturer's slide, notice, poll and Q&A; chat and questions go up.
import { el, format, joinLive, pollBar, sum } from './live-common.js';
import { showLiveVideo } from './live-video.js';

const root = document.getElementById('live-room');
if (root) {
  openRoom(root, showLiveVideo());
}

// video: the room's live video ({ check }, or null), which stops and says so when the lecture ends.
function openRoom(root, video) {
  const live = joinLive(root, 'lr');
  const { hub, t, say, call } = live;
  const notice = document.getElementById('lr-notice');
  const pollCard = document.getElementById('lr-poll');
  const pinned = document.getElementById('lr-pinned');
  const chatList = document.getElementById('lr-chat');
  const attention = document.getElementById('lr-attention');
  const attentionLeft = document.getElementById('lr-attention-left');
  const attentionConfirm = document.getElementById('lr-attention-confirm');
  const attentionForm = document.getElementById('lr-attention-form');
  const attentionCode = document.getElementById('lr-attention-code');
  const attentionInput = document.getElementById('lr-attention-input');
  const attentionError = document.getElementById('lr-attention-error');
  const attentionAudio = document.getElementById('lr-attention-audio');
  const sessionId = root.dataset.session;
  let drawn = 0;
  const questions = live.questionList((a, b) => b.votes - a.votes || a.id - b.id, questionItem);
  let currentPoll = null;
  let pendingCheck = null;
  let attentionTimer = 0;
  let staff = false;

  function showNotice(value) {
    notice.textContent = value;
    notice.classList.toggle('d-none', !value);
  }

  function showPoll(poll) {
    currentPoll = poll;
    pollCard.replaceChildren();
    pollCard.classList.toggle('d-none', !poll);
    if (!poll) {
      return;
    }
    const body = el('div', 'card-body');
    body.append(el('div', 'small text-muted mb-1', poll.open ? t('PollOpen') : t('PollClosed')), el('h2', 'h6', poll.question));
    const total = poll.tally ? sum(poll.tally) : 0;
    poll.options.forEach((option, i) => {
      if (!poll.open) {
        body.append(pollBar(option, poll.tally ? poll.tally[i] : 0, total));
        return;
      }
      const button = el('button', `btn w-100 mb-2 text-start ${poll.myAnswer === i ? 'btn-danger' : 'btn-outline-secondary'}`, option);
      button.type = 'button';
      button.dataset.option = String(i);
      button.addEventListener('click', () => {
        call('AnswerPoll', poll.id, i).then(() => {
          poll.myAnswer = i;
          showPoll(poll);
          say(t('PollThanks'));
        });
      });
      body.append(button);
    });
    pollCard.append(body);
  }

  function questionItem(q) {
    const li = el('li', 'list-group-item');
    li.dataset.id = String(q.id);
    const top = el('div', 'd-flex justify-content-between gap-2');
    top.append(el('div', 'lr-question-text', q.text));
    const vote = el('button', 'btn btn-sm btn-outline-danger flex-shrink-0', `▲ ${q.votes}`);
    vote.type = 'button';
    vote.setAttribute('aria-label', t('Upvote'));
    vote.disabled = !q.approved;
    vote.addEventListener('click', () => call('Upvote', q.id));
    top.append(vote);
    li.append(top);
    li.append(el('div', 'small text-muted', q.asker + (q.approved ? '' : ` · ${t('AwaitingApproval')}`)));
    if (q.answer) {
      li.append(el('div', 'lr-answer small mt-1', t('AnswerLabel') + q.answer));
    }
    return li;
  }

  function showPinned(q) {
    pinned.replaceChildren();
    pinned.classList.toggle('d-none', !q);
    if (!q) {
      return;
    }
    pinned.append(el('div', 'small fw-bold', t('Pinned')), el('div', '', q.text));
    if (q.answer) {
      pinned.append(el('div', 'small mt-1', t('AnswerLabel') + q.answer));
    }
  }

  // The seconds left come from the server when the check arrives, so the phone's own clock does not matter.
  function showAttention(check) {
    clearInterval(attentionTimer);
    // Staff looking at the trainees' view are not asked: their time is not attendance.
    pendingCheck = staff ? null : check;
    attention.classList.toggle('d-none', !pendingCheck);
    if (!pendingCheck) {
      return;
    }
    const until = Date.now() + pendingCheck.secondsLeft * 1000;
    function tick() {
      const left = Math.ceil((until - Date.now()) / 1000);
      attentionLeft.textContent = left > 0 ? format(t('AttentionSecondsLeft'), left) : t('AttentionOverdue');
      if (left <= 0) {
        clearInterval(attentionTimer);
      }
    }
    tick();
    attentionTimer = setInterval(tick, 1000);
    // Each person's own code, only as a picture (or speech): the hub's message does not carry it.
    drawn += 1;
    attentionCode.src = `${codeBase()}/image?v=${drawn}`;
    attentionInput.value = '';
    attentionError.textContent = '';
    attentionInput.disabled = false;
    attentionConfirm.disabled = false;
    attentionInput.focus();
  }
  function codeBase() {
    return `/live/${sessionId}/attention/${pendingCheck.number}`;
  }
  document.getElementById('lr-attention-another').addEventListener('click', () => {
    if (pendingCheck) {
      drawn += 1;
      attentionCode.src = `${codeBase()}/image?v=${drawn}`;
    }
  });
  document.getElementById('lr-attention-listen').addEventListener('click', () => {
    if (pendingCheck) {
      drawn += 1;
      attentionAudio.src = `${codeBase()}/audio?v=${drawn}`;
      attentionAudio.play().catch(() => {});
    }
  });
  attentionForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!pendingCheck) {
      return;
    }
    attentionConfirm.disabled = true;
    call('AnswerAttentionCheck', pendingCheck.number, attentionInput.value.trim())
      .then((result) => {
        if (result.accepted) {
          showAttention(null);
          say(t('AttentionAnswered'));
        } else if (result.missed) {
          showAttention(null);
          say(t('AttentionMissed'));
        } else if (result.attemptsLeft > 0) {
          attentionError.textContent = format(t('AttentionWrong'), result.attemptsLeft);
          attentionConfirm.disabled = false;
          attentionInput.select();
        } else {
          showAttention(null);
          say(t('AttentionExpired'));
        }
      })
      .catch(() => { attentionConfirm.disabled = false; });
  });

  hub.on('State', (s) => {
    staff = s.staff;
    showAttention(s.attention);
    live.showPhase(s.phase);
    live.showSlide(s.slide);
    showNotice(s.notice);
    showPoll(s.poll);
    showPinned(s.pinned);
    questions.reset(s.questions);
  });
  hub.on('Phase', (value) => {
    live.showPhase(value);
    if (value === 'Ended') {
      showAttention(null);
      video?.check();
    }
  });
  hub.on('AttentionCheck', showAttention);
  // Answered in another tab: this one need not ask again.
  hub.on('AttentionAnswered', (number) => {
    if (pendingCheck && pendingCheck.number === number) {
      showAttention(null);
    }
  });
  hub.on('Slide', live.showSlide);
  hub.on('Notice', showNotice);
  hub.on('Poll', (poll) => {
    if (poll && currentPoll && currentPoll.id === poll.id && poll.open) {
      poll.myAnswer = currentPoll.myAnswer;
    }
    showPoll(poll);
  });
  hub.on('Question', (q) => {
    if (questions.get(q.id)?.mine) {
      q.mine = true;
    }
    questions.put(q);
  });
  hub.on('QuestionRemoved', questions.remove);
  hub.on('Pinned', showPinned);
  // Chat arrives in small bundles (a quarter of a second of lines at a time).
  hub.on('Chat', (lines) => {
    lines.forEach((m) => {
      const li = el('li', 'list-group-item py-1');
      li.append(el('span', 'fw-semibold me-2', m.name), el('span', '', m.text));
      chatList.append(li);
    });
    while (chatList.children.length > 200) {
      chatList.removeChild(chatList.firstChild);
    }
    chatList.scrollTop = chatList.scrollHeight;
  });

  // A question or a chat line goes up from its form's box, which empties once the server took it.
  function sendFrom(form, method, sent) {
    // A finished session's room has no question form.
    if (!form) {
      return;
    }

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const input = form.querySelector('textarea, input');
      const value = input.value.trim();
      if (value) {
        call(method, value).then(() => {
          input.value = '';
          sent();
        });
      }
    });
  }
  sendFrom(document.getElementById('lr-ask'), 'Ask', () => say(t('QuestionSent')));
  sendFrom(document.getElementById('lr-chat-form'), 'SendChat', () => {});

  live.start();
}
