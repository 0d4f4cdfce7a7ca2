-- Helpers prepended to every script (RedisScripts joins lib.lua with the script's own file).
-- Times are milliseconds from the store's clock, passed in ARGV: never Redis TIME, so a test
-- clock drives expiry, deferral and leases.

-- A due job's score in the queued set: priority descending, then enqueue sequence. 2^41 sequence
-- numbers fit under every priority while the score stays an exact double (< 2^53).
local SEQ_SPAN = 2199023255552
-- How long a job the store itself finishes (expired, aborted while pending, aborted by the reaper)
-- stays readable when it has no keep-result of its own: a day, so Redis memory stays bounded.
local DEFAULT_KEEP_MS = 86400000
-- Native expiry is a safety net only; past ~34 years it is not worth an overflow risk.
local MAX_NATIVE_TTL_MS = 1099511627776
local IDS = 'porter:ids'
local QUEUES = 'porter:queues'
-- One enqueue sequence for all queues, so a claim across queues can keep enqueue order.
local SEQ = 'porter:seq'

local function qkey(q, name) return 'porter:{' .. q .. '}:' .. name end
local function job_key(q, id) return 'porter:{' .. q .. '}:job:' .. id end
local function log_key(q, id) return 'porter:{' .. q .. '}:log:' .. id end
local function errors_key(q, id) return 'porter:{' .. q .. '}:errors:' .. id end
-- Try errors kept per job (JobStore.MAX_TRY_ERRORS).
local MAX_TRY_ERRORS = 25

-- Appends one failed try's error to the job's error list, keeping the last MAX_TRY_ERRORS. The
-- caller sets the job's 'errs' field, which tells finalize and retry that the list exists.
local function add_error(q, id, try, now, etype, emsg, estack)
  local key = errors_key(q, id)
  redis.call('RPUSH', key, cjson.encode({ t = tonumber(try), at = now, ty = etype, m = emsg, s = estack }))
  redis.call('LTRIM', key, -MAX_TRY_ERRORS, -1)
end

local function queued_score(pri, seq)
  return string.format('%.0f', (1000 - tonumber(pri)) * SEQ_SPAN + tonumber(seq))
end

-- Sorted-set changes and index deletions of finished jobs are collected and sent as one command
-- per key at the end of the script (done()), so a batch of 100 jobs costs a few ZADDs, not 100.
local zadds, zrems, dropped_ids = {}, {}, {}
local function zadd_later(key, score, member)
  local t = zadds[key]
  if not t then
    t = {}
    zadds[key] = t
  end
  t[#t + 1] = score
  t[#t + 1] = member
end
local function zrem_later(key, member)
  local t = zrems[key]
  if not t then
    t = {}
    zrems[key] = t
  end
  t[#t + 1] = member
end

-- Runs a command on a long list of arguments in slices that fit Lua's stack (pairs stay whole).
local function call_sliced(command, key, args)
  for i = 1, #args, 4000 do
    redis.call(command, key, unpack(args, i, math.min(i + 3999, #args)))
  end
end

-- Events are collected and published once per script call (one message, a JSON array), so a
-- batch of 100 claims costs one PUBLISH, not 100.
local events = {}
local function event(kind, id, q, fn, status, now, progress, message)
  events[#events + 1] = { k = kind, id = id, q = q, fn = fn, s = status, at = now, p = progress, m = message }
end

-- Every script that changes jobs ends with this.
local function done()
  for key, members in pairs(zrems) do
    call_sliced('ZREM', key, members)
  end
  for key, args in pairs(zadds) do
    call_sliced('ZADD', key, args)
  end
  if #dropped_ids > 0 then
    call_sliced('HDEL', IDS, dropped_ids)
  end
  if #events > 0 then
    -- abort requests on their own channel, so workers (which hear only those) never parse the
    -- claims and finishes of the whole cluster
    local aborts, others = {}, {}
    for _, e in ipairs(events) do
      if e.k == 'ABORT_REQUESTED' then aborts[#aborts + 1] = e else others[#others + 1] = e end
    end
    if #others > 0 then redis.call('PUBLISH', 'porter:events', cjson.encode(others)) end
    if #aborts > 0 then redis.call('PUBLISH', 'porter:aborts', cjson.encode(aborts)) end
  end
end

-- Wakes up to n sleeping workers, each blocked in BZPOPMIN on this sorted set. Its members are
-- "1".."32", so it never holds more than 32 markers however often nobody sleeps: a woken worker
-- claims a whole batch, and await.lua clears stale markers before anyone sleeps. A paused queue
-- wakes nobody (resuming it does, in pause.lua).
local function wake(q, n)
  if n <= 0 or redis.call('EXISTS', qkey(q, 'paused')) == 1 then return end
  local args = {}
  for i = 1, math.min(n, 32) do
    args[#args + 1] = 0
    args[#args + 1] = i
  end
  redis.call('ZADD', qkey(q, 'marker'), unpack(args))
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
  redis.call('DEL', job_key(q, id), log_key(q, id), errors_key(q, id))
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

-- Moves a job (already out of queued/deferred/active) into a finished state, writing its other
-- changed fields in the same HSET. Keep 0 drops it now. has_log: the job's 'logs' field (log.lua);
-- has_errs: its 'errs' field (an error list exists).
-- Within one script a job is finalized at most once, so the deferred removals cannot undo a
-- later write of the same id. A job that is not finished never has a
-- keepUntil or a TTL (retry.lua clears both), so there is nothing to undo here.
local function finalize(q, id, state, now, keep, fields, has_log, has_errs)
  local key = job_key(q, id)
  if keep == 0 then
    -- the callers have taken it out of queued/deferred/active already; 'all' and the index remain
    redis.call('DEL', key)
    if has_log then redis.call('DEL', log_key(q, id)) end
    if has_errs then redis.call('DEL', errors_key(q, id)) end
    zrem_later(qkey(q, 'all'), id)
    dropped_ids[#dropped_ids + 1] = id
    return
  end
  fields = fields or {}
  fields[#fields + 1] = 'state'
  fields[#fields + 1] = state
  fields[#fields + 1] = 'fin'
  fields[#fields + 1] = now
  if keep < 0 then
    zadd_later(qkey(q, state), 'inf', id)
  else
    local till = now + keep
    fields[#fields + 1] = 'keepUntil'
    fields[#fields + 1] = string.format('%.0f', till)
    zadd_later(qkey(q, state), till, id)
    local ttl = math.min(keep, MAX_NATIVE_TTL_MS)
    redis.call('PEXPIRE', key, ttl)
    if has_log then redis.call('PEXPIRE', log_key(q, id), ttl) end
    if has_errs then redis.call('PEXPIRE', errors_key(q, id), ttl) end
  end
  redis.call('HSET', key, unpack(fields))
end

-- Puts a pending job where claim finds it: the queued set when due, else the deferred set.
local function schedule(q, id, pri, seq, run_at, now)
  if run_at <= now then
    zadd_later(qkey(q, 'queued'), queued_score(pri, seq), id)
    return 'queued'
  end
  zadd_later(qkey(q, 'deferred'), run_at, id)
  return 'deferred'
end
