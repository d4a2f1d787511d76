// The help network: nodes are people (size = answers given), edges go from who answered to who asked.
(async () => {
  const box = document.getElementById('network');
  if (!box || !window.cytoscape) return;
  const response = await fetch(box.dataset.api, { credentials: 'same-origin' });
  if (!response.ok) { box.textContent = response.status; return; }
  const graph = await response.json();
  const colours = { learner: '#2454c5', volunteer: '#1f7a4d', tutor: '#c46a00' };
  const elements = [
    ...graph.nodes.map(n => ({ data: { id: n.id, label: n.label, role: n.role, size: 22 + 10 * Math.sqrt(n.answersGiven) } })),
    ...graph.edges.map(e => ({ data: { id: e.source + '>' + e.target, source: e.source, target: e.target, weight: e.weight } })),
  ];
  window.cytoscape({
    container: box,
    elements,
    layout: { name: 'cose', animate: false, padding: 30, nodeRepulsion: () => 9000 },
    style: [
      { selector: 'node', style: {
        'background-color': n => colours[n.data('role')] || '#888', width: 'data(size)', height: 'data(size)',
        label: 'data(label)', 'font-size': 11, color: '#1d2433', 'text-valign': 'bottom', 'text-margin-y': 4 } },
      { selector: 'edge', style: {
        width: e => 1 + 1.5 * e.data('weight'), 'line-color': '#9aa6bb', 'target-arrow-color': '#9aa6bb',
        'target-arrow-shape': 'triangle', 'curve-style': 'bezier' } },
    ],
  });
})();
