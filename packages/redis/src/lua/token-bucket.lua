-- Takes tokens from one token bucket, refilling it first for the time since it was last used.
-- KEYS[1]: the bucket hash (fields t = tokens, at = last update in epoch ms).
-- ARGV: capacity, refill per second, cost, now in epoch ms ('' = the Redis server's clock,
-- so instances with skewed clocks still share one notion of time).
-- Returns { allowed (1|0), whole tokens left, ms until `cost` tokens are there again }.

local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local state = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if not tokens or not at then
  tokens = capacity
  at = now
end
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)

local allowed = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 't', string.format('%.17g', tokens), 'at', now)
-- Once it would be full again the bucket is the same as no bucket: let Redis drop it.
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) * 1000 / rate) + 1000)

local retry = 0
if allowed == 0 then retry = math.ceil((cost - tokens) * 1000 / rate) end
return { allowed, math.floor(tokens), retry }
