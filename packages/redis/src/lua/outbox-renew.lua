-- Extends the claims this instance still holds. ARGV: visibility timeout (ms), then pairs of
-- queue and claim token. Returns how many were still held.
local until_ms = server_ms() + tonumber(ARGV[1])
local n = 0
for i = 2, #ARGV, 2 do
  if redis.call('HGET', CLAIMS, ARGV[i]) == ARGV[i + 1] then
    redis.call('ZADD', CLAIMED, until_ms, ARGV[i])
    n = n + 1
  end
end
return n
