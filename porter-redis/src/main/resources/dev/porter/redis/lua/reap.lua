-- Re-queues the running jobs of one queue whose lease expired (dead or hung worker): due now with
-- their try count kept; a job with an abort pending is aborted instead. Atomic, so with many
-- callers each job is reaped once. KEYS: active set. ARGV: now, queue, limit. Returns the count.
local now = tonumber(ARGV[1])
local q = ARGV[2]
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
local reaped, requeued = 0, 0
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[1], id)
  local key = job_key(q, id)
  local j = redis.call('HMGET', key, 'state', 'fn', 'keep', 'pri', 'seq', 'abort')
  if j[1] == 'running' then
    local status = 'aborted'
    if j[6] then
      finalize(q, id, status, now, keep_ms(nil, j[3]))
    else
      redis.call('HSET', key, 'state', 'pending', 'runAt', now)
      status = schedule(q, id, j[4], j[5], now, now)
      requeued = requeued + 1
    end
    event('STATE', id, q, j[2], status, now)
    reaped = reaped + 1
  end
end
if requeued > 0 then wake(q, requeued) end
done()
return reaped
