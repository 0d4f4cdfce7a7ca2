-- Pauses or resumes a queue for every worker: claim.lua skips a paused queue, await.lua never
-- reports its work and wake() adds no markers for it. Resuming wakes sleeping workers for its due
-- jobs. A paused queue is listed (porter:queues) even when it has no jobs.
-- KEYS: the queue's paused key. ARGV: now, queue, 1 (pause) or 0 (resume).
local now = tonumber(ARGV[1])
local q = ARGV[2]
if ARGV[3] == '1' then
  redis.call('SET', KEYS[1], 1)
  redis.call('SADD', QUEUES, q)
  return 1
end
if redis.call('DEL', KEYS[1]) == 1 then
  local due = redis.call('ZCARD', qkey(q, 'queued')) + redis.call('ZCOUNT', qkey(q, 'deferred'), '-inf', now)
  -- at least one marker, so a sleeping worker re-checks and learns when a deferred job is due
  wake(q, math.max(due, 1))
end
return 0
