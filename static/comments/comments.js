// The comment section's small behaviours. Reply in place: "Reply" moves the
// comment form under the comment and "Cancel reply" puts it back; without
// JavaScript the same links reload the page with ?replytocom=<id>, which
// renders the form as a reply.
(function () {
  "use strict";
  // An avatar Gravatar could not deliver is removed, leaving the initial.
  Array.prototype.forEach.call(document.querySelectorAll(".avatar img"), function (img) {
    function drop() { img.remove(); }
    if (img.complete && img.naturalWidth === 0) { drop(); }
    img.addEventListener("error", drop);
  });

  // A refused comment: bring the reader to the list of problems above the form.
  var summary = document.getElementById("comment-error-summary");
  if (summary) {
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }

  var respond = document.getElementById("respond");
  if (!respond) { return; }
  var form = respond.querySelector("form");
  var replyTo = form.querySelector("input[name=reply_to]");
  var heading = respond.querySelector("[data-reply-heading]");
  var cancel = document.getElementById("cancel-comment-reply-link");
  var home = document.createElement("div");
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);

  function replyHeading(name) {
    return respond.getAttribute("data-reply-title").replace("%(name)s", name);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.comment-reply-link") : null;
    if (!link) { return; }
    var body = document.getElementById("div-comment-" + link.getAttribute("data-reply-to"));
    if (!body) { return; }
    event.preventDefault();
    body.parentNode.insertBefore(respond, body.nextSibling);
    replyTo.value = link.getAttribute("data-reply-to");
    heading.textContent = replyHeading(link.getAttribute("data-reply-name"));
    cancel.hidden = false;
    form.querySelector("textarea").focus();
  });

  cancel.addEventListener("click", function (event) {
    event.preventDefault();
    home.parentNode.insertBefore(respond, home.nextSibling);
    replyTo.value = "0";
    heading.textContent = respond.getAttribute("data-default-title");
    cancel.hidden = true;
  });
})();
