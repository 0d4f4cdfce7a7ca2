-- Extends a worker's leases on jobs of one queue. A lease still counts while its token is the job's
-- current one and the job is leased to this worker, even if it expired and the reaper has not run.
-- KEYS: active set. ARGV: now, queue, leaseMs, workerId, then id, token pairs.
-- Returns { lost ids, ids with an abort requested }.
local now = tonumber(ARGV[1])
local q = ARGV[2]
local lease_until = now + tonumber(ARGV[3])
local lost, aborts = {}, {}
local worker = ARGV[4]
for i = 5, #ARGV, 2 do
  local id, token = ARGV[i], ARGV[i + 1]
  local j = redis.call('HMGET', job_key(q, id), 'state', 'token', 'abort', 'worker')
  if j[1] == 'running' and j[2] == token and j[4] == worker then
    redis.call('ZADD', KEYS[1], lease_until, id)
    if j[3] then aborts[#aborts + 1] = id end
  else
    lost[#lost + 1] = id
  end
end
return { lost, aborts }
