-- A claimed job was delivered: it leaves its queue. ARGV: queue, id, claim token.
-- Returns 1, or 0 when the job no longer heads its queue or another instance claimed it.
local q, id = ARGV[1], ARGV[2]
if not settle(q, id, ARGV[3]) then return 0 end
redis.call('DEL', jkey(id))
pop_head(q)
return 1
