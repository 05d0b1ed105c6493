// The audit page's chart: the search results on screen, counted per action and split into permitted and denied.
// It reads the result rows themselves (data-* attributes; the CSP forbids inline data), so it always shows what the
// table shows, and redraws when htmx swaps in new results.
(function () {
  'use strict';

  var FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
  var MOST_ACTIONS = 12;
  var chart = null;

  function counts() {
    var byAction = {};
    document.querySelectorAll('#audit-results tr[data-action]').forEach(function (row) {
      var action = row.getAttribute('data-action');
      var count = byAction[action] || (byAction[action] = { label: row.getAttribute('data-label'), permit: 0, deny: 0 });
      if (row.getAttribute('data-decision') === 'deny') {
        count.deny++;
      } else {
        count.permit++;
      }
    });
    return Object.keys(byAction).map(function (action) { return byAction[action]; })
      .sort(function (a, b) { return (b.permit + b.deny) - (a.permit + a.deny); })
      .slice(0, MOST_ACTIONS)
      .reverse();
  }

  function draw() {
    if (chart) {
      chart.dispose();
      chart = null;
    }
    var element = document.getElementById('audit-chart');
    if (!element || typeof echarts === 'undefined') {
      return;
    }
    var rows = counts();
    element.style.height = Math.max(120, rows.length * 26 + 56) + 'px';
    chart = echarts.init(element, null, { renderer: 'svg' });
    chart.setOption({
      textStyle: { fontFamily: FONT },
      grid: { left: 12, right: 24, top: 30, bottom: 4, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, right: 0, icon: 'circle', itemWidth: 8, itemHeight: 8, textStyle: { color: '#475569' } },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#64748b' }, splitLine: { lineStyle: { color: '#eef2f6' } } },
      yAxis: { type: 'category', data: rows.map(function (r) { return r.label; }), axisTick: { show: false },
        axisLine: { lineStyle: { color: '#cbd5e1' } }, axisLabel: { color: '#334155' } },
      series: [
        { type: 'bar', stack: 'decision', name: element.getAttribute('data-permit'), barMaxWidth: 16,
          itemStyle: { color: '#15803d' }, data: rows.map(function (r) { return r.permit; }) },
        { type: 'bar', stack: 'decision', name: element.getAttribute('data-deny'), barMaxWidth: 16,
          itemStyle: { color: '#b91c1c', borderRadius: [0, 3, 3, 0] }, data: rows.map(function (r) { return r.deny; }) }
      ]
    });
  }

  document.addEventListener('DOMContentLoaded', draw);
  // htmx fires htmx:load on content it swaps in: a new results section means a new chart.
  document.addEventListener('htmx:load', function (event) {
    if (event.target.id === 'audit-results' || (event.target.querySelector && event.target.querySelector('#audit-chart'))) {
      draw();
    }
  });
  window.addEventListener('resize', function () {
    if (chart) {
      chart.resize();
    }
  });
})();
