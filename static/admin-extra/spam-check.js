// The queue's "Check for spam" progress bar follows the background run without
// a reload: it asks the run's progress URL every two seconds and stops when the
// run is done, then says so once through the live region. Without JavaScript
// the "Refresh" link next to the bar does the same by hand.
(function () {
  "use strict";
  var box = document.querySelector(".queue-check[data-progress-url]");
  if (!box || !window.fetch) return;
  var bar = box.querySelector("progress");
  var text = box.querySelector(".queue-check-text");
  var done = box.querySelector(".queue-check-done");
  var timer = null;

  function show(run) {
    bar.max = Math.max(run.total, 1);
    bar.value = run.checked;
    bar.textContent = run.percent + " %";
    text.textContent = run.text;
    if (run.done) {
      window.clearInterval(timer);
      box.classList.add("is-done");
      done.textContent = run.text;
    }
  }

  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(show)
      .catch(function () {
        // Signed out or the server gone: leave the bar as it is and the Refresh link to the person.
        window.clearInterval(timer);
      });
  }

  timer = window.setInterval(poll, 2000);
})();
