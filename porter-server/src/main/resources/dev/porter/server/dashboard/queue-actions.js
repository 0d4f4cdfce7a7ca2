import { api, session } from './api.js';
import { h } from './dom.js';
import { act } from './toast.js';

/** Pause/resume, retry all failed, purge failed for one queue; nothing for a read-only token. */
export function queueActions(queue, paused, changed) {
  if (!session.admin) return null;
  const q = encodeURIComponent(queue);
  const button = (action, label, call, confirmText) => h('button', {
    class: action === 'purge' ? 'danger' : '', 'data-action': action, 'data-queue': queue,
    onclick: () => (!confirmText || confirm(confirmText)) && act(`${label} ${queue}`, call, changed),
  }, label);
  return h('span', { class: 'actions' },
    paused
      ? button('resume', 'Resume', () => api('POST', `/queues/${q}/resume`))
      : button('pause', 'Pause', () => api('POST', `/queues/${q}/pause`)),
    button('retry-failed', 'Retry failed', () => api('POST', `/queues/${q}/retry?state=failed`)),
    button('purge', 'Purge failed', () => api('POST', `/queues/${q}/purge?state=failed`),
      `Delete every failed job of queue ${queue}? This cannot be undone.`));
}
