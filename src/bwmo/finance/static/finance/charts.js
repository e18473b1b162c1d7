/* Finance charts: every <canvas data-chart="ID"> reads its data from the json_script element ID
   (no inline script: CSP). The tables on the page are the text alternative of each chart. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var colours = ["#24578f", "#b35900", "#0b6b2b", "#6b2f8f", "#8f2424", "#3d6b6b"];
  function tick(value) {
    return Number(value).toLocaleString("nl-NL", { maximumFractionDigits: 2 });
  }
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (set, i) {
      var colour = colours[i % colours.length];
      return {
        label: set.label,
        data: set.data.map(Number),  // decimal strings from the server; display only
        backgroundColor: set.fill ? "rgba(36, 87, 143, 0.15)" : colour,
        borderColor: colour,
        borderDash: set.dash ? [6, 4] : [],
        fill: set.fill || false,
        pointRadius: set.points ? 4 : (spec.type === "line" ? 2 : 0),
        showLine: !set.points,
        tension: 0
      };
    });
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: spec.type === "bar", title: { display: true, text: spec.yTitle },
                       ticks: { callback: tick } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  });
})();
