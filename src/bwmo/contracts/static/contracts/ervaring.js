/* Client-experience trend: score per quarter; a suppressed quarter is a gap in the line. The
   table under the chart is the text alternative. */
(function () {
  "use strict";
  var canvas = document.getElementById("ervaring-grafiek");
  var source = document.getElementById("ervaring-data");
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [{ label: "Gemiddelde score", data: data.scores, borderColor: "#24578f",
                   backgroundColor: "#24578f", spanGaps: false, tension: 0 }]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { min: 0, max: 10, title: { display: true, text: "Score (0-10)" } } },
      plugins: { legend: { display: false } }
    }
  });
})();
