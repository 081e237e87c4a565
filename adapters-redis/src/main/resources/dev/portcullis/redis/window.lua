-- Library: one sliding-window decision, the same algorithm as the core's SlotWindow (60 slots + 1 per
-- window; an event counts for at least the window and at most one slot more), kept as a hash of
-- ring-index -> units plus 'n', the newest slot seen. Prepended to the scripts that decide.
local function int(x) return string.format('%.0f', x) end -- never 1e+12 in an argument

-- now in ms from ARGV's value, or Redis's clock when it is negative
local function clock(arg)
  local now = tonumber(arg)
  if now < 0 then
    local t = redis.call('TIME')
    now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return now
end

-- Spends units of key's window if the limit allows. Returns allowed (1/0), remaining, retryAfter ms, resetAfter ms.
local function window(key, now, slotMs, limit, units)
  local SLOTS = 60
  local RING = SLOTS + 1
  local counts = {}
  local newest = nil
  local total = 0
  local flat = redis.call('HGETALL', key)
  for i = 1, #flat, 2 do
    local v = tonumber(flat[i + 1])
    if flat[i] == 'n' then
      newest = v
    else
      counts[tonumber(flat[i])] = v
      total = total + v
    end
  end

  local current = math.floor(now / slotMs)
  if newest == nil or current - newest > SLOTS then
    if newest ~= nil then
      redis.call('DEL', key)
    end
    counts = {}
    total = 0
    newest = current
  elseif current > newest then
    for slot = newest + 1, current do
      local idx = slot % RING
      local c = counts[idx]
      if c then
        total = total - c
        counts[idx] = nil
        redis.call('HDEL', key, int(idx))
      end
    end
    newest = current
  end
  if current < newest then
    current = newest -- a clock stepped back never wipes the count
  end

  local allowed = units <= limit and total + units <= limit
  if allowed then
    local idx = current % RING
    counts[idx] = (counts[idx] or 0) + units
    total = total + units
    redis.call('HINCRBY', key, int(idx), int(units))
  end

  local function leavesAt(slot)
    return (slot + RING) * slotMs
  end

  local reset = 0
  for slot = current, current - SLOTS, -1 do
    if (counts[slot % RING] or 0) > 0 then
      reset = math.max(0, leavesAt(slot) - now)
      break
    end
  end

  local retry = 0
  if not allowed then
    if units > limit then
      retry = math.max(1, reset)
    else
      local toFree = total + units - limit
      local freed = 0
      retry = math.max(1, leavesAt(current) - now)
      for slot = current - SLOTS, current do
        freed = freed + (counts[slot % RING] or 0)
        if freed >= toFree then
          retry = math.max(1, leavesAt(slot) - now)
          break
        end
      end
    end
  end

  if total > 0 then
    redis.call('HSET', key, 'n', int(newest))
    if allowed then
      redis.call('PEXPIRE', key, int(slotMs * RING))
    end
  else
    redis.call('DEL', key) -- an empty window decides exactly like no key at all
  end
  return allowed and 1 or 0, math.max(0, limit - total), retry, reset
end
