-- Library: takes one lease if fewer than the limit are live, reclaiming first those whose holder stopped
-- refreshing them (a node that died). A lease set is a sorted set: member lease id, score deadline in ms.
-- Returns granted (1/0), leases held now. Prepended after window.lua (it uses int).
local function slot(key, now, limit, id, ttl)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', int(now))
  local held = redis.call('ZCARD', key)
  if held >= limit then
    return 0, held
  end
  redis.call('ZADD', key, int(now + ttl), id)
  redis.call('PEXPIRE', key, int(ttl))
  return 1, held + 1
end
