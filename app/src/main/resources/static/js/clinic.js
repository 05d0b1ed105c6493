// The doctor workstation's lab trends: one small line chart per test, drawn from the data-trends attribute (the CSP
// forbids inline data); the reference range, when the results carry one, is a shaded band.
(function () {
  'use strict';

  function draw() {
    var grid = document.querySelector('[data-trends]');
    if (!grid || !window.echarts) {
      return;
    }
    var trends = JSON.parse(grid.getAttribute('data-trends'));
    var rangeLabel = grid.getAttribute('data-label-range') || '';
    trends.forEach(function (trend, index) {
      var element = document.getElementById('trend-' + index);
      if (!element) {
        return;
      }
      var band = trend.low !== null && trend.high !== null
        ? { silent: true, itemStyle: { color: 'rgba(22, 163, 74, 0.08)' }, data: [[{ yAxis: trend.low, name: rangeLabel }, { yAxis: trend.high }]] }
        : undefined;
      window.echarts.init(element).setOption({
        title: { text: trend.name + (trend.unit ? ' (' + trend.unit + ')' : ''), textStyle: { fontSize: 13 } },
        grid: { left: 44, right: 16, top: 36, bottom: 28 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: trend.points.map(function (p) { return p.date; }) },
        yAxis: { type: 'value', scale: true },
        series: [{ type: 'line', smooth: true, symbolSize: 6, data: trend.points.map(function (p) { return p.value; }), markArea: band }]
      });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
