-- SET NX PX with the caller's clock (the NODE time source): an id is new when it was never seen or its
-- remembered window has ended by 'now'. With Redis's clock the adapter sends SET NX PX itself.
-- KEYS[1] the id; ARGV[1] now in ms; ARGV[2] window in ms. Returns 1 when the id is new.
local function int(x) return string.format('%.0f', x) end -- never 1e+12 in an argument
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local seenUntil = redis.call('GET', KEYS[1])
if seenUntil and tonumber(seenUntil) > now then
  return 0
end
redis.call('SET', KEYS[1], int(now + window), 'PX', int(window))
return 1
