// "Copy" buttons: <button data-copy-target="ID" data-copy-status="ID" data-copied="Copied">.
// Without JavaScript the text stays selectable in its read-only field.
document.querySelectorAll("[data-copy-target]").forEach((button) => {
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.copyTarget);
    try {
      await navigator.clipboard.writeText(field.value);
    } catch (error) {
      field.select();
      document.execCommand("copy");
    }
    const status = document.getElementById(button.dataset.copyStatus);
    if (status) {
      status.textContent = button.dataset.copied;
    }
  });
});
