-- Raises a push config's cursor, never lowering it, and only while the config exists (a config
-- deleted meanwhile leaves no cursor behind); once every config of the task has queued its
-- last event, the task leaves the push-pending set. KEYS[1] the task's config hash, KEYS[2] its
-- cursor hash, KEYS[3] the push-pending set. ARGV: root, task ref, config id, seq.
-- Returns 1 when the config exists, 0 when it does not.
local root, ref, id, seq = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
if redis.call('HEXISTS', KEYS[1], id) == 0 then return 0 end
local cur = redis.call('HGET', KEYS[2], id)
if not cur or tonumber(cur) < seq then redis.call('HSET', KEYS[2], id, seq) end
if push_caught_up(root, ref) then redis.call('ZREM', KEYS[3], ref) end
return 1
