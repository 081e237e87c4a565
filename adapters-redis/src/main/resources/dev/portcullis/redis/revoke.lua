-- One revocation added to the fleet's list, atomic with its version and its announcement.
-- KEYS[1] index (entry id -> until ms), KEYS[2] bodies (entry id -> body), KEYS[3] version
-- ARGV[1] now in ms; ARGV[2] entry id (unique per revoke call); ARGV[3] until ms; ARGV[4] body;
-- ARGV[5] channel; ARGV[6] origin node id
-- Entries are never merged here: every node merges all entries of one token or subject into the
-- widest (later cut, later end), which is the same whatever order they arrive in.
-- Returns the new version. Announces 'version\norigin\nbody'.
local ended = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for i = 1, #ended, 500 do
  redis.call('HDEL', KEYS[2], unpack(ended, i, math.min(i + 499, #ended)))
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])

redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[4])

-- Both structures expire with the last revocation they hold: the list cleans itself up.
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
redis.call('PEXPIREAT', KEYS[2], last[2])

local version = redis.call('INCR', KEYS[3])
redis.call('PUBLISH', ARGV[5], version .. '\n' .. ARGV[6] .. '\n' .. ARGV[4])
return version
