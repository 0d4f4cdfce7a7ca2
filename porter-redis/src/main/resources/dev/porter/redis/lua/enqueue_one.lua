-- Stores one new job: the common single enqueue. Redis runs a script's whole text on every call, so
-- this one carries none of the batch's tables and helpers (enqueue.lua): about a fifth less Redis
-- time per job. An id that already exists is left to enqueue.lua, which knows what to answer.
-- KEYS: queued set of the queue, the id index. ARGV: now, queue, then the job's 9 fields as in
-- enqueue.lua: id, function, args, priority, runAt, expiresAt, maxTries, timeoutMs, keepMs ('' = none).
-- Returns the job's status, or nil when the id exists (nothing changed).
local now = tonumber(ARGV[1])
local q, id, pri = ARGV[2], ARGV[3], ARGV[6]
if redis.call('HGET', IDS, id) then return nil end

redis.call('SADD', QUEUES, q)
local seq = redis.call('INCR', SEQ)
local seq_s = int(seq)
redis.call('HSET', job_key(q, id), unpack(fields_of(3, seq_s)))
redis.call('HSET', IDS, id, q)
redis.call('ZADD', qkey(q, 'all'), seq_s, id)
local status
local run_at = tonumber(ARGV[7])
if run_at <= now then
  redis.call('ZADD', KEYS[1], queued_score(pri, seq), id)
  status = 'queued'
  wake(q, 1)
else
  if first_deferred(q, run_at) then wake(q, 1) end
  redis.call('ZADD', qkey(q, 'deferred'), ARGV[7], id)
  status = 'deferred'
end
event('STATE', id, q, ARGV[4], status, now)
publish_events()
return status
