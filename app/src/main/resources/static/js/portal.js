// The citizen portal. Draws the record charts from the JSON in #portal-chart's data-chart (the CSP forbids inline
// data), counts the in-visit code down from the seconds the server rendered into data-seconds (the phone's own clock
// may be wrong), asks before a revoke or a decline (forms carrying data-confirm), and brings a refused grant form's
// message into view. Every word comes from the page.
(function () {
  'use strict';

  var FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
  // Hospital colours in lane order; the same list as portal.css .series-N, so the legend and the hospital list agree.
  var SERIES = ['#0f766e', '#2563eb', '#ea580c', '#7c3aed', '#ca8a04', '#db2777', '#0891b2', '#65a30d'];
  // Resource type colours, as hub.css --t-* and the operators' charts.
  var TYPE_COLOURS = {
    Patient: '#0f766e', Encounter: '#2563eb', Observation: '#0891b2', Condition: '#dc2626',
    MedicationRequest: '#7c3aed', MedicationStatement: '#a855f7', Procedure: '#ea580c', ImagingStudy: '#475569',
    DiagnosticReport: '#ca8a04', AllergyIntolerance: '#e11d48', Immunization: '#16a34a'
  };
  var FALLBACK = ['#0ea5e9', '#f59e0b', '#84cc16', '#ec4899', '#6366f1', '#14b8a6', '#f97316', '#8b5cf6'];

  function empty(element, text) {
    element.classList.add('chart-empty');
    element.textContent = text;
  }

  function yearsChart(element, data, labels) {
    if (!data.years.length || !data.series.length) {
      return empty(element, labels.empty);
    }
    var chart = echarts.init(element, null, { renderer: 'svg' });
    chart.setOption({
      textStyle: { fontFamily: FONT },
      grid: { left: 12, right: 16, top: 32, bottom: 36, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0, icon: 'circle', itemWidth: 8, itemHeight: 8, textStyle: { color: '#475569' } },
      xAxis: { type: 'category', data: data.years.map(String), axisTick: { show: false },
        axisLine: { lineStyle: { color: '#cbd5e1' } }, axisLabel: { color: '#64748b' } },
      yAxis: { type: 'value', name: labels.records, minInterval: 1, nameTextStyle: { color: '#64748b' },
        axisLabel: { color: '#64748b' }, splitLine: { lineStyle: { color: '#eef2f6' } } },
      series: data.series.map(function (series, index) {
        return { type: 'bar', stack: 'records', name: series.name, data: series.counts, barMaxWidth: 28,
          itemStyle: { color: SERIES[index % SERIES.length] }, emphasis: { focus: 'series' } };
      })
    });
    return chart;
  }

  function typesChart(element, data, labels) {
    if (!data.types.length) {
      return empty(element, labels.empty);
    }
    var chart = echarts.init(element, null, { renderer: 'svg' });
    chart.setOption({
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, icon: 'circle', itemWidth: 8, itemHeight: 8, textStyle: { color: '#475569' } },
      series: [{
        type: 'pie', name: labels.records, radius: ['45%', '70%'], center: ['50%', '42%'], avoidLabelOverlap: true,
        itemStyle: { borderColor: '#fff', borderWidth: 2 }, label: { show: false },
        data: data.types.map(function (type, index) {
          return { name: type.label, value: type.count,
            itemStyle: { color: TYPE_COLOURS[type.type] || FALLBACK[index % FALLBACK.length] } };
        })
      }]
    });
    return chart;
  }

  function wireCharts() {
    var holder = document.getElementById('portal-chart');
    if (!holder || typeof echarts === 'undefined') {
      return;
    }
    var labels = { empty: holder.getAttribute('data-empty'), records: holder.getAttribute('data-records') };
    var data;
    try {
      data = JSON.parse(holder.getAttribute('data-chart'));
    } catch (e) {
      return;
    }
    var charts = [yearsChart(document.getElementById('portal-chart-years'), data, labels),
      typesChart(document.getElementById('portal-chart-types'), data, labels)].filter(Boolean);
    window.addEventListener('resize', function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  function two(number) {
    return (number < 10 ? '0' : '') + number;
  }

  function wireCountdown() {
    var card = document.getElementById('visit-code');
    if (!card) {
      return;
    }
    var deadline = Date.now() + Number(card.getAttribute('data-seconds') || 0) * 1000;
    var block = card.querySelector('[data-field="remaining-block"]');
    var remaining = card.querySelector('[data-field="remaining"]');
    var expired = card.querySelector('[data-field="expired"]');
    block.hidden = false;
    function tick() {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      remaining.textContent = two(Math.floor(left / 60)) + ':' + two(left % 60);
      if (left === 0) {
        card.classList.add('code-is-expired');
        block.hidden = true;
        expired.hidden = false;
        return;
      }
      // Twice a second, so a tab woken from the background corrects itself at once.
      setTimeout(tick, 500);
    }
    tick();
  }

  function wireConfirms() {
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        if (!window.confirm(form.getAttribute('data-confirm'))) {
          event.preventDefault();
        }
      });
    });
  }

  /** A refused grant comes back with its message next to the form, far down the page: bring it into view. */
  function scrollToError() {
    var error = document.querySelector('[data-scroll-here]');
    if (error) {
      error.scrollIntoView({ block: 'center' });
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    scrollToError();
    wireCharts();
    wireCountdown();
    wireConfirms();
  });
})();
