-- Deletes a job that is not running, with its log and index entry. ARGV: now, queue, id.
-- Returns 1 when a (still visible) job was deleted.
local now = tonumber(ARGV[1])
local q, id = ARGV[2], ARGV[3]
local j = redis.call('HMGET', job_key(q, id), 'state', 'runAt', 'keepUntil')
if j[1] == 'running' then return 0 end
local visible = status_of(j[1], j[2], j[3], now) ~= nil
remove_job(q, id)
if visible then return 1 end
return 0
