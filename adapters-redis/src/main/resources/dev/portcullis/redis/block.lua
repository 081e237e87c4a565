-- One change of the fleet's block list, atomic with its version and its announcement.
-- KEYS[1] index (address -> until ms), KEYS[2] bodies (address -> body), KEYS[3] version
-- ARGV[1] 'B' (block) or 'L' (lift); ARGV[2] now in ms; ARGV[3] address key; ARGV[4] until ms;
-- ARGV[5] body; ARGV[6] channel; ARGV[7] origin node id; ARGV[8] an epoch to start if there is none
-- KEYS[4] epoch: set once; a node that finds another epoch knows Redis lost the list (a restart) and
-- re-asserts the blocks it knows.
-- Returns {changed (1/0), version, epoch}. Announces 'version\norigin\nop\naddress\nbody' when it changed.
redis.call('SET', KEYS[4], ARGV[8], 'NX')
local epoch = redis.call('GET', KEYS[4])
local op = ARGV[1]
local address = ARGV[3]

local ended = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
for i = 1, #ended, 500 do
  redis.call('HDEL', KEYS[2], unpack(ended, i, math.min(i + 499, #ended)))
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])

local changed
if op == 'B' then
  redis.call('ZADD', KEYS[1], ARGV[4], address)
  redis.call('HSET', KEYS[2], address, ARGV[5])
  changed = 1
else
  changed = redis.call('ZREM', KEYS[1], address)
  redis.call('HDEL', KEYS[2], address)
end

-- Both structures expire with the last block they hold: the list cleans itself up.
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if #last == 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
else
  redis.call('PEXPIREAT', KEYS[1], last[2])
  redis.call('PEXPIREAT', KEYS[2], last[2])
end

if changed == 0 then
  return {0, tonumber(redis.call('GET', KEYS[3]) or '0'), epoch}
end
local version = redis.call('INCR', KEYS[3])
redis.call('PUBLISH', ARGV[6], version .. '\n' .. ARGV[7] .. '\n' .. op .. '\n' .. address .. '\n' .. ARGV[5])
return {1, version, epoch}
