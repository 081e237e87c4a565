-- The fleet's live revocations, for a node that (re)loads its mirror.
-- KEYS[1] index, KEYS[2] bodies, KEYS[3] version; ARGV[1] now in ms
-- Returns {version, body, body, ...}; drops entries that have ended.
local ended = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for i = 1, #ended, 500 do
  redis.call('HDEL', KEYS[2], unpack(ended, i, math.min(i + 499, #ended)))
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local out = {tonumber(redis.call('GET', KEYS[3]) or '0')}
local live = redis.call('HVALS', KEYS[2])
for i = 1, #live do
  out[#out + 1] = live[i]
end
return out
