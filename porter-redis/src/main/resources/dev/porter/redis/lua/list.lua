-- Finds the next jobs of one queue in enqueue order after a sequence number, filtered by status
-- and function, scanning at most scanLimit jobs per call so a sparse filter cannot block Redis.
-- ARGV: now, queue, afterSeq, wanted, status ('' = any), function ('' = any), scanLimit.
-- Returns { last sequence scanned, or '' when the queue is exhausted; then id, seq per match }.
local now = tonumber(ARGV[1])
local q = ARGV[2]
local wanted, want, want_fn, scan = tonumber(ARGV[4]), ARGV[5], ARGV[6], tonumber(ARGV[7])
local page = redis.call('ZRANGEBYSCORE', qkey(q, 'all'), '(' .. ARGV[3], '+inf', 'WITHSCORES', 'LIMIT', 0, scan)
local out = { '' }
local found = 0
local last
for i = 1, #page, 2 do
  local id = page[i]
  local j = redis.call('HMGET', job_key(q, id), 'state', 'runAt', 'keepUntil', 'fn')
  local status = status_of(j[1], j[2], j[3], now)
  last = page[i + 1]
  if status and (want == '' or want == status) and (want_fn == '' or want_fn == j[4]) then
    out[#out + 1] = id
    out[#out + 1] = last
    found = found + 1
    if found == wanted then break end
  end
end
-- stopping early, or a full scan window, may leave more behind
if last and (found == wanted or #page == 2 * scan) then out[1] = last end
return out
