// After a passkey is registered (django-otp-webauthn's event), continue: to the link marked
// data-after-passkey when the page has one (enrolment: on to the next page; the list of login
// methods: reload it). An external file, as the Content Security Policy allows no inline script.
document.addEventListener("otp_webauthn.register_complete", () => {
  const next = document.querySelector("a[data-after-passkey]");
  window.setTimeout(() => {
    window.location.assign(next ? next.href : window.location.href);
  }, 1200);
});
