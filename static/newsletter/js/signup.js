// The sign-up form on cached pages holds no CSRF token. When it is submitted, fetch one and post the
// form to the sign-up view; if that fails, the form goes as written: a GET to the newsletter page.
document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-token-url]");
    if (!form || form.dataset.tokenFetched) return;
    event.preventDefault();
    try {
        const response = await fetch(form.dataset.tokenUrl, { credentials: "same-origin", cache: "no-store" });
        const { token } = await response.json();
        const input = document.createElement("input");
        Object.assign(input, { type: "hidden", name: "csrfmiddlewaretoken", value: token });
        form.append(input);
        form.method = "post";
        form.action = form.dataset.subscribe;
    } catch (error) {
        // Keep the plain GET to the newsletter page.
    }
    form.dataset.tokenFetched = "1";
    form.submit();
});
