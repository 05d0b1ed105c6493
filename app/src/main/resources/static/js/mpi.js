// The person index page's chart: the weight of every field at every agreement level in the model in use, one bar
// each, grouped by field. Positive weights (evidence for "same person") point right in green, negative ones left in
// red. The data comes from /ui/api/mpi/model (the CSP forbids inline data), already labelled in the operator's language.
(function () {
  'use strict';

  var FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
  var POSITIVE = '#15803d';
  var NEGATIVE = '#b91c1c';
  var NEUTRAL = '#94a3b8';

  function empty(element, text) {
    element.classList.add('chart-empty');
    element.textContent = text;
  }

  function colour(weight) {
    return weight > 0.05 ? POSITIVE : weight < -0.05 ? NEGATIVE : NEUTRAL;
  }

  function format(weight) {
    return (weight > 0 ? '+' : weight < 0 ? '−' : '') + Math.abs(weight).toFixed(1);
  }

  function draw(element, data, emptyText) {
    if (!data.trained || !data.bars.length) {
      return empty(element, emptyText);
    }
    // ECharts draws categories bottom-up: reverse so the first field is on top.
    var bars = data.bars.slice().reverse();
    element.style.height = Math.max(240, bars.length * 24 + 40) + 'px';
    var chart = echarts.init(element, null, { renderer: 'svg' });
    chart.setOption({
      textStyle: { fontFamily: FONT },
      grid: { left: 12, right: 48, top: 10, bottom: 30, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: function (params) {
          var bar = bars[params.dataIndex];
          var div = document.createElement('div');
          var title = document.createElement('strong');
          title.textContent = bar.fieldLabel + ' · ' + bar.levelLabel;
          div.appendChild(title);
          [[data.weightLabel, format(bar.weight)], [data.matchLabel, bar.m.toFixed(4)], [data.nonMatchLabel, bar.u.toFixed(4)]]
            .forEach(function (row) {
              var line = document.createElement('div');
              line.textContent = row[0] + ': ' + row[1];
              div.appendChild(line);
            });
          return div;
        }
      },
      xAxis: {
        type: 'value', name: data.weightLabel, nameLocation: 'middle', nameGap: 26, nameTextStyle: { color: '#64748b' },
        axisLabel: { color: '#64748b' }, splitLine: { lineStyle: { color: '#eef2f6' } }
      },
      yAxis: {
        type: 'category', axisTick: { show: false }, axisLine: { onZero: false, lineStyle: { color: '#cbd5e1' } },
        data: bars.map(function (bar) { return bar.fieldLabel + ' · ' + bar.levelLabel; }),
        axisLabel: {
          color: '#334155',
          formatter: function (value, index) {
            // The field's name on its first (top) level only, so the groups read like a table.
            var bar = bars[index];
            return bar.level === 0 ? '{field|' + bar.fieldLabel + '}  ' + bar.levelLabel : bar.levelLabel;
          },
          rich: { field: { fontWeight: 600, color: '#0f172a' } }
        }
      },
      series: [{
        type: 'bar', name: data.weightLabel, barMaxWidth: 14,
        data: bars.map(function (bar) {
          return { value: bar.weight, label: { position: bar.weight >= 0 ? 'right' : 'left' },
            itemStyle: { color: colour(bar.weight), borderRadius: bar.weight >= 0 ? [0, 3, 3, 0] : [3, 0, 0, 3] } };
        }),
        label: { show: true, position: 'right', color: '#475569', fontSize: 11, formatter: function (p) { return format(p.value); } },
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#64748b', type: 'solid' }, label: { show: false }, data: [{ xAxis: 0 }] }
      }]
    });
    window.addEventListener('resize', function () { chart.resize(); });
    return chart;
  }

  document.addEventListener('DOMContentLoaded', function () {
    var holder = document.getElementById('mpi-model-data');
    var element = document.getElementById('mpi-model-chart');
    if (!holder || !element || typeof echarts === 'undefined') {
      return;
    }
    var emptyText = holder.getAttribute('data-empty');
    fetch(holder.getAttribute('data-url'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (data) { draw(element, data, emptyText); })
      .catch(function () { empty(element, emptyText); });
  });
})();
