// Activation and reset links carry the number and the code after '#' (m=…&c=… or l=…&c=…): a fragment never
// reaches the server, so neither ends up in a log or a Referer. This fills the form from it, then drops it from
// the address bar and the history.
const form = document.querySelector('form[data-code-link]');
const fragment = window.location.hash.slice(1);
if (form && fragment) {
  const values = new URLSearchParams(fragment);
  for (const input of form.querySelectorAll('[data-link-field]')) {
    for (const name of input.dataset.linkField.split(' ')) {
      const value = values.get(name);
      if (value && !input.value) {
        input.value = value;
      }
    }
  }

  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  const empty = [...form.querySelectorAll('input:not([type=hidden])')].find((input) => !input.value);
  empty?.focus();
}
