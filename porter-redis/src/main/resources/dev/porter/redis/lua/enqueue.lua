-- Stores a batch of new jobs for one queue, skipping ids that already exist in any queue (the
-- caller has already dropped repeats within the batch).
-- KEYS: queued set of the queue, the id index. ARGV: now, queue, count, then 9 fields per job:
-- id, function, args, priority, runAt, expiresAt, maxTries, timeoutMs, keepMs ('' = none).
-- Returns per job: created (1/0), status.
local now = tonumber(ARGV[1])
local q = ARGV[2]
local n = tonumber(ARGV[3])

-- The status of the existing job with this id, or nil (forgetting remnants of an expired one).
local function existing_status(id, owner)
  local h = redis.call('HMGET', job_key(owner, id), 'state', 'runAt', 'keepUntil')
  local status = status_of(h[1], h[2], h[3], now)
  if not status then remove_job(owner, id) end
  return status
end

-- Whether a deferred job due at run_at comes before every deferred job of the queue so far: then
-- a sleeping worker's timeout (capped at the earliest due time it knew of) may be too long, and a
-- marker wakes one to look again.
local function first_deferred(run_at)
  local head = redis.call('ZRANGE', qkey(q, 'deferred'), '0', '0', 'WITHSCORES')
  return not head[2] or run_at < tonumber(head[2])
end

-- The hash fields of the job whose ARGV start at b, with its sequence number.
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

redis.call('SADD', QUEUES, q)

if n == 1 and not redis.call('HGET', IDS, ARGV[4]) then
  -- The common single enqueue of a new id, without the batch's tables: they cost one job more
  -- than its own commands.
  local id, pri = ARGV[4], ARGV[7]
  local seq = redis.call('INCR', SEQ)
  local seq_s = int(seq)
  redis.call('HSET', job_key(q, id), unpack(fields_of(4, seq_s)))
  redis.call('HSET', IDS, id, q)
  redis.call('ZADD', qkey(q, 'all'), seq_s, id)
  local status
  if tonumber(ARGV[8]) <= now then
    redis.call('ZADD', KEYS[1], queued_score(pri, seq), id)
    status = 'queued'
    wake(q, 1)
  else
    if first_deferred(tonumber(ARGV[8])) then wake(q, 1) end
    redis.call('ZADD', qkey(q, 'deferred'), ARGV[8], id)
    status = 'deferred'
  end
  event('STATE', id, q, ARGV[5], status, now)
  done()
  return { 1, status }
end

local ids = {}
for i = 0, n - 1 do ids[i + 1] = ARGV[4 + i * 9] end
local owners = redis.call('HMGET', IDS, unpack(ids))

local seq = redis.call('INCRBY', SEQ, n) - n
local all = qkey(q, 'all')
local index = {}
local out = {}
local due = 0
local earliest_deferred -- of this batch's deferred jobs
for i = 0, n - 1 do
  local b = 4 + i * 9
  local id = ARGV[b]
  local status = owners[i + 1] and existing_status(id, owners[i + 1])
  if status then
    out[#out + 1] = 0
  else
    seq = seq + 1
    local seq_s = int(seq)
    local fn, pri, run_at = ARGV[b + 1], ARGV[b + 3], ARGV[b + 4]
    redis.call('HSET', job_key(q, id), unpack(fields_of(b, seq_s)))
    index[#index + 1] = id
    index[#index + 1] = q
    zadd_later(all, seq_s, id)
    status = schedule(q, id, pri, seq, tonumber(run_at), now)
    if status == 'queued' then
      due = due + 1
    elseif not earliest_deferred or tonumber(run_at) < earliest_deferred then
      earliest_deferred = tonumber(run_at)
    end
    event('STATE', id, q, fn, status, now)
    out[#out + 1] = 1
  end
  out[#out + 1] = status
end
if #index > 0 then call_sliced('HSET', IDS, index) end
if due == 0 and earliest_deferred and first_deferred(earliest_deferred) then due = 1 end
if due > 0 then wake(q, due) end
done()
return out
