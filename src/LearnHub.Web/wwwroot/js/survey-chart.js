// The distribution of overall ratings as a bar chart; the numbers are also in the table below it.
import { Chart } from './libraries.js';

const canvas = document.getElementById('rating-chart');
if (canvas && Chart) {
  const data = JSON.parse(canvas.dataset.chart);
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: [{ label: data.label, data: data.counts, backgroundColor: '#b3121f', borderRadius: 4 }],
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}
