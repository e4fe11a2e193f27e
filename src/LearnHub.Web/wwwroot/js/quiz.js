// A quiz paper on a phone: one question card at a time, a progress bar of answered questions,
// and a countdown that submits the paper when the time limit runs out. Without this script every
// card is shown and the paper still submits.
const form = document.getElementById('quiz-paper');
if (form) {
  const cards = [...form.querySelectorAll('.lh-question')];
  const prev = form.querySelector('[data-prev]');
  const next = form.querySelector('[data-next]');
  const submit = form.querySelector('[data-submit]');
  const bar = form.querySelector('[data-progress]');
  const barFill = bar.querySelector('.progress-bar');
  const progressText = form.querySelector('[data-progress-text]');
  const format = (template, ...values) => values.reduce((text, value, i) => text.replace(`{${i}}`, value), template);
  let current = 0;

  const answered = (card) => [...card.querySelectorAll('input')].some((input) =>
    input.type === 'text' ? input.value.trim().length > 0 : input.checked);

  const updateProgress = () => {
    const done = cards.filter(answered).length;
    const percent = cards.length === 0 ? 0 : Math.round((100 * done) / cards.length);
    barFill.style.width = `${percent}%`;
    bar.setAttribute('aria-valuenow', String(done));
    progressText.textContent = format(form.dataset.progressFormat, done, cards.length);
  };

  const show = (index) => {
    current = Math.max(0, Math.min(cards.length - 1, index));
    cards.forEach((card, i) => { card.hidden = i !== current; });
    prev.hidden = current === 0;
    next.hidden = current === cards.length - 1;
    submit.hidden = current !== cards.length - 1;
    cards[current].querySelector('legend')?.scrollIntoView({ block: 'nearest' });
  };

  prev.addEventListener('click', () => show(current - 1));
  next.addEventListener('click', () => show(current + 1));
  form.addEventListener('input', updateProgress);
  form.addEventListener('change', updateProgress);
  // Enter in a fill-in box moves on instead of submitting a half-done paper.
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target instanceof HTMLInputElement && event.target.type === 'text' && current < cards.length - 1) {
      event.preventDefault();
      show(current + 1);
    }
  });
  show(0);
  updateProgress();

  const timer = form.querySelector('[data-timer]');
  if (timer && form.dataset.deadline) {
    const deadline = Date.parse(form.dataset.deadline);
    const tick = () => {
      const left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
      const minutes = Math.floor(left / 60);
      const seconds = String(left % 60).padStart(2, '0');
      timer.textContent = format(form.dataset.timerFormat, `${minutes}:${seconds}`);
      if (left === 0) {
        clearInterval(handle);
        form.requestSubmit();
      }
    };
    const handle = setInterval(tick, 1000);
    tick();
  }
}
