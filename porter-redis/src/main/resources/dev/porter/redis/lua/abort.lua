-- Asks to abort a job: a pending one is aborted at once; a running one is flagged and its worker
-- told (ABORT_REQUESTED event, and renew reports it). ARGV: now, queue, id.
-- Returns the job's status afterwards ('not_found' when gone).
local now = tonumber(ARGV[1])
local q, id = ARGV[2], ARGV[3]
local key = job_key(q, id)
local j = redis.call('HMGET', key, 'state', 'runAt', 'keepUntil', 'fn', 'keep')
local status = status_of(j[1], j[2], j[3], now)
if not status then return 'not_found' end
if j[1] == 'pending' then
  redis.call('ZREM', qkey(q, 'queued'), id)
  redis.call('ZREM', qkey(q, 'deferred'), id)
  finalize(q, id, 'aborted', now, keep_ms(nil, j[5]))
  event('STATE', id, q, j[4], 'aborted', now)
  status = 'aborted'
elseif j[1] == 'running' then
  redis.call('HSET', key, 'abort', 1)
  event('ABORT_REQUESTED', id, q, j[4], 'in_progress', now)
end
done()
return status
