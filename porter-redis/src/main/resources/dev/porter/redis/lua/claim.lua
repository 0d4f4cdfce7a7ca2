-- Claims up to max due jobs across one or more queues for a worker: highest priority first, then
-- enqueue order (the sequence is global, so queues compare). Deferred jobs that have come due are
-- promoted first, with their own priority, so no forwarder process (and no lag) is needed. Jobs
-- past their expiry fail instead of running. Paused queues are skipped (one EXISTS each).
-- KEYS: the queued set of each queue. ARGV: now, max, leaseMs, workerId, tokenPrefix, timeSec, timeUsec,
-- queues... timeSec/timeUsec ('' when unused) are the Redis TIME at which the caller's clock read
-- 'now': a claim sent along with a blocking wait runs only when the wait ends, so it advances 'now'
-- by the Redis time passed since (the store's clock stays the one source of time, as elsewhere).
-- The jobs a call claims from one queue share the lease token '<queue>|<tokenPrefix>' (the prefix is
-- fresh and random per call): a fence compares the pair (id, token), which no other claim repeats.
-- Returns a header of 4 values, then 11 values per claimed job.
-- The header: when the claim took every due job (it came back short), it has also done what
-- await.lua does before a worker sleeps (cleared the stale wake-up markers of the queues): then it is
-- the next deferred job's due time (-2 for none), the 'now' the claim used, and the Redis TIME
-- (seconds, microseconds), so the worker can go straight to sleep; otherwise -1, '', '', ''.
-- Per job: id, queue (its 1-based place among the queues in ARGV), fn, args, pri, tries, maxTries,
-- timeout, keep (nil when unset), enq, permit ('1' when a Postponed outcome reserved a rate-limit
-- permit for this claim, else '0'). Values are the stored strings, as converting them to numbers
-- would cost Redis, the shared and single-threaded side, more.
local now = tonumber(ARGV[1])
if ARGV[6] ~= '' then
  local t = redis.call('TIME')
  local waited_us = (tonumber(t[1]) - tonumber(ARGV[6])) * 1000000 + tonumber(t[2]) - tonumber(ARGV[7])
  if waited_us > 0 then now = now + math.floor(waited_us / 1000) end
end
local now_s = int(now)
local max = tonumber(ARGV[2])
local lease_until = int(now + tonumber(ARGV[3]))
local worker = ARGV[4]
local prefix = ARGV[5]
-- per queue: its place in ARGV, lease token, job key prefix, and the active-set entries to add
local queues, place, token, jobs, leased = {}, {}, {}, {}, {}
for i = 8, #ARGV do
  local q = ARGV[i]
  if redis.call('EXISTS', qkey(q, 'paused')) == 0 then
    queues[#queues + 1] = q
    place[q] = i - 7
    token[q] = q .. '|' .. prefix
    jobs[q] = job_key(q, '')
    leased[q] = {}
  end
end

-- The header for a claim that took every due job: stale markers go (a sleeper then wakes only for
-- new work), and the next deferred job of the queues that are not paused tells how long to sleep.
local function drained_header()
  local next_due = -2
  for i = 8, #ARGV do
    redis.call('DEL', qkey(ARGV[i], 'marker'))
  end
  for _, q in ipairs(queues) do
    local head = redis.call('ZRANGE', qkey(q, 'deferred'), '0', '0', 'WITHSCORES')
    if head[2] and (next_due == -2 or tonumber(head[2]) < next_due) then next_due = tonumber(head[2]) end
  end
  local t = redis.call('TIME')
  return { next_due, now_s, t[1], t[2] }
end

if #queues == 0 then return drained_header() end

local function promote_due(q)
  local deferred = qkey(q, 'deferred')
  local due = redis.call('ZRANGEBYSCORE', deferred, '-inf', now_s, 'LIMIT', '0', '1000')
  if #due == 0 then return end
  local promoted = {}
  for _, id in ipairs(due) do
    local ps = redis.call('HMGET', job_key(q, id), 'pri', 'seq')
    if ps[1] then
      promoted[#promoted + 1] = queued_score(ps[1], ps[2])
      promoted[#promoted + 1] = id
    end
  end
  if #promoted > 0 then call_sliced('ZADD', qkey(q, 'queued'), promoted) end
  call_sliced('ZREM', deferred, due)
end

-- Removes the next (up to) count due jobs, in claim order across the queues: { {queue, id}... }.
local function take(count)
  if #queues == 1 then
    -- ZRANGE + ZREMRANGEBYRANK rather than ZPOPMIN, whose reply formats every score as a double
    local queued = qkey(queues[1], 'queued')
    local ids = redis.call('ZRANGE', queued, '0', int(count - 1))
    if #ids > 0 then redis.call('ZREMRANGEBYRANK', queued, '0', int(#ids - 1)) end
    local taken = {}
    for i = 1, #ids do taken[i] = { queues[1], ids[i] } end
    return taken
  end
  local heads = {}
  for _, q in ipairs(queues) do
    local r = redis.call('ZRANGE', qkey(q, 'queued'), '0', int(count - 1), 'WITHSCORES')
    for i = 1, #r, 2 do heads[#heads + 1] = { tonumber(r[i + 1]), q, r[i] } end
  end
  table.sort(heads, function(a, b) return a[1] < b[1] end)
  local taken, by_queue = {}, {}
  for i = 1, math.min(count, #heads) do
    local q, id = heads[i][2], heads[i][3]
    taken[#taken + 1] = { q, id }
    by_queue[q] = by_queue[q] or {}
    table.insert(by_queue[q], id)
  end
  for q, ids in pairs(by_queue) do call_sliced('ZREM', qkey(q, 'queued'), ids) end
  return taken
end

for _, q in ipairs(queues) do promote_due(q) end

local out = { -1, '', '', '' }
local claimed = 0
local drained = false
local budget = max + 1000 -- expired jobs taken along the way, at most this many per call
while claimed < max and budget > 0 do
  local taken = take(math.min(max - claimed, budget))
  if #taken == 0 then
    drained = true
    break
  end
  for _, t in ipairs(taken) do
    budget = budget - 1
    local q, id = t[1], t[2]
    local key = jobs[q] .. id
    local j = redis.call('HMGET', key, 'fn', 'args', 'pri', 'tries', 'maxTries', 'timeout', 'keep', 'enq', 'exp', 'prog', 'permit')
    if j[1] and j[9] and tonumber(j[9]) <= now then
      -- no try ran: the error is filed under the last try's number (0 when it never ran)
      add_error(q, id, j[4] or '0', now, 'porter.Expired', 'not started before it expired', '')
      finalize(q, id, 'failed', now, keep_ms(nil, j[7]),
        { 'errType', 'porter.Expired', 'errMsg', 'not started before it expired', 'errStack', '' })
      event('STATE', id, q, j[1], 'failed', now)
    elseif j[1] then
      claimed = claimed + 1
      local tries = int(tonumber(j[4] or '0') + 1)
      redis.call('HSET', key, 'state', 'running', 'tries', tries, 'start', now_s, 'worker', worker, 'token', token[q])
      if j[10] and j[11] then
        redis.call('HDEL', key, 'prog', 'progMsg', 'permit')
      elseif j[10] then
        redis.call('HDEL', key, 'prog', 'progMsg') -- from an earlier try
      elseif j[11] then
        redis.call('HDEL', key, 'permit') -- a reserved permit serves one claim
      end
      local l = leased[q]
      l[#l + 1] = lease_until
      l[#l + 1] = id
      event('STATE', id, q, j[1], 'in_progress', now)
      local k = #out
      out[k + 1] = id
      out[k + 2] = place[q]
      out[k + 3] = j[1]
      out[k + 4] = j[2]
      out[k + 5] = j[3]
      out[k + 6] = tries
      out[k + 7] = j[5] or false
      out[k + 8] = j[6] or false
      out[k + 9] = j[7] or false
      out[k + 10] = j[8]
      out[k + 11] = j[11] and '1' or '0'
    end
  end
end
for q, l in pairs(leased) do
  if #l > 0 then call_sliced('ZADD', qkey(q, 'active'), l) end
end
if drained then
  local h = drained_header()
  for i = 1, 4 do out[i] = h[i] end
end
done()
return out
