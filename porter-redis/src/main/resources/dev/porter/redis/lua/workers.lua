-- Drops stale worker records and returns the fresh ones (JSON). KEYS: records hash, alive-until set.
-- ARGV: now.
local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
if #stale > 0 then
  redis.call('HDEL', KEYS[1], unpack(stale))
  redis.call('ZREM', KEYS[2], unpack(stale))
end
local ids = redis.call('ZRANGE', KEYS[2], 0, -1)
if #ids == 0 then return {} end
return redis.call('HMGET', KEYS[1], unpack(ids))
