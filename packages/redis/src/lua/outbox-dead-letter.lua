-- Gives up on a job. ARGV: queue, id, claim token, job JSON, createdAt, attempts, last error
-- JSON, reason, time (epoch ms), most dead letters kept. A job heading its queue leaves it; a
-- job never queued (its queue was full) is recorded as it is. Returns 1, or 0 when the job is
-- queued behind others, claimed by another instance, or already dead.
local q, id = ARGV[1], ARGV[2]
if redis.call('LINDEX', qkey(q), 0) == id then
  if not settle(q, id, ARGV[3]) then return 0 end
  pop_head(q)
elseif redis.call('EXISTS', jkey(id)) == 1 then
  return 0
end
redis.call('HSET', jkey(id), 'q', q, 'b', ARGV[4], 'c', ARGV[5], 'a', ARGV[6], 'e', ARGV[7],
  'r', ARGV[8], 't', ARGV[9])
add_dead(id, tonumber(ARGV[10]))
return 1
