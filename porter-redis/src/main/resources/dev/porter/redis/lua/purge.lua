-- Deletes finished jobs of one queue whose keep-until has passed (their hashes may already be gone
-- by native expiry; this also clears what points at them). ARGV: now, queue, limit per state.
-- Returns how many were deleted.
local now = tonumber(ARGV[1])
local q = ARGV[2]
local limit = tonumber(ARGV[3])
local deleted = 0
for _, state in ipairs(FINISHED_SETS) do
  local set = qkey(q, state)
  local ids = redis.call('ZRANGEBYSCORE', set, '-inf', now, 'LIMIT', 0, limit)
  for _, id in ipairs(ids) do
    redis.call('DEL', job_key(q, id), log_key(q, id))
    redis.call('ZREM', qkey(q, 'all'), id)
    if redis.call('HGET', IDS, id) == q then redis.call('HDEL', IDS, id) end
    deleted = deleted + 1
  end
  if #ids > 0 then redis.call('ZREM', set, unpack(ids)) end
end
return deleted
