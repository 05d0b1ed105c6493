// Overview charts. The data comes from /ui/api/overview (the CSP forbids inline data), already labelled in
// the operator's language; this file only draws it with ECharts.
(function () {
  'use strict';

  // Same colour per resource type in every chart and on the person timeline (see hub.css .dot-*).
  var TYPE_COLOURS = {
    Patient: '#0f766e', Encounter: '#2563eb', Observation: '#0891b2', Condition: '#dc2626',
    MedicationRequest: '#7c3aed', MedicationStatement: '#a855f7', Procedure: '#ea580c', ImagingStudy: '#475569',
    DiagnosticReport: '#ca8a04', AllergyIntolerance: '#e11d48', Immunization: '#16a34a', Organization: '#94a3b8',
    Practitioner: '#64748b'
  };
  var FALLBACK = ['#0ea5e9', '#f59e0b', '#84cc16', '#ec4899', '#6366f1', '#14b8a6', '#f97316', '#8b5cf6'];
  var FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

  function colour(type, index) {
    return TYPE_COLOURS[type] || FALLBACK[index % FALLBACK.length];
  }

  function empty(element, text) {
    element.classList.add('chart-empty');
    element.textContent = text;
  }

  function base() {
    return {
      textStyle: { fontFamily: FONT },
      grid: { left: 12, right: 20, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }
    };
  }

  function byType(element, data, emptyText) {
    if (!data.byType.length) {
      return empty(element, emptyText);
    }
    var rows = data.byType.slice().reverse();
    var chart = echarts.init(element, null, { renderer: 'svg' });
    chart.setOption(Object.assign(base(), {
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#64748b' }, splitLine: { lineStyle: { color: '#eef2f6' } } },
      yAxis: { type: 'category', data: rows.map(function (r) { return r.label; }), axisTick: { show: false },
        axisLine: { lineStyle: { color: '#cbd5e1' } }, axisLabel: { color: '#334155' } },
      series: [{
        type: 'bar', name: data.countLabel, barMaxWidth: 22,
        data: rows.map(function (r, i) {
          return { value: r.count, itemStyle: { color: colour(r.type, i), borderRadius: [0, 4, 4, 0] } };
        }),
        label: { show: true, position: 'right', color: '#475569' }
      }]
    }));
    return chart;
  }

  function bySource(element, data, emptyText) {
    var sources = data.bySource.sources;
    if (!sources.length || !data.byType.length) {
      return empty(element, emptyText);
    }
    var chart = echarts.init(element, null, { renderer: 'svg' });
    chart.setOption(Object.assign(base(), {
      legend: { type: 'scroll', bottom: 0, icon: 'circle', itemWidth: 8, itemHeight: 8, textStyle: { color: '#475569' } },
      grid: { left: 12, right: 20, top: 24, bottom: 36, containLabel: true },
      xAxis: { type: 'category', data: sources, axisTick: { show: false }, axisLine: { lineStyle: { color: '#cbd5e1' } },
        axisLabel: { interval: 0, width: 130, overflow: 'truncate', color: '#334155' } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#64748b' }, splitLine: { lineStyle: { color: '#eef2f6' } } },
      series: data.bySource.series.map(function (s, i) {
        return { type: 'bar', stack: 'total', name: s.label, data: s.counts, barMaxWidth: 48,
          itemStyle: { color: colour(s.type, i) }, emphasis: { focus: 'series' } };
      })
    }));
    return chart;
  }

  function perDay(element, data) {
    var chart = echarts.init(element, null, { renderer: 'svg' });
    chart.setOption(Object.assign(base(), {
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', boundaryGap: false, data: data.perDay.days,
        axisLabel: { color: '#64748b', formatter: function (day) { return day.slice(5); } },
        axisLine: { lineStyle: { color: '#cbd5e1' } } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#64748b' }, splitLine: { lineStyle: { color: '#eef2f6' } } },
      series: [{
        type: 'line', name: data.countLabel, data: data.perDay.counts, smooth: false, symbolSize: 5, showSymbol: data.perDay.days.length <= 31,
        lineStyle: { width: 2.5, color: '#0f766e' }, itemStyle: { color: '#0f766e' },
        areaStyle: { color: new echarts.graphic.LinearGradient(0, 0, 0, 1,
          [{ offset: 0, color: 'rgba(15,118,110,0.28)' }, { offset: 1, color: 'rgba(15,118,110,0.02)' }]) }
      }]
    }));
    return chart;
  }

  document.addEventListener('DOMContentLoaded', function () {
    var holder = document.getElementById('overview-data');
    if (!holder || typeof echarts === 'undefined') {
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
      .then(function (data) {
        var charts = [
          byType(document.getElementById('chart-by-type'), data, emptyText),
          bySource(document.getElementById('chart-by-source'), data, emptyText),
          perDay(document.getElementById('chart-per-day'), data)
        ].filter(Boolean);
        window.addEventListener('resize', function () {
          charts.forEach(function (chart) { chart.resize(); });
        });
      })
      .catch(function () {
        ['chart-by-type', 'chart-by-source', 'chart-per-day'].forEach(function (id) {
          empty(document.getElementById(id), emptyText);
        });
      });
  });
})();
