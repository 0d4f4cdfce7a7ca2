-- Helpers prepended to every script (RedisScripts joins lib.lua with the script's own file).
-- Times are milliseconds from the store's clock, passed in ARGV: never Redis TIME, so a test
-- clock drives expiry, deferral and leases.

-- A due job's score in the queued set: priority descending, then enqueue sequence. 2^41 sequence
-- numbers per queue fit under every priority while the score stays an exact double (< 2^53).
local SEQ_SPAN = 2199023255552
-- How long a job the store itself finishes (expired, aborted while pending, aborted by the reaper)
-- stays readable when it has no keep-result of its own: a day, so Redis memory stays bounded.
local DEFAULT_KEEP_MS = 86400000
-- Native expiry is a safety net only; past ~34 years it is not worth an overflow risk.
local MAX_NATIVE_TTL_MS = 1099511627776
local IDS = 'porter:ids'
local QUEUES = 'porter:queues'

local function qkey(q, name) return 'porter:{' .. q .. '}:' .. name end
local function job_key(q, id) return 'porter:{' .. q .. '}:job:' .. id end
local function log_key(q, id) return 'porter:{' .. q .. '}:log:' .. id end

local function queued_score(pri, seq)
  return string.format('%.0f', (1000 - tonumber(pri)) * SEQ_SPAN + tonumber(seq))
end

-- Events are collected and published once per script call (one message, a JSON array), so a
-- batch of 100 claims costs one PUBLISH, not 100.
local events = {}
local function event(kind, id, q, fn, status, now, progress, message)
  events[#events + 1] = { k = kind, id = id, q = q, fn = fn, s = status, at = now, p = progress, m = message }
end
local function publish_events()
  if #events > 0 then
    redis.call('PUBLISH', 'porter:events', cjson.encode(events))
  end
end

-- Wakes up to n sleeping workers (each blocks on BLPOP of this list). The cap keeps the list tiny:
-- a woken worker claims a whole batch, and await.lua clears stale markers before anyone sleeps.
local function wake(q, n)
  local k = math.min(n, 32)
  local ones = {}
  for i = 1, k do ones[i] = '1' end
  local m = qkey(q, 'marker')
  redis.call('LPUSH', m, unpack(ones))
  redis.call('LTRIM', m, 0, 31)
end

-- The status a reader sees, derived from the stored state and the clock; nil when the job is gone.
local function status_of(state, run_at, keep_until, now)
  if state == 'pending' then
    if tonumber(run_at) > now then return 'deferred' end
    return 'queued'
  elseif state == 'running' then
    return 'in_progress'
  elseif state == nil or state == false then
    return nil
  end
  if keep_until and tonumber(keep_until) <= now then return nil end
  return state
end

local FINISHED_SETS = { 'complete', 'failed', 'aborted' }
local ALL_SETS = { 'queued', 'deferred', 'active', 'complete', 'failed', 'aborted', 'all' }

local function remove_job(q, id)
  redis.call('DEL', job_key(q, id), log_key(q, id))
  for _, name in ipairs(ALL_SETS) do
    redis.call('ZREM', qkey(q, name), id)
  end
  if redis.call('HGET', IDS, id) == q then
    redis.call('HDEL', IDS, id)
  end
end

-- How long to keep a job finished now: the outcome's keep ('' = the job's own, else the default).
-- Returns milliseconds, or -1 for forever.
local function keep_ms(outcome_keep, job_keep)
  if outcome_keep ~= nil and outcome_keep ~= '' then return tonumber(outcome_keep) end
  if job_keep then return tonumber(job_keep) end
  return DEFAULT_KEEP_MS
end

-- Moves a job (already out of queued/deferred/active) into a finished state. Keep 0 drops it now.
local function finalize(q, id, state, now, keep)
  local key = job_key(q, id)
  if keep == 0 then
    remove_job(q, id)
    return
  end
  redis.call('HSET', key, 'state', state, 'fin', now)
  redis.call('HDEL', key, 'token')
  if keep < 0 then
    redis.call('HDEL', key, 'keepUntil')
    redis.call('ZADD', qkey(q, state), 'inf', id)
    redis.call('PERSIST', key)
    redis.call('PERSIST', log_key(q, id))
  else
    local till = now + keep
    redis.call('HSET', key, 'keepUntil', string.format('%.0f', till))
    redis.call('ZADD', qkey(q, state), till, id)
    local ttl = math.min(keep, MAX_NATIVE_TTL_MS)
    redis.call('PEXPIRE', key, ttl)
    redis.call('PEXPIRE', log_key(q, id), ttl)
  end
end

-- Puts a pending job where claim finds it: the queued set when due, else the deferred set.
local function schedule(q, id, pri, seq, run_at, now)
  if run_at <= now then
    redis.call('ZADD', qkey(q, 'queued'), queued_score(pri, seq), id)
    return 'queued'
  end
  redis.call('ZADD', qkey(q, 'deferred'), run_at, id)
  return 'deferred'
end

