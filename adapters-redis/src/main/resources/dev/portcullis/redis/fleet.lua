-- The open connections per node of the fleet: records one node's count (from its lease heartbeat) and
-- answers the counts of the live nodes, dropping those of nodes no longer live.
-- KEYS[1] the live nodes (member: node id, score: deadline in ms); KEYS[2] the counts (hash: node id -> count)
-- ARGV[1] now in ms, or -1 for Redis's clock; ARGV[2] node id; ARGV[3] its count, or -1 only to read;
-- ARGV[4] ttl in ms
-- Returns {node, count, node, count, ...}.
local function int(x) return string.format('%.0f', x) end -- never 1e+12 in an argument
local now = tonumber(ARGV[1])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
if tonumber(ARGV[3]) >= 0 then
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[2], int(tonumber(ARGV[4])))
end
local out = {}
local flat = redis.call('HGETALL', KEYS[2])
for i = 1, #flat, 2 do
  local deadline = redis.call('ZSCORE', KEYS[1], flat[i])
  if flat[i] == ARGV[2] or (deadline and tonumber(deadline) > now) then
    table.insert(out, flat[i])
    table.insert(out, tonumber(flat[i + 1]))
  else
    redis.call('HDEL', KEYS[2], flat[i])
  end
end
return out
