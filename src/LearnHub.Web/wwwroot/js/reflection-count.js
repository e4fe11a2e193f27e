// The reflection form's live count: characters as the server counts them (each grapheme once, whitespace not at
// all), against the class's minimum, so a trainee sees before sending whether the text is long enough.
const segmenter = typeof Intl !== 'undefined' && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
const blank = /^[\s\u200b-\u200d\u2060\ufeff]+$/u;

const count = (text) => {
  const parts = segmenter ? Array.from(segmenter.segment(text), (s) => s.segment) : Array.from(text);
  return parts.filter((part) => !blank.test(part)).length;
};

document.querySelectorAll('textarea[data-count]').forEach((area) => {
  const output = document.getElementById(area.dataset.count);
  const min = Number(area.dataset.min || 0);
  if (!output) {
    return;
  }
  const update = () => {
    const n = count(area.value);
    output.textContent = output.dataset.template.replace('{0}', String(n));
    output.classList.toggle('text-danger', n < min);
    output.classList.toggle('text-success', n >= min);
  };
  area.addEventListener('input', update);
  update();
});
