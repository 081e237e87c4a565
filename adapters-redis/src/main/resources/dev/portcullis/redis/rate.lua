-- One sliding-window decision, atomic (window.lua).
-- KEYS[1] the counter of one rule and key
-- ARGV[1] now in ms, or -1 to read Redis's clock; ARGV[2] slot length in ms; ARGV[3] limit; ARGV[4] units
-- Returns {allowed (1/0), remaining, retryAfter ms, resetAfter ms}.
local allowed, remaining, retry, reset = window(KEYS[1], clock(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]),
  tonumber(ARGV[4]))
return {allowed, remaining, retry, reset}
