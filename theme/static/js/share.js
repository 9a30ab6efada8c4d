// Release pages: "Copy link" copies the release's URL; "Printable version" opens the print
// dialog. Without this script both stay plain links to the release itself (a reader can
// copy that link, and the page prints as the release alone: the print stylesheet).
for (const link of document.querySelectorAll("a.copy-link")) {
  link.setAttribute("role", "button");
  link.addEventListener("click", async (event) => {
    event.preventDefault();
    const status = link.parentElement.querySelector(".copy-status");
    const url = link.href;
    try {
      await navigator.clipboard.writeText(url);
      status.textContent = link.dataset.copied;
    } catch {
      // No clipboard API (a page served over plain http) or no permission: put the URL in
      // a selected text field, so one key press copies it.
      let field = link.parentElement.querySelector("input.copy-field");
      if (!field) {
        field = document.createElement("input");
        field.className = "copy-field";
        field.readOnly = true;
        field.value = url;
        field.setAttribute("aria-label", link.textContent);
        status.before(field);
      }
      field.focus();
      field.select();
      status.textContent = link.dataset.select;
    }
  });
}
for (const link of document.querySelectorAll("a.print-link")) {
  link.addEventListener("click", (event) => { event.preventDefault(); window.print(); });
}
