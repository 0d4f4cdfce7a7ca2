-- Reserves the next permit of a shared rate limiter (GCRA): the limiter is one "theoretical arrival
-- time" (tat) per limiter name and key. Each call takes a permit now or in the future and returns
-- how long the caller must wait before using it. The key expires once the limiter is idle again.
-- KEYS: porter:limit:{name}:<key>. ARGV: now, interval (ms, may be fractional), tolerance
-- ((burst - 1) * interval, ms). Returns the wait in whole ms (rounded up).
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.3f', tat), 'PX', math.max(1, math.ceil(tat - now)))
return math.ceil(wait)
