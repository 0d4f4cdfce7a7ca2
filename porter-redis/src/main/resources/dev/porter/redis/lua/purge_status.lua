-- Deletes up to limit jobs of one queue's finished set (complete, failed or aborted), with their
-- logs, error lists and index entries. Jobs already past keep-until go too but are not counted.
-- KEYS: that finished set. ARGV: now, queue, limit. Returns { visible jobs deleted, ids taken }.
local now = tonumber(ARGV[1])
local q, limit = ARGV[2], tonumber(ARGV[3])
local r = redis.call('ZRANGE', KEYS[1], 0, limit - 1, 'WITHSCORES')
if #r == 0 then return { 0, 0 } end
local ids, keys, visible = {}, {}, 0
for i = 1, #r, 2 do
  local id = r[i]
  ids[#ids + 1] = id
  keys[#keys + 1] = job_key(q, id)
  keys[#keys + 1] = log_key(q, id)
  keys[#keys + 1] = errors_key(q, id)
  if r[i + 1] == 'inf' or tonumber(r[i + 1]) > now then visible = visible + 1 end
end
local owners = redis.call('HMGET', IDS, unpack(ids))
local owned = {}
for i, id in ipairs(ids) do
  if owners[i] == q then owned[#owned + 1] = id end
end
call_sliced('DEL', keys[1], { unpack(keys, 2) })
call_sliced('ZREM', qkey(q, 'all'), ids)
call_sliced('ZREM', KEYS[1], ids)
if #owned > 0 then call_sliced('HDEL', IDS, owned) end
return { visible, #ids }
