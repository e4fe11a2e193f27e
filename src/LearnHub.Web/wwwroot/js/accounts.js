// Account list: the header box ticks or clears every account on the page, and choosing "all matching the
// filter" clears the single ticks, so the form never says both.
const form = document.querySelector('form[data-testid="bulk-form"]');
if (form) {
  const page = form.querySelector('input[data-tick-page]');
  const all = form.querySelector('input[name="all"]');
  const ticks = () => form.querySelectorAll('input[name="ids"]');
  page?.addEventListener('change', () => {
    ticks().forEach((box) => { box.checked = page.checked; });
    if (page.checked && all) all.checked = false;
  });
  all?.addEventListener('change', () => {
    if (!all.checked) return;
    ticks().forEach((box) => { box.checked = false; });
    if (page) page.checked = false;
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'ids' && event.target.checked && all) all.checked = false;
  });
}
