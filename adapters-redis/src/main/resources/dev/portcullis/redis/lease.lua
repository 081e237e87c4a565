-- Takes one lease of one scope and key, atomic (slots.lua).
-- KEYS[1] the leases of one scope and key (member: lease id, score: deadline in ms)
-- ARGV[1] now in ms, or -1 for Redis's clock; ARGV[2] limit; ARGV[3] lease id; ARGV[4] ttl in ms
-- Returns {granted (1/0), leases held now}.
local granted, held = slot(KEYS[1], clock(ARGV[1]), tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]))
return {granted, held}
