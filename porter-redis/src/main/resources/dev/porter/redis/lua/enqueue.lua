-- Stores a batch of new jobs for one queue, skipping ids that already exist in any queue (the
-- caller has already dropped repeats within the batch). A single new job takes enqueue_one.lua.
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

redis.call('SADD', QUEUES, q)

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
if due == 0 and earliest_deferred and first_deferred(q, earliest_deferred) then due = 1 end
if due > 0 then wake(q, due) end
done()
return out
