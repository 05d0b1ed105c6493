// The storage operations page. Draws the two charts from /ui/api/storage (the CSP forbids inline data), and starts
// policy runs and scrubs through the storage JSON API with the page's CSRF token, then follows a run once a second
// until it ends. Every word it writes comes from #storage-labels, rendered by the server in the operator's language;
// the jobs tables are htmx fragments that reload on the "storage-refresh" event this script sends.
(function () {
  'use strict';

  var FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
  // Temperature colours, as the tier badges: red hot, amber warm, blue cold.
  var TIER_COLOURS = { HOT: '#dc2626', WARM: '#d97706', COLD: '#2563eb' };
  var MOVE_COLOURS = { WARM: '#d97706', COLD: '#2563eb', RECALL: '#dc2626', REPAIR: '#7c3aed', PURGE: '#64748b' };
  var UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  var POLL_MS = 1000;

  var labels = {};
  var dateTimeFormat = null;
  var pollTimer = null;

  // ---------- formatting (the same as the server's WebFormats, so a value reads the same before and after a reload) ----------

  function fill(template, values) {
    return String(template || '').replace(/\{(\d+)\}/g, function (match, index) {
      return values[index] === undefined || values[index] === null ? '' : String(values[index]);
    });
  }

  function integer(value) {
    return Number(value || 0).toLocaleString('en-US', { maximumFractionDigits: 0 });
  }

  /** "¥1,234.50", and "-¥0.40" rather than "¥-0.40" (StoragePagesController.yuan). */
  function money(value) {
    var cents = Math.round(Number(value || 0) * 100);
    var text = (Math.abs(cents) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return (cents < 0 ? '-¥' : '¥') + text;
  }

  function bytes(size) {
    size = Number(size || 0);
    if (size < 1024) {
      return size + ' B';
    }
    var value = size;
    var unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return (value >= 100 ? value.toFixed(0) : value.toFixed(1)) + ' ' + UNITS[unit];
  }

  /** yyyy-MM-dd HH:mm:ss on the city's clock, like the rest of the page. */
  function dateTime(iso) {
    if (!iso) {
      return '';
    }
    var date = new Date(iso);
    if (!dateTimeFormat) {
      return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
    }
    return dateTimeFormat.format(date);
  }

  function percentOf(progress) {
    var value = Number(progress || 0);
    return value >= 1 ? 100 : Math.floor(Math.max(0, value) * 100);
  }

  /** "HOT→COLD" as "热 → 冷", the way StoragePagesController.transition labels the tables. */
  function transitionLabel(name) {
    if (name === 'FAILED') {
      return labels.transitionFailed;
    }
    var label = name.charAt(0) === '→' ? 'WARM/COLD' + name : name;
    label = label.replace(/HOT/g, labels.tierHot).replace(/WARM/g, labels.tierWarm).replace(/COLD/g, labels.tierCold);
    return label.replace(/→/g, ' → ');
  }

  // ---------- requests ----------

  function json(response) {
    return response.json().catch(function () { return {}; }).then(function (data) {
      return { ok: response.ok, status: response.status, data: data };
    });
  }

  /** The form's fields (its CSRF token among them) as a URL-encoded body; empty optional fields are left out. */
  function formBody(form) {
    var body = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== '') {
        body.append(name, value);
      }
    });
    return body;
  }

  function post(form, body) {
    return fetch(form.getAttribute('action'), {
      method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' }, body: body
    }).then(json);
  }

  /** Reloads the jobs tables (htmx fragments listening for this event). */
  function refreshTables() {
    if (typeof htmx !== 'undefined') {
      htmx.trigger(document.body, 'storage-refresh');
    }
  }

  // ---------- the policy run ----------

  function field(panel, name) {
    return panel.querySelector('[data-field="' + name + '"]');
  }

  function renderJob(panel, job) {
    var state = job.state || 'RUNNING';
    var running = state === 'RUNNING';
    var percent = percentOf(job.progress);
    var transitions = job.transitions || {};
    var names = Object.keys(transitions);
    var records = 0;
    names.forEach(function (name) {
      if (name !== 'FAILED') {
        records += Number(transitions[name].records || 0);
      }
    });

    panel.hidden = false;
    document.getElementById('lifecycle-none').hidden = true;
    panel.setAttribute('data-job', job.id);
    panel.setAttribute('data-state', state);

    var badge = field(panel, 'state');
    badge.className = 'badge ' + (running ? 'badge-info' : state === 'DONE' ? 'badge-ok' : 'badge-bad');
    badge.textContent = running ? labels.stateRunning : state === 'DONE' ? labels.stateDone : labels.stateFailed;
    field(panel, 'kind').textContent = job.dryRun ? labels.kindDry : labels.kindReal;
    field(panel, 'percent').textContent = percent + '%';
    var bar = field(panel, 'bar');
    bar.className = 'progress-bar ' + (running ? 'progress-active' : state === 'DONE' ? 'progress-done' : 'progress-bad');
    bar.style.width = percent + '%';
    bar.parentNode.setAttribute('aria-valuenow', percent);

    field(panel, 'personsDone').textContent = integer(job.personsDone);
    field(panel, 'personsTotal').textContent = integer(job.personsTotal);
    field(panel, 'records').textContent = integer(records);
    field(panel, 'saving').textContent = money(job.monthlySavingYuan);
    field(panel, 'asOf').textContent = dateTime(job.asOf).slice(0, 10);
    field(panel, 'id').textContent = job.id;
    field(panel, 'startedAt').textContent = dateTime(job.startedAt);
    field(panel, 'finishedAt').textContent = dateTime(job.finishedAt);
    field(panel, 'finishedBlock').hidden = !job.finishedAt;

    var error = field(panel, 'error');
    error.hidden = !job.error;
    error.textContent = job.error ? fill(labels.failed, [job.error]) : '';

    var body = field(panel, 'transitions');
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    names.forEach(function (name) {
      var t = transitions[name];
      var row = document.createElement('tr');
      row.setAttribute('data-transition', name);
      [[transitionLabel(name), ''], [integer(t.records), 'num'], [bytes(t.bytesBefore), 'num nowrap'], [bytes(t.bytesAfter), 'num nowrap']]
        .forEach(function (cell) {
          var td = document.createElement('td');
          td.textContent = cell[0];
          if (cell[1]) {
            td.className = cell[1];
          }
          row.appendChild(td);
        });
      body.appendChild(row);
    });
    field(panel, 'transitionsBlock').hidden = names.length === 0;
    field(panel, 'nothing').hidden = running || names.length > 0 || !!job.error;
    field(panel, 'dryNote').hidden = !job.dryRun;
    field(panel, 'refresh').hidden = job.dryRun || running;
  }

  /** Follows a run once a second until it is no longer running; a failed request is retried more slowly. */
  function follow(panel, id, delay) {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(function () {
      fetch(panel.getAttribute('data-url') + id, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(json)
        .then(function (result) {
          if (!result.ok) {
            // 404: the run fell out of the hub's short history (or the hub restarted); nothing left to follow.
            if (result.status !== 404) {
              follow(panel, id, 3 * POLL_MS);
            }
            return;
          }
          renderJob(panel, result.data);
          if (result.data.state === 'RUNNING') {
            follow(panel, id, POLL_MS);
          } else {
            refreshTables();
          }
        })
        .catch(function () { follow(panel, id, 3 * POLL_MS); });
    }, delay);
  }

  function showError(box, text) {
    box.textContent = text;
    box.hidden = !text;
  }

  function wireLifecycle() {
    var form = document.getElementById('lifecycle-form');
    var panel = document.getElementById('lifecycle-job');
    var error = document.getElementById('lifecycle-error');
    if (!form || !panel) {
      return;
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var submitter = event.submitter || form.querySelector('button[value="true"]');
      var dryRun = submitter.value !== 'false';
      if (!dryRun && !window.confirm(submitter.getAttribute('data-confirm'))) {
        return;
      }
      var body = formBody(form);
      body.set('dryRun', dryRun ? 'true' : 'false');
      var buttons = form.querySelectorAll('button');
      Array.prototype.forEach.call(buttons, function (button) { button.disabled = true; });
      post(form, body)
        .then(function (result) {
          if (result.ok) {
            showError(error, '');
            renderJob(panel, result.data);
            refreshTables();
            if (result.data.state === 'RUNNING') {
              follow(panel, result.data.id, POLL_MS);
            }
          } else if (result.status === 409) {
            showError(error, labels.busy);
          } else {
            showError(error, fill(labels.refused, [result.data.detail || result.data.title || ('HTTP ' + result.status)]));
          }
        })
        .catch(function () { showError(error, labels.network); })
        .then(function () {
          Array.prototype.forEach.call(buttons, function (button) { button.disabled = false; });
        });
    });
    // A run started elsewhere (the scheduler, the API, another operator) is followed too.
    if (panel.getAttribute('data-state') === 'RUNNING' && panel.getAttribute('data-job')) {
      follow(panel, panel.getAttribute('data-job'), POLL_MS);
    }
  }

  // ---------- scrub ----------

  function renderScrub(box, report) {
    while (box.firstChild) {
      box.removeChild(box.firstChild);
    }
    box.className = 'scrub-report alert ' + (report.unrepaired > 0 ? 'alert-error' : report.damaged > 0 ? 'alert-warn' : 'alert-ok');
    box.setAttribute('data-scrub', report.id);
    var summary = document.createElement('div');
    summary.className = 'strong';
    summary.textContent = fill(labels.scrubSummary, [report.id, integer(report.archives), integer(report.vaultObjects), integer(report.damaged),
      integer(report.repaired), integer(report.unrepaired)]);
    box.appendChild(summary);
    var findings = report.findings || [];
    var detail = document.createElement('div');
    detail.className = 'small';
    if (!findings.length) {
      detail.textContent = labels.scrubClean;
      box.appendChild(detail);
    } else {
      detail.textContent = labels.scrubFindings;
      box.appendChild(detail);
      var list = document.createElement('ul');
      findings.slice(0, 100).forEach(function (finding) {
        var item = document.createElement('li');
        item.className = 'small';
        item.textContent = finding;
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    box.hidden = false;
  }

  function wireScrub() {
    var form = document.getElementById('scrub-form');
    var box = document.getElementById('scrub-report');
    if (!form || !box) {
      return;
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('button');
      var label = button.querySelector('[data-field="label"]');
      var idle = label.textContent;
      var spinner = document.createElement('span');
      spinner.className = 'spinner';
      spinner.setAttribute('aria-hidden', 'true');
      button.insertBefore(spinner, label);
      label.textContent = button.getAttribute('data-running');
      button.disabled = true;
      // The scrub answers when it has finished; the table shows it as running meanwhile.
      setTimeout(refreshTables, 500);
      post(form, formBody(form))
        .then(function (result) {
          if (result.ok) {
            renderScrub(box, result.data);
          } else {
            box.className = 'scrub-report alert alert-error';
            // 409: another scrub is running (the scheduler's, or another operator's); the detail says so.
            box.textContent = fill(labels.scrubFailed, [result.data.detail || result.data.title || ('HTTP ' + result.status)]);
            box.hidden = false;
          }
          refreshTables();
        })
        .catch(function () {
          box.className = 'scrub-report alert alert-error';
          box.textContent = labels.network;
          box.hidden = false;
        })
        .then(function () {
          button.removeChild(spinner);
          label.textContent = idle;
          button.disabled = false;
        });
    });
  }

  // ---------- charts ----------

  function empty(element, text) {
    element.classList.add('chart-empty');
    element.textContent = text;
  }

  function tierChart(element, data, emptyText) {
    var slices = data.bytesByTier.filter(function (slice) { return slice.bytes > 0; });
    if (!slices.length) {
      return empty(element, emptyText);
    }
    var chart = echarts.init(element, null, { renderer: 'svg' });
    chart.setOption({
      textStyle: { fontFamily: FONT },
      tooltip: {
        trigger: 'item',
        formatter: function (params) {
          var div = document.createElement('div');
          div.textContent = params.name + ': ' + slices[params.dataIndex].size + ' (' + params.percent + '%)';
          return div;
        }
      },
      legend: { bottom: 0, icon: 'circle', itemWidth: 8, itemHeight: 8, textStyle: { color: '#475569' } },
      series: [{
        type: 'pie', name: data.bytesLabel, radius: ['48%', '72%'], center: ['50%', '46%'], avoidLabelOverlap: true,
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        label: { color: '#334155', formatter: function (params) { return params.name + '\n' + slices[params.dataIndex].size; } },
        data: slices.map(function (slice) {
          return { name: slice.label, value: slice.bytes, itemStyle: { color: TIER_COLOURS[slice.tier] } };
        })
      }]
    });
    return chart;
  }

  function movesChart(element, data, emptyText) {
    var moved = data.moves.some(function (series) { return series.counts.some(function (count) { return count > 0; }); });
    if (!moved) {
      return empty(element, emptyText);
    }
    var chart = echarts.init(element, null, { renderer: 'svg' });
    chart.setOption({
      textStyle: { fontFamily: FONT },
      grid: { left: 12, right: 20, top: 24, bottom: 36, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0, icon: 'circle', itemWidth: 8, itemHeight: 8, textStyle: { color: '#475569' } },
      xAxis: { type: 'category', data: data.days, axisTick: { show: false }, axisLine: { lineStyle: { color: '#cbd5e1' } },
        axisLabel: { color: '#64748b', formatter: function (day) { return day.slice(5); } } },
      yAxis: { type: 'value', name: data.recordsLabel, minInterval: 1, nameTextStyle: { color: '#64748b' },
        axisLabel: { color: '#64748b' }, splitLine: { lineStyle: { color: '#eef2f6' } } },
      series: data.moves.map(function (series) {
        return { type: 'bar', stack: 'moves', name: series.label, data: series.counts, barMaxWidth: 22,
          itemStyle: { color: MOVE_COLOURS[series.kind] }, emphasis: { focus: 'series' } };
      })
    });
    return chart;
  }

  function wireCharts() {
    var holder = document.getElementById('storage-data');
    if (!holder || typeof echarts === 'undefined') {
      return;
    }
    var emptyText = holder.getAttribute('data-empty');
    var ids = ['chart-tier-bytes', 'chart-moves'];
    fetch(holder.getAttribute('data-url'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        var charts = [tierChart(document.getElementById(ids[0]), data, emptyText),
          movesChart(document.getElementById(ids[1]), data, emptyText)].filter(Boolean);
        window.addEventListener('resize', function () {
          charts.forEach(function (chart) { chart.resize(); });
        });
      })
      .catch(function () {
        ids.forEach(function (id) { empty(document.getElementById(id), emptyText); });
      });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var holder = document.getElementById('storage-labels');
    if (!holder) {
      return;
    }
    labels = holder.dataset;
    try {
      dateTimeFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: labels.zone, year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    } catch (e) {
      dateTimeFormat = null;
    }
    wireCharts();
    wireLifecycle();
    wireScrub();
  });
})();
