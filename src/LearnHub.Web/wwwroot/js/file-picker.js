// LearnHub's own file buttons (Shared/_FilePicker, the lesson media page): the chosen file's name in place of
// "no file chosen", and the page's own message when a form is sent without one. The browser's texts for both
// are in the browser's language, not the page's.
document.querySelectorAll('input.lh-file').forEach((file) => {
  const name = document.getElementById(file.dataset.name);
  const none = name ? name.textContent : '';
  file.addEventListener('change', () => {
    file.setCustomValidity('');
    if (name) {
      name.textContent = file.files && file.files[0] ? file.files[0].name : none;
    }
  });
  file.addEventListener('invalid', () => {
    if (file.dataset.missing) {
      file.setCustomValidity(file.dataset.missing);
    }
  });
});
