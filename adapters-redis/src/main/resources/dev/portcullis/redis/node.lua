-- A node's presence heartbeat; returns how many nodes are live.
-- KEYS[1] the live nodes (member: node id, score: deadline in ms)
-- ARGV[1] now in ms, or -1 for Redis's clock; ARGV[2] ttl in ms; ARGV[3] node id; ARGV[4] 1 to join, 0 to leave
local function int(x) return string.format('%.0f', x) end -- never 1e+12 in an argument
local now = tonumber(ARGV[1])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', int(now))
if ARGV[4] == '1' then
  redis.call('ZADD', KEYS[1], int(now + ttl), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], int(ttl))
else
  redis.call('ZREM', KEYS[1], ARGV[3])
end
return redis.call('ZCARD', KEYS[1])
