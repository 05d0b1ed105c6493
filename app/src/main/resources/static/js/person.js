// Timeline type filter on the person page: each chip shows or hides one resource type; a day whose entries
// are all hidden disappears too, so the remaining rows stay dense.
(function () {
  'use strict';

  function apply(timeline, hidden) {
    timeline.querySelectorAll('.entry').forEach(function (entry) {
      entry.hidden = hidden.has(entry.getAttribute('data-type'));
    });
    var children = Array.prototype.slice.call(timeline.children);
    var lanes = parseInt(getComputedStyle(timeline).getPropertyValue('--lanes'), 10) || 1;
    // Grid children: the corner and lane heads first, then rows of one date cell and one cell per lane.
    for (var i = lanes + 1; i < children.length; i += lanes + 1) {
      var cells = children.slice(i + 1, i + 1 + lanes);
      var visible = cells.some(function (cell) {
        return cell.querySelector('.entry:not([hidden])') !== null;
      });
      [children[i]].concat(cells).forEach(function (element) {
        element.classList.toggle('tl-collapsed', !visible);
      });
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    var timeline = document.querySelector('.timeline');
    if (!timeline) {
      return;
    }
    var hidden = new Set();
    document.querySelectorAll('[data-filter-type]').forEach(function (chip) {
      chip.addEventListener('click', function () {
        var type = chip.getAttribute('data-filter-type');
        if (hidden.has(type)) {
          hidden.delete(type);
        } else {
          hidden.add(type);
        }
        chip.setAttribute('aria-pressed', hidden.has(type) ? 'false' : 'true');
        apply(timeline, hidden);
      });
    });
  });
})();
