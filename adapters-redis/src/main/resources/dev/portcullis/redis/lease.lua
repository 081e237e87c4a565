-- Takes one lease if fewer than the limit are live, reclaiming first those whose holder stopped
-- refreshing them (a node that died).
-- KEYS[1] the leases of one scope and key (member: lease id, score: deadline in ms)
-- ARGV[1] now in ms, or -1 for Redis's clock; ARGV[2] limit; ARGV[3] lease id; ARGV[4] ttl in ms
-- Returns {granted (1/0), leases held now}.
local function int(x) return string.format('%.0f', x) end -- never 1e+12 in an argument
local now = tonumber(ARGV[1])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local limit = tonumber(ARGV[2])
local ttl = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', int(now))
local held = redis.call('ZCARD', KEYS[1])
if held >= limit then
  return {0, held}
end
redis.call('ZADD', KEYS[1], int(now + ttl), ARGV[3])
redis.call('PEXPIRE', KEYS[1], int(ttl))
return {1, held + 1}
