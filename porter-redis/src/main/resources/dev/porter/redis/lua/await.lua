-- Checks whether a worker of one queue may sleep. ARGV: now, queue.
-- Returns { -1 when a job is due (never for a paused queue); otherwise, having cleared stale wake-up
-- markers (so the BZPOPMIN that follows wakes only for new work), when the next deferred job is due,
-- or -2 when none is; then the Redis TIME (seconds, microseconds), which a claim sent along with
-- the sleep uses to advance 'now' (claim.lua) }.
local now = tonumber(ARGV[1])
local q = ARGV[2]
local t = redis.call('TIME')
if redis.call('EXISTS', qkey(q, 'paused')) == 1 then
  -- paused: nothing here is work; sleep until resumed (pause.lua wakes) or the timeout
  redis.call('DEL', qkey(q, 'marker'))
  return { -2, t[1], t[2] }
end
if redis.call('ZCARD', qkey(q, 'queued')) > 0 then return { -1, t[1], t[2] } end
local next_due = redis.call('ZRANGE', qkey(q, 'deferred'), 0, 0, 'WITHSCORES')
if next_due[2] and tonumber(next_due[2]) <= now then return { -1, t[1], t[2] } end
redis.call('DEL', qkey(q, 'marker'))
if next_due[2] then return { tonumber(next_due[2]), t[1], t[2] } end
return { -2, t[1], t[2] }
