-- Raises a push config's cursor, never lowering it, and only while the config exists (a config
-- deleted meanwhile leaves no cursor behind). KEYS[1] the task's config hash, KEYS[2] its cursor
-- hash. ARGV: config id, seq. Returns 1 when the config exists, 0 when it does not.
local id, seq = ARGV[1], tonumber(ARGV[2])
if redis.call('HEXISTS', KEYS[1], id) == 0 then return 0 end
local cur = redis.call('HGET', KEYS[2], id)
if not cur or tonumber(cur) < seq then redis.call('HSET', KEYS[2], id, seq) end
return 1
