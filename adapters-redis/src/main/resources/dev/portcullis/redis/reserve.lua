-- The reservations of one handshake, taken in order as if one after the other, in one atomic step (one
-- round trip): attempts on sliding windows (window.lua) and connection slots (slots.lua). Stops after
-- the first binding reservation that is refused; the ones after it are not taken.
-- KEYS: per reservation in order: an attempt's counter, then its refusal counter when it counts refusals;
--       a slot's lease set. (On a Cluster the adapter sends one such script per slot.)
-- ARGV[1] now in ms, or -1 for Redis's clock; ARGV[2] lease ttl in ms; then per reservation:
--   'a', binding (1/0), slot ms, limit, units, refusal slot ms (0: refusals not counted), refusal limit
--   's', binding (1/0), limit, lease id
-- Returns, flattened, per reservation taken: an attempt {allowed, remaining, retryAfter, resetAfter,
-- refusals counted so far (0 unless refused and counted)}; a slot {granted, held}.
local now = clock(ARGV[1])
local ttl = tonumber(ARGV[2])
local out = {}
local k = 1
local a = 3
while a <= #ARGV do
  local granted
  local binding = ARGV[a + 1] == '1'
  if ARGV[a] == 'a' then
    local refusalSlotMs = tonumber(ARGV[a + 5])
    local allowed, remaining, retry, reset = window(KEYS[k], now, tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]),
      tonumber(ARGV[a + 4]))
    k = k + 1
    local refusals = 0
    if refusalSlotMs > 0 then
      if allowed == 0 then
        local limit = tonumber(ARGV[a + 6])
        local counted, left = window(KEYS[k], now, refusalSlotMs, limit, 1)
        refusals = counted == 1 and (limit - left) or limit
      end
      k = k + 1
    end
    granted = allowed
    table.insert(out, allowed)
    table.insert(out, remaining)
    table.insert(out, retry)
    table.insert(out, reset)
    table.insert(out, refusals)
    a = a + 7
  else
    local ok, held = slot(KEYS[k], now, tonumber(ARGV[a + 2]), ARGV[a + 3], ttl)
    k = k + 1
    granted = ok
    table.insert(out, ok)
    table.insert(out, held)
    a = a + 4
  end
  if granted == 0 and binding then
    break
  end
end
return out
