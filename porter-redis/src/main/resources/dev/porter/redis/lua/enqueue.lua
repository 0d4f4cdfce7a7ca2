-- Stores a batch of new jobs for one queue, skipping ids that already exist in any queue.
-- KEYS: queued set of the queue, the id index. ARGV: now, queue, count, then 9 fields per job:
-- id, function, args, priority, runAt, expiresAt, maxTries, timeoutMs, keepMs ('' = none).
-- Returns per job: created (1/0), status.
local now = tonumber(ARGV[1])
local q = ARGV[2]
local n = tonumber(ARGV[3])
local OPTIONAL = { [5] = 'exp', [6] = 'maxTries', [7] = 'timeout', [8] = 'keep' }

-- The status of an existing job with this id, or nil (forgetting remnants of an expired one).
local function existing_status(id)
  local old_q = redis.call('HGET', IDS, id)
  if not old_q then return nil end
  local h = redis.call('HMGET', job_key(old_q, id), 'state', 'runAt', 'keepUntil')
  local status = status_of(h[1], h[2], h[3], now)
  if not status then remove_job(old_q, id) end
  return status
end

redis.call('SADD', QUEUES, q)
local seq = redis.call('INCRBY', qkey(q, 'seq'), n) - n
local out = {}
local due = 0
for i = 0, n - 1 do
  local b = 4 + i * 9
  local id = ARGV[b]
  local status = existing_status(id)
  if status then
    out[#out + 1] = 0
  else
    seq = seq + 1
    local fn, pri, run_at = ARGV[b + 1], ARGV[b + 3], tonumber(ARGV[b + 4])
    local fields = { 'id', id, 'fn', fn, 'args', ARGV[b + 2], 'q', q, 'pri', pri, 'seq', seq,
                     'state', 'pending', 'tries', 0, 'enq', now, 'runAt', ARGV[b + 4] }
    for off, name in pairs(OPTIONAL) do
      local v = ARGV[b + off]
      if v ~= '' then
        fields[#fields + 1] = name
        fields[#fields + 1] = v
      end
    end
    redis.call('HSET', job_key(q, id), unpack(fields))
    redis.call('HSET', IDS, id, q)
    redis.call('ZADD', qkey(q, 'all'), seq, id)
    status = schedule(q, id, pri, seq, run_at, now)
    if status == 'queued' then due = due + 1 end
    event('STATE', id, q, fn, status, now)
    out[#out + 1] = 1
  end
  out[#out + 1] = status
end
if due > 0 then wake(q, due) end
publish_events()
return out
