// Forms (issue 9, item 7): after a refused submission, move focus to the error summary so a
// screen reader announces it and a keyboard user starts from the list of errors.
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.getElementById("formulierfouten");
    if (summary) {
      summary.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
