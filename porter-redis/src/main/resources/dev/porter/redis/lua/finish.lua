-- Applies a batch of finished tries of one queue, each fenced by its lease token.
-- KEYS: active set. ARGV: now, queue, count, then 7 fields per outcome: kind, id, token, a, b, c, d.
--   C (completed): a=result, b=keepMs      R (retrying): a=runAt, b..d=error type, message, stack
--   F (failed): a..c=error, d=keepMs       A (aborted): a=keepMs      L (released): -
--   P (postponed for a rate-limit permit): a=runAt
-- Retrying and failed tries append their error to the job's error list (errors_key).
-- keepMs: '' = the job's own keep-result; -1 = forever. Returns per outcome 1 (applied) or 0.
-- A finished job keeps its (now stale) token: every fenced write also checks state == running.
local now = tonumber(ARGV[1])
local q = ARGV[2]
local n = tonumber(ARGV[3])
local out = {}
local woken = 0
for i = 0, n - 1 do
  local b = 4 + i * 7
  local kind, id, token = ARGV[b], ARGV[b + 1], ARGV[b + 2]
  local a, bb, c, d = ARGV[b + 3], ARGV[b + 4], ARGV[b + 5], ARGV[b + 6]
  local key = job_key(q, id)
  local j = redis.call('HMGET', key, 'state', 'token', 'fn', 'keep', 'pri', 'seq', 'abort', 'tries', 'errType', 'logs', 'errs')
  if j[1] ~= 'running' or j[2] ~= token then
    out[#out + 1] = 0
  else
    zrem_later(KEYS[1], id)
    local status
    if kind == 'C' then
      -- the last error stays until a try ends; this one succeeded
      if j[9] then redis.call('HDEL', key, 'errType', 'errMsg', 'errStack') end
      status = 'complete'
      finalize(q, id, status, now, keep_ms(bb, j[4]), { 'result', a }, j[10], j[11])
    elseif kind == 'F' then
      status = 'failed'
      add_error(q, id, j[8], now, a, bb, c)
      finalize(q, id, status, now, keep_ms(d, j[4]), { 'errType', a, 'errMsg', bb, 'errStack', c, 'errs', 1 }, j[10], true)
    elseif kind == 'A' then
      status = 'aborted'
      finalize(q, id, status, now, keep_ms(a, j[4]), nil, j[10], j[11])
    elseif kind == 'R' and j[7] then
      -- failed while an abort was pending: it ends aborted, not retried
      add_error(q, id, j[8], now, bb, c, d)
      status = 'aborted'
      finalize(q, id, status, now, keep_ms(nil, j[4]), { 'errType', bb, 'errMsg', c, 'errStack', d, 'errs', 1 }, j[10], true)
    elseif kind == 'R' then
      add_error(q, id, j[8], now, bb, c, d)
      redis.call('HSET', key, 'state', 'pending', 'runAt', a, 'errType', bb, 'errMsg', c, 'errStack', d, 'errs', 1)
      status = schedule(q, id, j[5], j[6], tonumber(a), now)
      if status == 'queued' then woken = woken + 1 end
    elseif j[7] then
      -- released or postponed while an abort was pending: nobody should run it again
      status = 'aborted'
      finalize(q, id, status, now, keep_ms(nil, j[4]), nil, j[10], j[11])
    elseif kind == 'P' then
      -- waits for its reserved permit: this try does not count, and the next claim holds the permit
      redis.call('HSET', key, 'state', 'pending', 'runAt', a, 'tries', math.max(0, tonumber(j[8]) - 1), 'permit', 1)
      status = schedule(q, id, j[5], j[6], tonumber(a), now)
      if status == 'queued' then woken = woken + 1 end
    else
      -- released at shutdown: due now, and this try does not count
      redis.call('HSET', key, 'state', 'pending', 'runAt', now, 'tries', math.max(0, tonumber(j[8]) - 1))
      status = schedule(q, id, j[5], j[6], now, now)
      woken = woken + 1
    end
    event('STATE', id, q, j[3], status, now)
    out[#out + 1] = 1
  end
end
if woken > 0 then wake(q, woken) end
done()
return out
