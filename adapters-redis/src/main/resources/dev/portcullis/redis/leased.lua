-- Counts the live leases of one scope and key.
-- KEYS[1] the leases; ARGV[1] now in ms, or -1 for Redis's clock
local function int(x) return string.format('%.0f', x) end -- never 1e+12 in an argument
local now = tonumber(ARGV[1])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
return redis.call('ZCOUNT', KEYS[1], '(' .. int(now), '+inf')
