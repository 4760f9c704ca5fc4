// Live progress of background jobs (alt-text drafts, demo runs) in the admin and on run pages: every
// region [data-live-progress] (the address of its fragment) fetches itself again every two seconds
// while it shows a job under way ([data-unfinished]). "Generate alt text" queues a job without
// leaving the image editor. Without scripts the regions show the state as of loading and the button
// submits the page.
(() => {
  const INTERVAL_MS = 2000;
  const HEADERS = { "X-Requested-With": "XMLHttpRequest" };

  function refreshWhileUnfinished(region) {
    if (!region.querySelector("[data-unfinished]")) return;
    window.setTimeout(async () => {
      try {
        const response = await fetch(region.dataset.liveProgress, { credentials: "same-origin", headers: HEADERS });
        if (response.ok) region.innerHTML = await response.text();
      } catch (error) {
        // The network or the server blinked: the next tick tries again.
      }
      refreshWhileUnfinished(region);
    }, INTERVAL_MS);
  }

  async function generate(event) {
    const button = event.currentTarget;
    const panel = button.closest("[data-alt-text-panel]");
    const region = panel.querySelector("[data-live-progress]");
    event.preventDefault();
    const body = new FormData();
    body.append("csrfmiddlewaretoken", button.form.querySelector("[name=csrfmiddlewaretoken]").value);
    panel.querySelectorAll("input[name=languages]:checked").forEach((box) => body.append("languages", box.value));
    button.disabled = true;
    try {
      const response = await fetch(button.formAction, { method: "POST", body, credentials: "same-origin", headers: HEADERS });
      region.innerHTML = await response.text();
    } finally {
      button.disabled = false;
    }
    refreshWhileUnfinished(region);
  }

  document.querySelectorAll("[data-alt-text-generate]").forEach((button) => button.addEventListener("click", generate));
  document.querySelectorAll("[data-live-progress]").forEach(refreshWhileUnfinished);
})();
