// Insights charts from the JSON the page embeds (no second request).
(() => {
  const source = document.getElementById('insights-data');
  if (!source || !window.Chart) return;
  const d = JSON.parse(source.textContent);
  const animation = false;
  new Chart(document.getElementById('perWeek'), {
    type: 'bar',
    data: { labels: d.weeks, datasets: [
      { label: d.labels.questions, data: d.questions, backgroundColor: '#2454c5' },
      { label: d.labels.faq, data: d.faq, backgroundColor: '#8fb0f0' },
    ] },
    options: { animation, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  new Chart(document.getElementById('shares'), {
    type: 'doughnut',
    data: { labels: d.labels.shares, datasets: [{ data: d.shares, backgroundColor: ['#8fb0f0', '#1f7a4d', '#c46a00', '#7a5cc4', '#d9dde5'] }] },
    options: { animation, responsive: true, maintainAspectRatio: false },
  });
  new Chart(document.getElementById('perTopic'), {
    type: 'bar',
    data: { labels: d.topics, datasets: [{ label: d.labels.questions, data: d.topicCounts, backgroundColor: '#1f7a4d' }] },
    options: { animation, indexAxis: 'y', responsive: true, maintainAspectRatio: false, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
})();
