// Lists with ticks (accounts, the shortfall list, the plan overview): a header box ticks or clears every row on the
// page, a group box every row of its group, and choosing "all matching the filter" clears the single ticks, so the
// form never says both. A live count says how many are chosen.
for (const form of document.querySelectorAll('form[data-selection]')) {
  const name = form.dataset.selection;
  const all = form.querySelector('input[name="all"], input[name="All"]');
  const count = form.querySelector('[data-selection-count]');
  const ticks = (scope = form) => scope.querySelectorAll(`input[name="${name}"]`);
  const show = () => {
    if (!count) return;
    const chosen = all?.checked ? Number(all.dataset.total || 0) : [...ticks()].filter((box) => box.checked).length;
    count.textContent = count.dataset.template.replace('{0}', String(chosen));
  };
  form.addEventListener('change', (event) => {
    const box = event.target;
    if (box.matches('[data-tick-page], [data-tick-group]')) {
      const scope = box.matches('[data-tick-group]') ? box.closest('[data-group]') ?? form : form;
      ticks(scope).forEach((tick) => { tick.checked = box.checked; });
      if (box.checked && all) all.checked = false;
    } else if (box === all && all.checked) {
      ticks().forEach((tick) => { tick.checked = false; });
      form.querySelectorAll('[data-tick-page], [data-tick-group]').forEach((tick) => { tick.checked = false; });
    } else if (box.name === name && box.checked && all) {
      all.checked = false;
    }
    show();
  });
  show();
}
