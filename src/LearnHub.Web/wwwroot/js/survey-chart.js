// The distribution of overall ratings as a bar chart; the numbers are also in the table below it.
const canvas = document.getElementById('rating-chart');
if (canvas && window.Chart) {
  const data = JSON.parse(canvas.dataset.chart);
  new window.Chart(canvas, {
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
