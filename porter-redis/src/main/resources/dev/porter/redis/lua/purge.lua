-- Deletes finished jobs of one queue whose keep-until has passed (their hashes may already be gone
-- by native expiry; this also clears what points at them), a few commands per batch of ids.
-- ARGV: now, queue, limit per state. Returns how many were deleted.
local now = tonumber(ARGV[1])
local q = ARGV[2]
local limit = tonumber(ARGV[3])
local all = qkey(q, 'all')
local deleted = 0
for _, state in ipairs(FINISHED_SETS) do
  local set = qkey(q, state)
  local ids = redis.call('ZRANGEBYSCORE', set, '-inf', now, 'LIMIT', 0, limit)
  if #ids > 0 then
    local keys, owned = {}, {}
    local owners = redis.call('HMGET', IDS, unpack(ids))
    for i, id in ipairs(ids) do
      keys[#keys + 1] = job_key(q, id)
      keys[#keys + 1] = log_key(q, id)
      keys[#keys + 1] = errors_key(q, id)
      if owners[i] == q then owned[#owned + 1] = id end
    end
    redis.call('DEL', unpack(keys)) -- limit (1000) keeps this within Lua's stack
    call_sliced('ZREM', all, ids)
    call_sliced('ZREM', set, ids)
    if #owned > 0 then call_sliced('HDEL', IDS, owned) end
    deleted = deleted + #ids
  end
end
return deleted
