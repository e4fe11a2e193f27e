// Draws the charts a page declares as <canvas data-chart='{"type":..., "labels":[...], "values":[...]}'>.
// Data lives in an attribute, not an inline script, so the page keeps a strict script-src 'self'.
import { Chart } from './libraries.js';

const palette = ['#b3121f', '#d9a300', '#2f6f9f', '#5a8f29', '#7a4e9c'];

document.querySelectorAll('canvas[data-chart]').forEach((canvas) => {
  if (!Chart) {
    return;
  }
  const spec = JSON.parse(canvas.getAttribute('data-chart'));
  const round = spec.type === 'doughnut';
  // A doughnut with nothing in it draws nothing at all; say so instead.
  if (round && !spec.values.some((v) => v > 0)) {
    canvas.replaceWith(Object.assign(document.createElement('p'), { className: 'small text-muted', textContent: `${canvas.getAttribute('aria-label')}: 0` }));
    return;
  }
  new Chart(canvas, {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: [{
        label: spec.label || '',
        data: spec.values,
        backgroundColor: round ? palette : 'rgba(179, 18, 31, .15)',
        borderColor: round ? '#fff' : '#b3121f',
        fill: !round,
        tension: 0.25,
      }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: round, position: 'bottom' } },
      scales: round ? {} : { y: { min: 0, max: spec.percent ? 100 : undefined, ticks: { callback: (v) => (spec.percent ? `${v}%` : v) } } },
    },
  });
});
