-- Counts one queue's jobs by status. ARGV: now, queue.
-- Returns queued, deferred, in_progress, complete, failed, aborted, paused (1/0).
local now = tonumber(ARGV[1])
local q = ARGV[2]
local deferred_due = redis.call('ZCOUNT', qkey(q, 'deferred'), '-inf', now)
local out = {
  redis.call('ZCARD', qkey(q, 'queued')) + deferred_due,
  redis.call('ZCOUNT', qkey(q, 'deferred'), '(' .. now, '+inf'),
  redis.call('ZCARD', qkey(q, 'active')),
}
for _, state in ipairs(FINISHED_SETS) do
  out[#out + 1] = redis.call('ZCOUNT', qkey(q, state), '(' .. now, '+inf')
end
out[#out + 1] = redis.call('EXISTS', qkey(q, 'paused'))
return out
