-- Re-queues, as retry.lua does, up to limit visible jobs of one queue's failed or aborted set.
-- KEYS: that finished set. ARGV: now, queue, state ('failed' or 'aborted'), limit.
-- Returns { how many were re-queued, ids taken } (the caller repeats while it takes limit).
local now = tonumber(ARGV[1])
local q, state, limit = ARGV[2], ARGV[3], tonumber(ARGV[4])
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf', 'LIMIT', 0, limit)
if #ids == 0 then return { 0, 0 } end
local n = 0
for _, id in ipairs(ids) do
  local key = job_key(q, id)
  local j = redis.call('HMGET', key, 'state', 'fn', 'pri', 'seq')
  if j[1] == state then
    redis.call('HSET', key, 'state', 'pending', 'tries', 0, 'runAt', now)
    redis.call('HDEL', key, 'fin', 'keepUntil', 'abort', 'result', 'permit')
    schedule(q, id, j[3], j[4], now, now)
    event('STATE', id, q, j[2], 'queued', now)
    n = n + 1
  end
end
call_sliced('ZREM', KEYS[1], ids)
wake(q, n)
done()
return { n, #ids }
