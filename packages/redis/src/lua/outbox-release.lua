-- Gives claims back unsent (the instance is stopping): each head goes to the front of the line.
-- ARGV: pairs of queue and claim token. Returns how many were still held.
local n = 0
for i = 1, #ARGV, 2 do
  local q = ARGV[i]
  if redis.call('HGET', CLAIMS, q) == ARGV[i + 1] then
    redis.call('HDEL', CLAIMS, q)
    redis.call('ZREM', CLAIMED, q)
    redis.call('LPUSH', READY, q)
    n = n + 1
  end
end
if n > 0 then redis.call('PUBLISH', WAKE, '1') end
return n
