/* Kwartaalmonitor trend charts: one line chart per figure from the json_script data; the trend
   table on the page is the text alternative. No inline script (CSP). */
(function () {
  "use strict";
  var source = document.getElementById("monitor-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var byName = {};
  data.series.forEach(function (series) { byName[series.name] = series; });
  document.querySelectorAll("canvas[data-series]").forEach(function (canvas) {
    var series = byName[canvas.getAttribute("data-series")];
    if (!series) { return; }
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [{ label: series.title, data: series.values, borderColor: "#01689b",
                     backgroundColor: "#01689b", spanGaps: false, tension: 0 }]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { beginAtZero: true } },
        plugins: { legend: { display: false } }
      }
    });
  });
})();
