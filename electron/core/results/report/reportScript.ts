/**
 * The page's own script, as it runs in the browser (plain ES2017, no modules): it reads the chart configurations
 * from the JSON block and hands each to Chart.js, which the page carries inline. Only CSSOM writes (element.style),
 * which the page's Content-Security-Policy allows. When done it sets data-charts on <html> for tests and tools.
 */
export const REPORT_SCRIPT = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = [];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#1b1b1b';
  data.charts.forEach(function (spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas) return;
    var box = canvas.parentElement;
    var rows = Number(box.getAttribute('data-rows'));
    // Horizontal option charts grow with their number of options, so bars keep a readable height.
    if (box.classList.contains('chart-small') && rows > 4) box.style.height = (rows * 1.6 + 3) + 'rem';
    charts.push(new Chart(canvas, spec.config));
  });
  // Charts are sized for the screen; a printout needs them resized to the paper's width.
  window.addEventListener('beforeprint', function () { charts.forEach(function (chart) { chart.resize(); }); });
  window.addEventListener('afterprint', function () { charts.forEach(function (chart) { chart.resize(); }); });
  document.documentElement.setAttribute('data-charts', String(charts.length));
})();`
