-- A node's heartbeat for its leases of one key: pushes their deadlines on, and adds back any that were
-- reclaimed while the node could not reach Redis (it still holds those connections).
-- KEYS[1] the leases; ARGV[1] now in ms, or -1 for Redis's clock; ARGV[2] ttl in ms; ARGV[3..] lease ids
local function int(x) return string.format('%.0f', x) end -- never 1e+12 in an argument
local now = tonumber(ARGV[1])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local ttl = tonumber(ARGV[2])
local deadline = now + ttl
for i = 3, #ARGV do
  redis.call('ZADD', KEYS[1], int(deadline), ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], int(ttl))
return #ARGV - 2
