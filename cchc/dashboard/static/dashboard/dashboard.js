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

  /* Months whose figures are not settled (trend.provisional) are drawn apart: a line's settled months
     solid, its provisional ones dashed with hollow points (joined to the last settled month), a count's
     bars pale with a dashed border, and "(tạm tính)" on their axis label. The month still running is not
     in the series at all (the page says so beside the chart). */
  function trendChart(el, data) {
    var trend = data.trend, labels = data.labels, prov = trend.provisional || [];
    var chart = fresh(el);
    var series = [];
    trend.series.forEach(function (s) {
      if (s.kind === "bar") {
        series.push({
          name: s.name, type: "bar", yAxisIndex: 1, z: 1,
          data: s.data.map(function (v, i) {
            return prov[i] ? { value: v, itemStyle: { color: "#e8edf2", borderColor: "#7b8794", borderType: "dashed", borderWidth: 1 } }
                           : { value: v, itemStyle: { color: "#c9d3de" } };
          })
        });
        return;
      }
      var firstProv = prov.indexOf(true);
      var solid = s.data.map(function (v, i) { return firstProv >= 0 && i >= firstProv ? null : v; });
      var dashed = s.data.map(function (v, i) { return firstProv >= 0 && i >= firstProv - 1 ? v : null; });
      series.push({ name: s.name, type: "line", yAxisIndex: 0, z: 2, data: solid, connectNulls: false, showSymbol: true });
      if (firstProv >= 0) {
        series.push({
          name: s.name, type: "line", yAxisIndex: 0, z: 2, data: dashed, connectNulls: false, showSymbol: true,
          symbol: "emptyCircle", symbolSize: 8, lineStyle: { type: "dashed" }, provisional: true
        });
      }
    });
    var option = {
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: fmt },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        data: trend.months.map(function (m, i) { return prov[i] ? m + "\n(" + labels.provisional + ")" : m; })
      },
      yAxis: [
        { type: "value", name: labels.percent, min: 0, max: 100 },
        { type: "value", name: labels.dossiers, splitLine: { show: false }, minInterval: 1 }
      ],
      series: series
    };
    chart.setOption(option);
    // The dashed part of a line has the same legend entry and colour as its solid part.
    var colours = chart.getOption().color;
    var byName = {};
    chart.getOption().series.forEach(function (s, i) { if (!(s.name in byName)) byName[s.name] = i; });
    chart.setOption({
      series: chart.getOption().series.map(function (s, i) {
        return s.type === "line" ? { lineStyle: { color: colours[byName[s.name] % colours.length] },
                                      itemStyle: { color: colours[byName[s.name] % colours.length] } } : {};
      })
    });
    return chart;
  }

  function spreadsChart(el, data) {
    var spreads = data.spreads, labels = data.labels;
    var chart = fresh(el);
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          return p.name + "<br>" + labels.spread.map(function (name, i) { return name + ": " + fmt(p.data[i + 1]); }).join("<br>");
        }
      },
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: "value", name: labels.points, min: 0, max: 100 },
      yAxis: { type: "category", inverse: true, data: spreads.map(function (s) { return s.label; }) },
      series: [{ name: labels.block_spread, type: "boxplot", data: spreads.map(function (s) { return s.five; }),
                 itemStyle: { color: "#e6ebf0", borderColor: "#3b4a5a" },
                 // The province's own total, the same figure as the number beside the chart.
                 markLine: data.province_766 ? {
                   symbol: "none", silent: true, lineStyle: { color: "#0b5cad", type: "dashed" },
                   label: { position: "start", formatter: data.province_766.name + ": " + fmt(data.province_766.points) },
                   data: [{ xAxis: data.province_766.points }]
                 } : undefined }]
    });
    return chart;
  }

  /* The map: each unit's area (a cell drawn from the units' coordinates on the server, registered as
     this map's GeoJSON, features named by unit id), filled with its verdict's colour, the same colours
     as the tables and the targets chart (labels.verdicts), named by a label at its centre. */
  function mapChart(el, data) {
    var map = data.map, labels = data.labels;
    var colour = {}, verdictName = {};
    labels.verdicts.forEach(function (v) { colour[v.key] = v.colour; verdictName[v.key] = v.name; });
    var mapName = "cchc-units-" + Date.now();
    window.echarts.registerMap(mapName, map.geo);
    var lat = 0;
    map.areas.forEach(function (a) { lat += a.centre[1]; });
    lat = map.areas.length ? lat / map.areas.length : 14;
    var chart = fresh(el);
    var unit = map.target ? map.target.unit : "";
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var a = p.data;
          if (!a) return "";
          var line = a.fullName + "<br>" + verdictName[a.verdict];
          if (a.value !== null) line += " (" + fmt(a.value) + (unit === "%" ? "%" : "") + ")";
          return line;
        }
      },
      series: [{
        type: "map", map: mapName, roam: true, aspectScale: Math.cos(lat * Math.PI / 180),
        layoutCenter: ["50%", "50%"], layoutSize: "95%", selectedMode: false,
        label: { show: true, fontSize: 9, color: "#1f2933", formatter: function (p) { return p.data && p.data.labelled ? p.data.short : ""; } },
        labelLayout: { hideOverlap: true },
        emphasis: { label: { show: true, fontSize: 11, formatter: function (p) { return p.data ? p.data.fullName : ""; } },
                    itemStyle: { areaColor: null, borderColor: "#1f2933", borderWidth: 2 } },
        itemStyle: { borderColor: "#ffffff", borderWidth: 1 },
        data: map.areas.map(function (a) {
          // Names on the areas large enough to hold them (over 45% of an average area); the others show
          // theirs on hover and in the tooltip.
          var labelled = a.share * map.areas.length >= 0.45;
          return {
            labelled: labelled, name: a.id, fullName: a.name, short: a.name.replace(/^(Xã|Phường|Thị trấn|Đặc khu) /, ""),
            verdict: a.verdict, value: a.value, url: a.url, itemStyle: { areaColor: colour[a.verdict] }
          };
        })
      }]
    });
    chart.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
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
    if ((el = document.getElementById("chart-spreads")) && data.spreads && data.spreads.length) charts.push(spreadsChart(el, data));
    if ((el = document.getElementById("chart-map")) && data.map && data.map.areas.length) charts.push(mapChart(el, data));
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { if (!c.isDisposed()) c.resize(); });
  });
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
})();
