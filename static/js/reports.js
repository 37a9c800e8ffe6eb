// Report pages: confirm before a report is submitted; draw the dashboard charts (data from json_script).
(function () {
  "use strict";

  var PALETTE = ["#a61b1b", "#1f6fb2", "#2e8b57", "#d08c00", "#6f42c1", "#20a0a0", "#7d7d7d", "#c2185b"];

  function drawChart(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || !window.Chart) { return; }
    var chart = JSON.parse(source.textContent);
    var datasets = chart.datasets.map(function (set, index) {
      var colour = chart.type === "doughnut" ? PALETTE : PALETTE[index % PALETTE.length];
      return { label: set.label, data: set.data, backgroundColor: colour, borderColor: colour, borderWidth: 1 };
    });
    var format = new Intl.NumberFormat("vi-VN");
    new window.Chart(canvas, {
      type: chart.type,
      data: { labels: chart.labels, datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        indexAxis: chart.horizontal ? "y" : "x",
        plugins: {
          legend: { display: chart.type === "doughnut" || datasets.length > 1, position: "bottom" },
          tooltip: { callbacks: { label: function (item) { return (item.dataset.label ? item.dataset.label + ": " : "") + format.format(item.raw); } } }
        },
        scales: chart.type === "doughnut" ? {} : {
          x: { stacked: !!chart.stacked, ticks: { precision: 0 } },
          y: { stacked: !!chart.stacked, beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-confirm-submit]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!window.confirm(button.dataset.confirmSubmit)) { event.preventDefault(); }
      });
    });
    document.querySelectorAll("canvas[data-chart]").forEach(drawChart);
  });
})();
