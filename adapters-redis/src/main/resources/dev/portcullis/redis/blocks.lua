-- The whole live block list and its version, read atomically (a node's resynchronisation).
-- KEYS[1] index, KEYS[2] bodies, KEYS[3] version, KEYS[4] epoch; ARGV[1] now in ms
-- Returns {epoch or '', version, address1, body1, address2, body2, ...}.
local out = {redis.call('GET', KEYS[4]) or '', tonumber(redis.call('GET', KEYS[3]) or '0')}
local addresses = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf')
for i = 1, #addresses, 500 do
  local chunk = {unpack(addresses, i, math.min(i + 499, #addresses))}
  local bodies = redis.call('HMGET', KEYS[2], unpack(chunk))
  for j = 1, #chunk do
    if bodies[j] then
      out[#out + 1] = chunk[j]
      out[#out + 1] = bodies[j]
    end
  end
end
return out
