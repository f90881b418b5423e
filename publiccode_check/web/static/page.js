// The script of the page of `publiccode-check serve`. The page works without it: each form is
// sent and the answer is the page with its results. With it, results come without a reload
// (the server's own results part, inserted as it is), a chosen file is loaded into the text box,
// where it can be edited, and Ctrl+Enter in the text box checks it.
"use strict";
(() => {
  const fileForm = document.getElementById("check-file");
  const urlForm = document.getElementById("check-url");
  const text = document.getElementById("text");
  const file = document.getElementById("file");
  const outcome = document.getElementById("outcome");
  const status = document.getElementById("status");
  const MAX_BYTES = 1024 * 1024;

  const show = (html) => {
    // the server's results part: parsed as an inert document (nothing in it runs), then moved here
    const parsed = new DOMParser().parseFromString(html, "text/html");
    outcome.replaceChildren(...parsed.body.childNodes);
    const results = document.getElementById("results");
    if (results) {
      results.focus({preventScroll: true});
      results.scrollIntoView({block: "start"});
      status.textContent = results.querySelector("h2").textContent + ". "
        + (results.querySelector(".summary, p") || {textContent: ""}).textContent;
    } else {
      status.textContent = "";
    }
  };

  const send = async (form, request) => {
    const buttons = form.querySelectorAll("button");
    buttons.forEach((button) => { button.disabled = true; });
    status.textContent = "Checking…";
    try {
      const response = await fetch(request.url, request.init);
      show(await response.text());
    } catch (error) {
      status.textContent = "The check could not be sent (" + error.message + "); try again.";
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
    }
  };

  fileForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!text.value.trim() && !file.files.length) {
      status.textContent = "Paste the file, or choose it, first.";
      text.focus();
      return;
    }
    send(fileForm, {url: "./?part=results", init: {method: "POST", body: new FormData(fileForm)}});
  });

  urlForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams(new FormData(urlForm)).toString();
    history.replaceState(null, "", "./?" + query);  // the address of these results, to share
    send(urlForm, {url: "./?" + query + "&part=results", init: {}});
  });

  // a chosen file goes into the text box, where it can be read and edited before it is checked
  file.addEventListener("change", async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    if (chosen.size > MAX_BYTES) {
      status.textContent = chosen.name + " is larger than 1 MiB: it is not a publiccode.yml.";
      file.value = "";
      return;
    }
    text.value = await chosen.text();
    file.value = "";
    status.textContent = chosen.name + " loaded into the text box.";
  });

  document.getElementById("keys").hidden = false;  // the shortcut below
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      fileForm.requestSubmit();
    }
  });
})();
