// The app's own behaviour, loaded on every page. The Content-Security-Policy forbids inline scripts
// and inline event handlers: pages mark elements with data- attributes and this file wires them up.

// <button data-print>: print the page.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});

// <button data-copy="ID" data-status="ID" data-done="Copied">: copy a field's text to the clipboard.
document.querySelectorAll("[data-copy]").forEach((button) => {
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(field.value);
    } catch (error) {
      field.select();
      document.execCommand("copy");
    }
    document.getElementById(button.dataset.status).textContent = button.dataset.done;
  });
});
