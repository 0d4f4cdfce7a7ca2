-- Records a running job's progress (fenced by its lease) and publishes it.
-- ARGV: now, queue, id, token, fraction, message. Returns 1 when recorded.
local now = tonumber(ARGV[1])
local q, id, token = ARGV[2], ARGV[3], ARGV[4]
local key = job_key(q, id)
local j = redis.call('HMGET', key, 'state', 'token', 'fn')
if j[1] ~= 'running' or j[2] ~= token then return 0 end
redis.call('HSET', key, 'prog', ARGV[5], 'progMsg', ARGV[6])
event('PROGRESS', id, q, j[3], 'in_progress', now, tonumber(ARGV[5]), ARGV[6])
done()
return 1
