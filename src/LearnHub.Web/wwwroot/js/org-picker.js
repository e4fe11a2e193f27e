// Organization picker: a search box that asks the server for matching organizations as the user
// types, instead of a drop-down of every organization in the province. The chosen organization's
// id goes into the hidden input named by data-target; clearing the box clears the id.
const pickers = document.querySelectorAll('input[data-org-picker]');
pickers.forEach((box) => {
  const hidden = document.getElementById(box.dataset.target);
  const list = document.getElementById(box.getAttribute('list'));
  const hint = box.dataset.noMatch;
  let timer = 0;
  let options = new Map();
  let controller = null;

  const choose = () => {
    const id = options.get(box.value);
    if (id !== undefined) {
      hidden.value = id;
      box.setCustomValidity('');
    } else if (box.value.trim() === '') {
      hidden.value = '';
      box.setCustomValidity('');
    } else {
      hidden.value = '';
    }
  };

  const search = async () => {
    const q = box.value.trim();
    if (q.length === 0 || options.has(box.value)) { choose(); return; }
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const response = await fetch(box.dataset.lookup + '?q=' + encodeURIComponent(q), {
        headers: { Accept: 'application/json' }, credentials: 'same-origin', signal: controller.signal,
      });
      if (!response.ok) return;
      const items = await response.json();
      options = new Map(items.map((o) => [o.label, String(o.id)]));
      list.replaceChildren(...items.map((o) => {
        const option = document.createElement('option');
        option.value = o.label;
        return option;
      }));
      choose();
      if (items.length === 0 && hint) box.setCustomValidity(hint);
    } catch (e) {
      if (e.name !== 'AbortError') throw e;
    }
  };

  box.addEventListener('input', () => {
    clearTimeout(timer);
    choose();
    timer = setTimeout(search, 200);
  });
  box.addEventListener('change', choose);
});
