-- Appends a line to a running job's log (fenced by its lease), keeping the last maxLines.
-- ARGV: queue, id, token, line, maxLines. Returns 1 when appended.
local q, id, token = ARGV[1], ARGV[2], ARGV[3]
local j = redis.call('HMGET', job_key(q, id), 'state', 'token')
if j[1] ~= 'running' or j[2] ~= token then return 0 end
local key = log_key(q, id)
redis.call('RPUSH', key, ARGV[4])
redis.call('LTRIM', key, -tonumber(ARGV[5]), -1)
return 1
