-- Removes a task with its indexes, log and push configs.
-- KEYS[1] task hash. ARGV: root, ref, now. Returns 1 when a live task was removed.
local e = redis.call('HGET', KEYS[1], 'e')
local live = redis.call('EXISTS', KEYS[1]) == 1 and not expired(e, tonumber(ARGV[3]))
remove_task(ARGV[1], ARGV[2])
if live then return 1 end
return 0
