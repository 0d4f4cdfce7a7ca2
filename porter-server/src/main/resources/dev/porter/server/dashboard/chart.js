// A stacked bar chart of jobs completed and failed per minute, as inline SVG.
const NS = 'http://www.w3.org/2000/svg';

function el(tag, attrs, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}

/** minutes: [{at, completed, failed}], oldest first. */
export function throughputChart(minutes) {
  const width = 600;
  const height = 120;
  const top = 14;
  const bottom = 16;
  const max = Math.max(1, ...minutes.map((m) => m.completed + m.failed));
  const slot = width / minutes.length;
  const scale = (height - top - bottom) / max;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': 'jobs completed and failed per minute' });
  minutes.forEach((m, i) => {
    const x = i * slot + 2;
    const w = Math.max(1, slot - 4);
    const base = height - bottom;
    const ok = m.completed * scale;
    const bad = m.failed * scale;
    const g = el('g', {});
    g.append(el('title', {}, `${new Date(m.at).toLocaleTimeString()}: ${m.completed} completed, ${m.failed} failed`));
    g.append(el('rect', { x, y: base - ok, width: w, height: ok, class: 'ok' }));
    g.append(el('rect', { x, y: base - ok - bad, width: w, height: bad, class: 'bad' }));
    svg.append(g);
  });
  svg.append(el('text', { x: 0, y: 10, class: 'axis' }, `${max}/min`));
  svg.append(el('text', { x: 0, y: height - 2, class: 'axis' }, new Date(minutes[0].at).toLocaleTimeString()));
  svg.append(el('text', { x: width, y: height - 2, class: 'axis end' }, 'now'));
  return svg;
}
