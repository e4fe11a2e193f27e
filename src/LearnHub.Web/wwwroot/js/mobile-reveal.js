// Masked mobile numbers (Shared/_MaskedMobile): the full number is not in the page; "show" asks the server for it,
// which records the view in the audit log, and puts it in place of the mask.
document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-reveal-mobile]');
  if (!button) {
    return;
  }
  const token = document.querySelector('input[name="__RequestVerificationToken"]');
  const shown = document.getElementById(button.dataset.target);
  button.disabled = true;
  fetch(button.dataset.revealMobile, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: token ? '__RequestVerificationToken=' + encodeURIComponent(token.value) : '',
  })
    .then((response) => {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then((data) => {
      shown.textContent = data.mobile;
      button.remove();
    })
    .catch(() => {
      button.disabled = false;
      button.textContent = button.dataset.failed;
    });
});
