/* Spreading chart: grouped bars per municipality; the table on the page is the text alternative. */
(function () {
  "use strict";
  var canvas = document.getElementById("spreiding-grafiek");
  var source = document.getElementById("spreiding-data");
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = ["#24578f", "#0b6b2b", "#8a4b00"];
  data.datasets.forEach(function (dataset, i) {
    dataset.backgroundColor = colours[i % colours.length];
  });
  new Chart(canvas, {
    type: "bar",
    data: data,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, title: { display: true, text: "Plaatsen per 10.000 inwoners" } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
