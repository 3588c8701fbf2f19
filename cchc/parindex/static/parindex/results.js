/* The PAR index result page's chart (Apache ECharts, vendored): points lost by area. The server renders
   the figures into <script id="result-chart" type="application/json"> (labels already translated); this
   file only draws them. The table under the chart shows the same figures without JavaScript. */
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("lost-chart"), src = document.getElementById("result-chart");
    if (!el || !src || !window.echarts) return;
    var data = JSON.parse(src.textContent), areas = data.areas || [];
    var old = window.echarts.getInstanceByDom(el);
    if (old) old.dispose();
    var chart = window.echarts.init(el, null, { renderer: "canvas", locale: "EN" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "value", name: data.labels.points, minInterval: 0.5 },
      yAxis: { type: "category", inverse: true, data: areas.map(function (a) { return a.code + ". " + a.name; }),
               axisLabel: { width: 260, overflow: "truncate" } },
      series: [{ name: data.labels.lost, type: "bar", itemStyle: { color: "#c0392b" },
                 data: areas.map(function (a) { return a.lost; }) }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
