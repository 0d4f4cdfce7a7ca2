-- Applies a batch of finished tries of one queue, each fenced by its lease token.
-- KEYS: active set. ARGV: now, queue, count, then 7 fields per outcome: kind, id, token, a, b, c, d.
--   C (completed): a=result, b=keepMs      R (retrying): a=runAt, b..d=error type, message, stack
--   F (failed): a..c=error, d=keepMs       A (aborted): a=keepMs      L (released): -
--   P (postponed for a rate-limit permit): a=runAt
-- Retrying and failed tries append their error to the job's error list (errors_key).
-- keepMs: '' = the job's own keep-result; -1 = forever. Returns per outcome 1 (applied) or 0.
-- A finished job keeps its (now stale) token: every fenced write also checks state == running.
-- A completed try, the common case, costs one HMGET (the fence) and one HSET; what the other kinds
-- need is read when one of them comes. A completed job keeps the error of an earlier try in its
-- hash; readers show no error for a complete job (JobHash.info).
local now = tonumber(ARGV[1])
local q = ARGV[2]
local n = tonumber(ARGV[3])
local out = {}
local woken = 0
local with_fn = events_wanted() -- the function name is read only for the events

-- How long to keep the job: the outcome's keep, else the job's own (keep_ms in lib.lua).
local function keep_of(key, given)
  if given ~= '' then return tonumber(given) end
  return keep_ms(nil, redis.call('HGET', key, 'keep'))
end

-- Completed jobs by keep: the keep-until (as stored) and the ids to add to the complete set. A
-- batch usually shares one keep, so this is computed once, not per job.
local completed = {}
local complete_set = qkey(q, 'complete')
local jobs = job_key(q, '')

-- The common outcome, spelled out rather than through finalize(): one HSET per job, and the
-- complete set's entries added in one ZADD per keep at the end.
local function complete(key, id, result, keep)
  local c = completed[keep]
  if not c then
    local ms = tonumber(keep)
    c = { ms = ms, till = ms >= 0 and int(now + ms) or 'inf', ids = {} }
    completed[keep] = c
  end
  if c.ms == 0 then
    finalize(q, id, 'complete', now, 0)
  elseif c.ms < 0 then
    redis.call('HSET', key, 'result', result, 'state', 'complete', 'fin', ARGV[1])
    c.ids[#c.ids + 1] = id
  else
    redis.call('HSET', key, 'result', result, 'state', 'complete', 'fin', ARGV[1], 'keepUntil', c.till)
    c.ids[#c.ids + 1] = id
  end
end

for i = 0, n - 1 do
  local b = 4 + i * 7
  local kind, id, token = ARGV[b], ARGV[b + 1], ARGV[b + 2]
  local a, bb, c, d = ARGV[b + 3], ARGV[b + 4], ARGV[b + 5], ARGV[b + 6]
  local key = jobs .. id
  local j
  if with_fn then
    j = redis.call('HMGET', key, 'state', 'token', 'fn')
  else
    j = redis.call('HMGET', key, 'state', 'token')
  end
  if j[1] ~= 'running' or j[2] ~= token then
    out[#out + 1] = 0
  else
    zrem_later(KEYS[1], id)
    local status
    if kind == 'C' then
      status = 'complete'
      if bb == '' then
        finalize(q, id, status, now, keep_of(key, bb), { 'result', a })
      else
        complete(key, id, a, bb)
      end
    elseif kind == 'F' then
      status = 'failed'
      add_error(q, id, redis.call('HGET', key, 'tries'), now, a, bb, c)
      finalize(q, id, status, now, keep_of(key, d), { 'errType', a, 'errMsg', bb, 'errStack', c })
    elseif kind == 'A' then
      status = 'aborted'
      finalize(q, id, status, now, keep_of(key, a))
    else
      local m = redis.call('HMGET', key, 'abort', 'pri', 'seq', 'tries')
      if m[1] then
        -- failed, released or postponed while an abort was pending: nobody should run it again
        status = 'aborted'
        local fields
        if kind == 'R' then
          add_error(q, id, m[4], now, bb, c, d)
          fields = { 'errType', bb, 'errMsg', c, 'errStack', d }
        end
        finalize(q, id, status, now, keep_of(key, ''), fields)
      else
        local run_at
        if kind == 'R' then
          add_error(q, id, m[4], now, bb, c, d)
          redis.call('HSET', key, 'state', 'pending', 'runAt', a, 'errType', bb, 'errMsg', c, 'errStack', d)
          run_at = tonumber(a)
        elseif kind == 'P' then
          -- waits for its reserved permit: this try does not count, and the next claim holds the permit
          redis.call('HSET', key, 'state', 'pending', 'runAt', a, 'tries', int(math.max(0, tonumber(m[4]) - 1)), 'permit', '1')
          run_at = tonumber(a)
        else
          -- released at shutdown: due now, and this try does not count
          redis.call('HSET', key, 'state', 'pending', 'runAt', ARGV[1], 'tries', int(math.max(0, tonumber(m[4]) - 1)))
          run_at = now
        end
        status = schedule(q, id, m[2], m[3], run_at, now)
        if status == 'queued' then woken = woken + 1 end
      end
    end
    event('STATE', id, q, j[3], status, now)
    out[#out + 1] = 1
  end
end
for _, c in pairs(completed) do
  if #c.ids > 0 then
    local args = {}
    for i, id in ipairs(c.ids) do
      args[2 * i - 1] = c.till
      args[2 * i] = id
    end
    call_sliced('ZADD', complete_set, args)
  end
end
if woken > 0 then wake(q, woken) end
done()
return out
