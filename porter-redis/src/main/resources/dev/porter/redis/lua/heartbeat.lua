-- Writes a worker's health record. KEYS: records hash, alive-until set. ARGV: id, json, aliveUntil.
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
