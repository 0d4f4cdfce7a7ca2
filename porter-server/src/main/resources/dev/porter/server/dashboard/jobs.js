import { api, stream } from './api.js';
import { badge, debounce, h, progressBar, setProgress, STATES, STATE_LABELS, time } from './dom.js';
import { queueActions } from './queue-actions.js';
import { toast } from './toast.js';

const PAGE = 25;

/** The jobs of one queue, by state and function, newest first, paged; live while shown. */
export function jobList(root, queue, params) {
  const state = params.get('state') || '';
  const fn = params.get('function') || '';
  const cursors = [null]; // cursors[i] opens page i; going back pops
  const table = h('div');
  const pager = h('div', { class: 'pager' });
  const actions = h('div', { class: 'bar-actions' });
  root.replaceChildren(
    h('h1', null, h('a', { href: '#/' }, 'Overview'), ' › queue ', h('span', { class: 'mono' }, queue)), actions,
    tabs(queue, state, fn), filters(queue, state, fn), table, pager);

  async function load() {
    const q = new URLSearchParams({ queue, limit: PAGE });
    if (state) q.set('state', state);
    if (fn) q.set('function', fn);
    const cursor = cursors[cursors.length - 1];
    if (cursor) q.set('cursor', cursor);
    try {
      const [page, queues] = await Promise.all([api('GET', `/jobs?${q}`), api('GET', '/queues')]);
      const counts = queues.queues.find((c) => c.queue === queue);
      actions.replaceChildren(queueActions(queue, counts?.paused, load) || '');
      table.replaceChildren(rows(page.jobs));
      pager.replaceChildren(
        h('button', { disabled: cursors.length === 1, onclick: () => { cursors.pop(); load(); } }, '‹ Newer'),
        h('span', { class: 'muted' }, ` page ${cursors.length} `),
        h('button', { disabled: !page.next_cursor, onclick: () => { cursors.push(page.next_cursor); load(); } }, 'Older ›'));
    } catch (e) {
      toast(`Cannot list jobs: ${e.message}`, 'error');
    }
  }

  const soon = debounce(load, 250);
  const stop = stream(`/events?queue=${encodeURIComponent(queue)}`, (name, data) => {
    if (name === 'progress') {
      const bar = table.querySelector(`tr[data-id="${CSS.escape(data.id)}"] .bar`);
      if (bar) return setProgress(bar, data.progress, data.message);
    }
    soon();
  }, { reconnect: true });
  load();
  return () => {
    stop();
    soon.cancel();
  };
}

function tabs(queue, state, fn) {
  const href = (s) => {
    const q = new URLSearchParams();
    if (s) q.set('state', s);
    if (fn) q.set('function', fn);
    return `#/queues/${encodeURIComponent(queue)}${q.size ? `?${q}` : ''}`;
  };
  return h('nav', { class: 'tabs' }, ['', ...STATES].map((s) =>
    h('a', { href: href(s), class: s === state ? 'on' : '', 'data-tab': s || 'all' }, s ? STATE_LABELS[s] : 'all')));
}

function filters(queue, state, fn) {
  const fnInput = h('input', { name: 'function', list: 'functions', placeholder: 'function', value: fn });
  const names = h('datalist', { id: 'functions' });
  api('GET', '/functions').then((f) => names.replaceChildren(...f.functions.map((x) => h('option', { value: x.name }))))
    .catch(() => {}); // only suggestions: typing a name still filters
  const idInput = h('input', { name: 'id', placeholder: 'job id', id: 'search-id' });
  return h('div', { class: 'filters' },
    h('form', { id: 'filter-function', onsubmit: (e) => {
      e.preventDefault();
      const q = new URLSearchParams();
      if (state) q.set('state', state);
      if (fnInput.value.trim()) q.set('function', fnInput.value.trim());
      location.hash = `#/queues/${encodeURIComponent(queue)}${q.size ? `?${q}` : ''}`;
    } }, fnInput, names, h('button', { type: 'submit' }, 'Filter')),
    h('form', { id: 'search', onsubmit: async (e) => {
      e.preventDefault();
      const id = idInput.value.trim();
      try {
        await api('GET', `/jobs/${encodeURIComponent(id)}`);
        location.hash = `#/jobs/${encodeURIComponent(id)}`;
      } catch (err) {
        toast(err.status === 404 ? `No job '${id}'` : err.message, 'error');
      }
    } }, idInput, h('button', { type: 'submit' }, 'Open')));
}

function rows(jobs) {
  if (!jobs.length) return h('p', { class: 'muted', id: 'no-jobs' }, 'No jobs here.');
  return h('table', { class: 'grid', id: 'jobs' },
    h('thead', null, h('tr', null, ['id', 'function', 'status', 'tries', 'progress', 'enqueued', 'finished']
      .map((c) => h('th', null, c)))),
    h('tbody', null, jobs.map((j) => h('tr', { 'data-id': j.id, 'data-status': j.status },
      h('td', { class: 'mono' }, h('a', { href: `#/jobs/${encodeURIComponent(j.id)}` }, j.id)),
      h('td', null, j.function), h('td', null, badge(j.status)),
      h('td', { class: 'num' }, j.max_tries ? `${j.tries} / ${j.max_tries}` : j.tries),
      h('td', null, progressBar(j.status === 'complete' ? 1 : j.progress, j.progress_message)),
      h('td', null, time(j.enqueued_at)), h('td', null, time(j.finished_at))))));
}
