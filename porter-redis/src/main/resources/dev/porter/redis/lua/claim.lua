-- Claims up to max due jobs of one queue for a worker, highest priority first, then enqueue order.
-- Deferred jobs that have come due are promoted first, with their own priority, so no forwarder
-- process (and no lag) is needed. Jobs past their expiry fail instead of running.
-- KEYS: queued, deferred, active sets. ARGV: now, queue, max, leaseMs, workerId, tokenPrefix.
-- Returns 10 fields per claimed job: id, fn, args, pri, tries, maxTries, timeout, keep, enq, token.
local now = tonumber(ARGV[1])
local q = ARGV[2]
local max = tonumber(ARGV[3])
local lease_until = now + tonumber(ARGV[4])
local worker = ARGV[5]
local prefix = ARGV[6]
local queued, deferred, active = KEYS[1], KEYS[2], KEYS[3]

local due = redis.call('ZRANGEBYSCORE', deferred, '-inf', now, 'LIMIT', 0, 1000)
if #due > 0 then
  local promoted = {}
  for _, id in ipairs(due) do
    local ps = redis.call('HMGET', job_key(q, id), 'pri', 'seq')
    if ps[1] then
      promoted[#promoted + 1] = queued_score(ps[1], ps[2])
      promoted[#promoted + 1] = id
    end
  end
  if #promoted > 0 then call_sliced('ZADD', queued, promoted) end
  call_sliced('ZREM', deferred, due)
end

local out = {}
local claimed = 0
local budget = max + 1000 -- expired jobs popped along the way, at most this many per call
while claimed < max and budget > 0 do
  local popped = redis.call('ZPOPMIN', queued, math.min(max - claimed, budget))
  if #popped == 0 then break end
  for i = 1, #popped, 2 do
    budget = budget - 1
    local id = popped[i]
    local key = job_key(q, id)
    local j = redis.call('HMGET', key, 'fn', 'args', 'pri', 'tries', 'maxTries', 'timeout', 'keep', 'enq', 'exp', 'prog', 'logs')
    if j[1] and j[9] and tonumber(j[9]) <= now then
      finalize(q, id, 'failed', now, keep_ms(nil, j[7]),
        { 'errType', 'porter.Expired', 'errMsg', 'not started before it expired', 'errStack', '' }, j[11])
      event('STATE', id, q, j[1], 'failed', now)
    elseif j[1] then
      claimed = claimed + 1
      local tries = tonumber(j[4]) + 1
      local token = q .. '|' .. prefix .. '.' .. claimed
      redis.call('HSET', key, 'state', 'running', 'tries', tries, 'start', now, 'worker', worker, 'token', token)
      if j[10] then redis.call('HDEL', key, 'prog', 'progMsg') end -- from an earlier try
      zadd_later(active, lease_until, id)
      event('STATE', id, q, j[1], 'in_progress', now)
      local k = #out
      out[k + 1] = id
      out[k + 2] = j[1]
      out[k + 3] = j[2]
      out[k + 4] = j[3]
      out[k + 5] = tries
      out[k + 6] = j[5] or ''
      out[k + 7] = j[6] or ''
      out[k + 8] = j[7] or ''
      out[k + 9] = j[8]
      out[k + 10] = token
    end
  end
end
done()
return out
