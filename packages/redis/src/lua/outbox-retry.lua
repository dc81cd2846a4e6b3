-- A claimed job failed: it stays at the head until notBefore. ARGV: queue, id, claim token,
-- attempts, last error JSON, notBefore (epoch ms), now (epoch ms). Returns 1, or 0 as complete.
local q, id = ARGV[1], ARGV[2]
if not settle(q, id, ARGV[3]) then return 0 end
redis.call('HSET', jkey(id), 'a', ARGV[4], 'e', ARGV[5])
local not_before = tonumber(ARGV[6])
if not_before <= tonumber(ARGV[7]) then
  make_ready(q)
else
  redis.call('ZADD', DUE, not_before, q)
end
return 1
