-- Re-queues a failed or aborted job by hand: due now, tries back to zero, last error and the
-- error list kept.
-- ARGV: now, queue, id. Returns 1 when re-queued.
local now = tonumber(ARGV[1])
local q, id = ARGV[2], ARGV[3]
local key = job_key(q, id)
local j = redis.call('HMGET', key, 'state', 'runAt', 'keepUntil', 'fn', 'pri', 'seq')
local status = status_of(j[1], j[2], j[3], now)
if status ~= 'failed' and status ~= 'aborted' then return 0 end
redis.call('ZREM', qkey(q, status), id)
redis.call('HSET', key, 'state', 'pending', 'tries', 0, 'runAt', now)
redis.call('HDEL', key, 'fin', 'keepUntil', 'abort', 'result', 'permit')
schedule(q, id, j[5], j[6], now, now)
wake(q, 1)
event('STATE', id, q, j[4], 'queued', now)
done()
return 1
