-- Helpers for the scripts: Script.java sends each script with the definitions of this file it uses (LuaLib.java).
-- Times are milliseconds from the store's clock, passed in ARGV, so a test clock drives expiry,
-- deferral and leases. Redis TIME only measures how long a claim sent behind a wait waited (claim.lua).

-- A due job's score in the queued set: priority descending, then enqueue sequence. 2^41 sequence
-- numbers fit under every priority while the score stays an exact double (< 2^53).
local SEQ_SPAN = 2199023255552
-- How long a job the store itself finishes (expired, aborted while pending, aborted by the reaper)
-- stays readable when it has no keep-result of its own: a day, so Redis memory stays bounded.
local DEFAULT_KEEP_MS = 86400000
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

-- Appends one failed try's error to the job's error list, keeping the last MAX_TRY_ERRORS.
local function add_error(q, id, try, now, etype, emsg, estack)
  local key = errors_key(q, id)
  redis.call('RPUSH', key, cjson.encode({ t = tonumber(try), at = now, ty = etype, m = emsg, s = estack }))
  redis.call('LTRIM', key, -MAX_TRY_ERRORS, -1)
end

-- Numbers go to commands as strings made here: Redis would format a Lua number argument with
-- %.17g, which costs several times more than an integer format (it is the top cost of a batch).
local function int(x) return string.format('%d', x) end

local function queued_score(pri, seq)
  return int((1000 - tonumber(pri)) * SEQ_SPAN + tonumber(seq))
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

-- Events are collected and published once per script call, as one JSON array of 8 values per
-- event (kind, id, queue, function, status, at, progress, message; false where absent), so a batch of
-- 100 claims costs one PUBLISH. STATE and PROGRESS events go to porter:events and are only built
-- when that channel has a subscriber (asked once per call): with no server or waiting client
-- listening, a claim or finish spends nothing on them. ABORT_REQUESTED (rare) go to porter:aborts.
local EVENTS, ABORTS = 'porter:events', 'porter:aborts'
local events, aborts = {}, {}
local listening
local function events_wanted()
  if listening == nil then listening = redis.call('PUBSUB', 'NUMSUB', EVENTS)[2] > 0 end
  return listening
end
local function event(kind, id, q, fn, status, now, progress, message)
  local list = events
  if kind == 'ABORT_REQUESTED' then
    list = aborts
  elseif not events_wanted() then
    return
  end
  local n = #list
  list[n + 1] = kind
  list[n + 2] = id
  list[n + 3] = q
  list[n + 4] = fn or false
  list[n + 5] = status
  list[n + 6] = now
  list[n + 7] = progress or false
  list[n + 8] = message or false
end

-- Publishes the events collected so far.
local function publish_events()
  if #events > 0 then redis.call('PUBLISH', EVENTS, cjson.encode(events)) end
  if #aborts > 0 then redis.call('PUBLISH', ABORTS, cjson.encode(aborts)) end
end

-- Every script that changes jobs ends with this (enqueue_one.lua, which collects no set changes,
-- with publish_events alone).
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
  publish_events()
end

-- Wakes up to n sleeping workers, each blocked in BZPOPMIN on this sorted set. Its members are
-- "1".."32", so it never holds more than 32 markers however often nobody sleeps: a woken worker
-- claims a whole batch, and await.lua clears stale markers before anyone sleeps. A paused queue
-- wakes nobody (resuming it does, in pause.lua).
local function wake(q, n)
  if n <= 0 or redis.call('EXISTS', qkey(q, 'paused')) == 1 then return end
  if n == 1 then
    redis.call('ZADD', qkey(q, 'marker'), '0', '1')
    return
  end
  local args = {}
  for i = 1, math.min(n, 32) do
    args[#args + 1] = '0'
    args[#args + 1] = int(i)
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
-- changed fields in the same HSET. Keep 0 drops it now, with its log and error list.
-- Within one script a job is finalized at most once, so the deferred removals cannot undo a
-- later write of the same id. A job that is not finished never has a keepUntil (retry.lua clears
-- it), so there is nothing to undo here. Finished jobs get no native TTL: purge.lua, which every
-- worker runs each minute, deletes them once kept long enough (a PEXPIRE per job would cost the
-- hot path a third of a finish).
local function finalize(q, id, state, now, keep, fields)
  local key = job_key(q, id)
  if keep == 0 then
    -- the callers have taken it out of queued/deferred/active already; 'all' and the index remain
    redis.call('DEL', key, log_key(q, id), errors_key(q, id))
    zrem_later(qkey(q, 'all'), id)
    dropped_ids[#dropped_ids + 1] = id
    return
  end
  fields = fields or {}
  fields[#fields + 1] = 'state'
  fields[#fields + 1] = state
  fields[#fields + 1] = 'fin'
  fields[#fields + 1] = int(now)
  if keep < 0 then
    zadd_later(qkey(q, state), 'inf', id)
  else
    local till = int(now + keep)
    fields[#fields + 1] = 'keepUntil'
    fields[#fields + 1] = till
    zadd_later(qkey(q, state), till, id)
  end
  redis.call('HSET', key, unpack(fields))
end

-- Puts a pending job where claim finds it: the queued set when due, else the deferred set.
local function schedule(q, id, pri, seq, run_at, now)
  if run_at <= now then
    zadd_later(qkey(q, 'queued'), queued_score(pri, seq), id)
    return 'queued'
  end
  zadd_later(qkey(q, 'deferred'), int(run_at), id)
  return 'deferred'
end

-- The hash fields of a new job whose id is ARGV[b] (its other fields follow, as enqueue.lua and
-- enqueue_one.lua take them), with its sequence number.
local function fields_of(b, seq_s)
  -- id and queue are in the key, tries are 0 while absent: fewer fields, a cheaper HSET
  local fields = { 'fn', ARGV[b + 1], 'args', ARGV[b + 2], 'pri', ARGV[b + 3], 'seq', seq_s, 'state', 'pending',
                   'enq', ARGV[1], 'runAt', ARGV[b + 4] }
  if ARGV[b + 5] ~= '' then fields[#fields + 1] = 'exp'; fields[#fields + 1] = ARGV[b + 5] end
  if ARGV[b + 6] ~= '' then fields[#fields + 1] = 'maxTries'; fields[#fields + 1] = ARGV[b + 6] end
  if ARGV[b + 7] ~= '' then fields[#fields + 1] = 'timeout'; fields[#fields + 1] = ARGV[b + 7] end
  if ARGV[b + 8] ~= '' then fields[#fields + 1] = 'keep'; fields[#fields + 1] = ARGV[b + 8] end
  return fields
end

-- Whether a deferred job due at run_at comes before every deferred job of the queue so far: then
-- a sleeping worker's timeout (capped at the earliest due time it knew of) may be too long, and a
-- marker wakes one to look again.
local function first_deferred(q, run_at)
  local head = redis.call('ZRANGE', qkey(q, 'deferred'), '0', '0', 'WITHSCORES')
  return not head[2] or run_at < tonumber(head[2])
end
