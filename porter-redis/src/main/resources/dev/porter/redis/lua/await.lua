-- Checks whether a worker of one queue may sleep. ARGV: now, queue.
-- Returns -1 when a job is due (never for a paused queue); otherwise clears stale wake-up markers (so the BZPOPMIN that follows
-- wakes only for new work) and returns when the next deferred job is due, or -2 when none is.
local now = tonumber(ARGV[1])
local q = ARGV[2]
if redis.call('EXISTS', qkey(q, 'paused')) == 1 then
  -- paused: nothing here is work; sleep until resumed (pause.lua wakes) or the timeout
  redis.call('DEL', qkey(q, 'marker'))
  return -2
end
if redis.call('ZCARD', qkey(q, 'queued')) > 0 then return -1 end
local next_due = redis.call('ZRANGE', qkey(q, 'deferred'), 0, 0, 'WITHSCORES')
if next_due[2] and tonumber(next_due[2]) <= now then return -1 end
redis.call('DEL', qkey(q, 'marker'))
if next_due[2] then return tonumber(next_due[2]) end
return -2
