import { api, stream } from './api.js';
import { ago, debounce, h, STATES, STATE_LABELS } from './dom.js';
import { throughputChart } from './chart.js';
import { queueActions } from './queue-actions.js';
import { toast } from './toast.js';

const MINUTES = 15;
/** Re-read now and then too: a worker in another process pushes no events to this server. */
const REFRESH_MS = 5000;

/** Queues with counts and recent throughput, the chart, and the live workers. */
export function overview(root) {
  const queues = h('section', { class: 'card' });
  const chart = h('section', { class: 'card' });
  const workers = h('section', { class: 'card' });
  root.replaceChildren(h('h1', null, 'Overview'), queues, chart, workers);

  let failedOnce = false;
  async function refresh() {
    try {
      const [q, s, w] = await Promise.all([api('GET', '/queues'), api('GET', `/stats?minutes=${MINUTES}`),
        api('GET', '/workers')]);
      queues.replaceChildren(h('h2', null, 'Queues'), queueTable(q.queues, s.queues, refresh));
      chart.replaceChildren(h('h2', null, `Throughput, last ${MINUTES} minutes`),
        throughputChart(s.minutes), legend(s.minutes));
      workers.replaceChildren(h('h2', null, 'Workers'), workerTable(w.workers));
      failedOnce = false;
    } catch (e) {
      if (!failedOnce) toast(`Cannot read the overview: ${e.message}`, 'error');
      failedOnce = true;
    }
  }
  const soon = debounce(refresh, 250);
  const stop = stream('/events', (name) => name !== 'progress' && soon(), { reconnect: true });
  const timer = setInterval(refresh, REFRESH_MS);
  refresh();
  return () => {
    stop();
    clearInterval(timer);
    soon.cancel();
  };
}

function queueTable(queues, totals, changed) {
  if (!queues.length) return h('p', { class: 'muted' }, 'No jobs yet.');
  const recent = Object.fromEntries(totals.map((t) => [t.queue, t]));
  return h('table', { class: 'grid', id: 'queues' },
    h('thead', null, h('tr', null, h('th', null, 'queue'), STATES.map((s) => h('th', { class: 'num' }, STATE_LABELS[s])),
      h('th', { class: 'num' }, `done / ${MINUTES}m`), h('th', { class: 'num' }, 'failure rate'), h('th', null, ''))),
    h('tbody', null, queues.map((q) => {
      const t = recent[q.queue] || { completed: 0, failed: 0 };
      const ended = t.completed + t.failed;
      const link = (state, n) => h('a', { href: `#/queues/${encodeURIComponent(q.queue)}?state=${state}` }, n);
      return h('tr', { 'data-queue': q.queue },
        h('td', null, h('a', { href: `#/queues/${encodeURIComponent(q.queue)}` }, q.queue),
          q.paused ? h('span', { class: 'badge paused' }, 'paused') : null),
        STATES.map((s) => h('td', { class: 'num', 'data-state': s }, link(s, q[s]))),
        h('td', { class: 'num' }, ended),
        h('td', { class: 'num' }, ended ? `${Math.round((100 * t.failed) / ended)}%` : '—'),
        h('td', null, queueActions(q.queue, q.paused, changed)));
    })));
}

function legend(minutes) {
  const done = minutes.reduce((n, m) => n + m.completed, 0);
  const failed = minutes.reduce((n, m) => n + m.failed, 0);
  return h('p', { class: 'legend' }, h('span', { class: 'key ok' }), ` ${done} completed `,
    h('span', { class: 'key bad' }), ` ${failed} failed (counted by this server since it started)`);
}

function workerTable(workers) {
  if (!workers.length) return h('p', { class: 'muted' }, 'No live workers.');
  return h('table', { class: 'grid', id: 'workers' },
    h('thead', null, h('tr', null, ['worker', 'host / pid', 'queues', 'functions', 'running', 'completed', 'failed',
      'heartbeat'].map((c) => h('th', null, c)))),
    h('tbody', null, workers.map((w) => h('tr', null,
      h('td', { class: 'mono' }, w.id), h('td', null, `${w.host} / ${w.pid}`), h('td', null, w.queues.join(', ')),
      h('td', null, w.functions.join(', ')), h('td', { class: 'num' }, `${w.running} / ${w.max_jobs}`),
      h('td', { class: 'num' }, w.completed), h('td', { class: 'num' }, w.failed),
      h('td', { title: w.heartbeat_at }, ago(w.heartbeat_at))))));
}
