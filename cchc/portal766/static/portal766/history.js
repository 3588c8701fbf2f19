/* A unit's published 766 total and rank within its block over the portal's run dates (Apache ECharts,
   vendored). The server renders the figures into <script id="history-data" type="application/json">
   (labels already translated); this file only draws them. */
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("chart-history");
    var node = document.getElementById("history-data");
    if (!el || !node || !window.echarts) return;
    var data = JSON.parse(node.textContent);
    var chart = window.echarts.init(el, null, { renderer: "canvas", locale: "EN" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 50, right: 50, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.dates },
      yAxis: [
        { type: "value", name: data.labels.total, min: 0, max: 100 },
        { type: "value", name: data.labels.rank, inverse: true, minInterval: 1, splitLine: { show: false } }
      ],
      series: [
        { name: data.labels.total, type: "line", yAxisIndex: 0, data: data.total },
        { name: data.labels.rank, type: "line", yAxisIndex: 1, data: data.rank, lineStyle: { type: "dashed" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
