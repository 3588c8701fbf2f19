/* The leaders' dashboard charts (Apache ECharts, vendored): target statuses, monthly trends, the map of
   units. The server renders the figures into <script id="dash-data" type="application/json"> (every label
   already translated); this file only draws them, again after htmx swaps the page body. */
(function () {
  "use strict";
  if (window.cchcDashboard) return;  // loaded once per document
  window.cchcDashboard = true;
  // The pages carry hx-history="false": htmx keeps no snapshot (a snapshot holds dead chart markup and
  // would run the scripts again), so going back or forward loads the page afresh.
  if (window.htmx) window.htmx.config.refreshOnHistoryMiss = true;

  var lang = (document.documentElement.lang || "vi").indexOf("en") === 0 ? "en" : "vi-VN";
  var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });

  function fmt(value) {
    return value === null || value === undefined || value === "-" ? "—" : number.format(value);
  }

  function fresh(el) {
    var old = window.echarts.getInstanceByDom(el);
    if (old) old.dispose();
    return window.echarts.init(el, null, { renderer: "canvas", locale: "EN" });  // ECharts ships no Vietnamese; only its own toolbox texts use it
  }

  function targetsChart(el, data) {
    var labels = data.labels, targets = data.targets || [];
    var chart = fresh(el);
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: fmt },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", name: labels.units, minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: targets.map(function (t) { return t.plan + " · " + t.code; }) },
      series: labels.verdicts.map(function (v) {
        return {
          name: v.name, type: "bar", stack: "units", itemStyle: { color: v.colour },
          data: targets.map(function (t) { return { value: t.counts[v.key] || 0, url: t.url }; })
        };
      })
    });
    chart.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
    return chart;
  }

  function trendChart(el, data) {
    var trend = data.trend, labels = data.labels;
    var chart = fresh(el);
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: fmt },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: trend.months },
      yAxis: [
        { type: "value", name: labels.percent, min: 0, max: 100 },
        { type: "value", name: labels.dossiers, splitLine: { show: false }, minInterval: 1 }
      ],
      series: trend.series.map(function (s) {
        var count = s.kind === "bar";
        return {
          name: s.name, type: count ? "bar" : "line", yAxisIndex: count ? 1 : 0, data: s.data,
          connectNulls: false, showSymbol: true, itemStyle: count ? { color: "#c9d3de" } : undefined, z: count ? 1 : 2
        };
      })
    });
    return chart;
  }

  /* Longitude and latitude on equal scales (a degree of longitude is cos(latitude) of a degree of
     latitude), the box grown to the chart's shape so the province is not stretched. */
  function mapBox(points, width, height) {
    var lons = points.map(function (p) { return p.lon; }), lats = points.map(function (p) { return p.lat; });
    var minLon = Math.min.apply(null, lons), maxLon = Math.max.apply(null, lons);
    var minLat = Math.min.apply(null, lats), maxLat = Math.max.apply(null, lats);
    var cos = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
    var lonSpan = Math.max(maxLon - minLon, 0.05) * 1.15, latSpan = Math.max(maxLat - minLat, 0.05) * 1.15;
    var k = Math.min(width / (lonSpan * cos), height / latSpan);
    lonSpan = width / (k * cos); latSpan = height / k;
    var cLon = (minLon + maxLon) / 2, cLat = (minLat + maxLat) / 2;
    return { x: [cLon - lonSpan / 2, cLon + lonSpan / 2], y: [cLat - latSpan / 2, cLat + latSpan / 2] };
  }

  function mapChart(el, data) {
    var points = data.map.points, metric = data.metric, labels = data.labels;
    var chart = fresh(el);
    var withData = points.filter(function (p) { return p[metric] !== null; });
    var without = points.filter(function (p) { return p[metric] === null; });
    var values = withData.map(function (p) { return p[metric]; });
    var item = function (p) { return { name: p.name, value: [p.lon, p.lat, p[metric]], url: p.url }; };
    function draw() {
      var grid = { left: 8, right: 8, top: 8, bottom: 56 };
      var box = mapBox(points, Math.max(el.clientWidth - 16, 100), Math.max(el.clientHeight - 64, 100));
      chart.setOption({
          animation: false,
        grid: grid,
        tooltip: {
          formatter: function (p) {
            return p.name + "<br>" + labels.metrics[metric] + ": " + (p.value[2] === null ? labels.no_data : fmt(p.value[2]));
          }
        },
        xAxis: { type: "value", min: box.x[0], max: box.x[1], show: false },
        yAxis: { type: "value", min: box.y[0], max: box.y[1], show: false },
        visualMap: {
          show: values.length > 0, type: "continuous", seriesIndex: 0, dimension: 2, orient: "horizontal", left: "center", bottom: 0,
          min: values.length ? Math.floor(Math.min.apply(null, values)) : 0,
          max: values.length ? Math.ceil(Math.max.apply(null, values)) : 100,
          calculable: true, text: [labels.metrics[metric], ""], formatter: fmt,
          inRange: { color: ["#b42318", "#e6a23c", "#1e7b34"] }
        },
        series: [
          { name: labels.metrics[metric], type: "scatter", symbolSize: 13, data: withData.map(item),
            itemStyle: { borderColor: "#fff", borderWidth: 1 } },
          { name: labels.no_data, type: "scatter", symbolSize: 9, data: without.map(item),
            itemStyle: { color: "#9aa5b1" } }
        ]
      }, true);
    }
    draw();
    chart.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
    chart.redraw = draw;
    return chart;
  }

  var charts = [];

  function init() {
    var source = document.getElementById("dash-data");
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    charts.forEach(function (c) { if (!c.isDisposed()) c.dispose(); });
    charts = [];
    var el;
    if ((el = document.getElementById("chart-targets")) && data.targets && data.targets.length) charts.push(targetsChart(el, data));
    if ((el = document.getElementById("chart-trend")) && data.trend) charts.push(trendChart(el, data));
    if ((el = document.getElementById("chart-map")) && data.map && data.map.points.length) charts.push(mapChart(el, data));
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { if (c.isDisposed()) return; c.resize(); if (c.redraw) c.redraw(); });
  });
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
})();
