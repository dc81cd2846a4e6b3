-- Tasks whose push configs have had an event waiting to be queued for longer than `stale` ms
-- (Redis time): the reader that should queue it is gone. Each one returned is re-armed, so it
-- is reported again one `stale` later if still behind; tasks found caught up leave the set.
-- KEYS[1] the push-pending set. ARGV: root, stale ms, batch. Returns the task refs.
local root, now = ARGV[1], server_ms()
local refs = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]), 'LIMIT', 0,
  tonumber(ARGV[3]))
local out = {}
for _, ref in ipairs(refs) do
  if push_caught_up(root, ref) then
    redis.call('ZREM', KEYS[1], ref)
  else
    redis.call('ZADD', KEYS[1], 'XX', now, ref)
    out[#out + 1] = ref
  end
end
return out
