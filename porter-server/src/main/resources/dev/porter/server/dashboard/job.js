import { api, session, stream } from './api.js';
import { badge, debounce, h, pretty, progressBar, setProgress, time } from './dom.js';
import { act, toast } from './toast.js';

const ENDED = ['complete', 'failed', 'aborted'];

/** One job: args, options, timeline, progress, logs, result or error; actions; live while shown. */
export function jobPage(root, id) {
  const path = `/jobs/${encodeURIComponent(id)}`;
  let stop = () => {};
  let streaming = false;

  async function load() {
    let job;
    try {
      job = await api('GET', `${path}?trace=true`);
    } catch (e) {
      root.replaceChildren(h('h1', null, 'Job ', h('span', { class: 'mono' }, id)),
        h('p', { class: 'error', id: 'job-missing' }, e.status === 404 ? 'No such job (unknown, deleted, or its result expired).' : e.message));
      return;
    }
    root.replaceChildren(...render(job, load).filter(Boolean));
    // Follow it while it can still change. A job's stream ends with the job, so a retried job
    // (or a dropped stream) gets a new one on the next load.
    if (!ENDED.includes(job.status) && !streaming) {
      streaming = true;
      stop = stream(`${path}/events`, onEvent, { onEnd: () => { streaming = false; soon(); } });
    }
  }

  function onEvent(name, data) {
    if (name === 'progress') {
      const bar = root.querySelector('#progress .bar');
      if (bar) setProgress(bar, data.progress, data.message);
      const msg = root.querySelector('#progress-message');
      if (msg) msg.textContent = data.message || '';
      return;
    }
    soon();
  }

  const soon = debounce(load, 100);
  load();
  return () => {
    stop();
    soon.cancel();
  };
}

function render(job, reload) {
  return [
    h('h1', null, h('a', { href: `#/queues/${encodeURIComponent(job.queue)}` }, job.queue), ' › ',
      h('span', { class: 'mono', id: 'job-id' }, job.id), ' ', h('span', { id: 'job-status' }, badge(job.status))),
    actions(job, reload),
    h('section', { class: 'card', id: 'progress' }, h('h2', null, 'Progress'),
      progressBar(job.status === 'complete' ? 1 : job.progress),
      h('p', { class: 'muted', id: 'progress-message' }, job.progress_message || '')),
    h('div', { class: 'cols' },
      h('section', { class: 'card' }, h('h2', null, 'Args'), pretty(job.args)),
      h('section', { class: 'card' }, h('h2', null, 'Options'), options(job))),
    h('section', { class: 'card' }, h('h2', null, 'Timeline'), timeline(job)),
    outcome(job),
    h('section', { class: 'card' }, h('h2', null, 'Logs'),
      job.logs.length ? h('pre', { class: 'code', id: 'logs' }, job.logs.join('\n')) : h('p', { class: 'muted' }, 'No log lines.')),
  ];
}

function options(job) {
  const rows = [['function', job.function], ['queue', job.queue], ['priority', job.priority],
    ['tries', job.max_tries ? `${job.tries} of ${job.max_tries}` : job.tries], ['timeout', job.timeout],
    ['keep result', job.keep_result], ['run at', time(job.run_at)], ['expires', job.expires_at && time(job.expires_at)],
    ['keep until', job.keep_until && time(job.keep_until)], ['worker', job.worker_id],
    ['abort requested', job.abort_requested ? 'yes' : null]];
  return h('dl', { class: 'props' }, rows.filter(([, v]) => v != null && v !== '')
    .map(([k, v]) => [h('dt', null, k), h('dd', null, String(v))]));
}

/** Enqueued, each failed try with its error, the current try, and the end. */
function timeline(job) {
  const items = [[job.enqueued_at, 'enqueued', null]];
  // errors (every failed try) comes with the flow-control store; older servers send only the last error.
  const tries = job.errors || [];
  for (const t of tries) items.push([t.at, `try ${t.try_number} failed`, t.error]);
  if (job.started_at) items.push([job.started_at, `try ${job.tries} started`, null]);
  if (job.finished_at) {
    items.push([job.finished_at, job.status, tries.length ? null : job.error]);
  }
  items.sort((a, b) => new Date(a[0]) - new Date(b[0]));
  return h('ol', { class: 'timeline', id: 'timeline' }, items.map(([at, what, error]) => h('li', null,
    h('time', null, time(at)), ' ', h('strong', null, what),
    error ? h('span', { class: 'error' }, ` — ${error.type}: ${error.message}`) : null)));
}

function outcome(job) {
  if (job.status === 'complete') {
    return h('section', { class: 'card', id: 'result' }, h('h2', null, 'Result'), pretty(job.result));
  }
  if (!job.error) return null;
  return h('section', { class: 'card', id: 'error' }, h('h2', null, ENDED.includes(job.status) ? 'Error' : 'Last error'),
    h('p', { class: 'error' }, `${job.error.type}: ${job.error.message}`),
    job.error.stack_trace ? h('pre', { class: 'code trace', id: 'stack-trace' }, job.error.stack_trace) : null);
}

/** The buttons a job's state allows; none for a read-only token (the API would refuse them). */
function actions(job, reload) {
  if (!session.admin) return null;
  const path = `/jobs/${encodeURIComponent(job.id)}`;
  const button = (action, label, run, cls = '') => h('button', { 'data-action': action, class: cls, onclick: run }, label);
  const pending = ['queued', 'deferred', 'in_progress'].includes(job.status);
  return h('div', { class: 'actions bar-actions' },
    pending && !job.abort_requested
      ? button('cancel', 'Cancel', () => act('Cancel', () => api('DELETE', path), reload), 'danger') : null,
    ['failed', 'aborted'].includes(job.status)
      ? button('retry', 'Retry', () => act('Retry', () => api('POST', `${path}/retry`), reload)) : null,
    button('copy', 'Enqueue a copy', () => act('Enqueue a copy', () => api('POST', '/jobs', copyOf(job)),
      (created) => { location.hash = `#/jobs/${encodeURIComponent(created.id)}`; })),
    job.status !== 'in_progress'
      ? button('delete', 'Delete', () => confirm(`Delete job ${job.id} and its result for good?`)
        && act('Delete', () => api('DELETE', `${path}?purge=true`), () => {
          toast(`Job ${job.id} deleted`);
          location.hash = `#/queues/${encodeURIComponent(job.queue)}`;
        }), 'danger') : null);
}

/** The same function, args and options, under a new id (the server picks it). */
function copyOf(job) {
  const options = { queue: job.queue, priority: job.priority };
  if (job.max_tries != null) options.max_tries = job.max_tries;
  if (job.timeout != null) options.timeout = job.timeout;
  if (job.keep_result != null) options.keep_result = job.keep_result;
  return { function: job.function, args: job.args, options };
}
