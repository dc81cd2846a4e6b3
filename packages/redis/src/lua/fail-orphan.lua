-- Fails a task whose execution lease ran out: the snapshot, its event and the end of its log,
-- in one step, so no reader can see one without the others.
-- KEYS[1] task hash. ARGV: root, ref, now, the fields write_task takes (task JSON '' = only
-- drop the lease), expected version, event JSON, log ttl ms.
-- Returns the new version; 0 when the lease was renewed or already handled; -1 on a version race.
local root, ref = ARGV[1], ARGV[2]
local leases = root .. ':leases'
local lease = redis.call('ZSCORE', leases, ref)
if not lease or tonumber(lease) > server_ms() then return 0 end
if ARGV[4] == '' then
  redis.call('ZREM', leases, ref)
  return 0
end
local v = tonumber(redis.call('HGET', KEYS[1], 'v'))
if v ~= tonumber(ARGV[11]) then return -1 end
write_task(root, ref, KEYS[1], v + 1, ARGV, 4)
local lkey, ckey = root .. ':log:' .. ref, root .. ':logcut:' .. ref
local last = redis.call('XREVRANGE', lkey, '+', '-', 'COUNT', 1)[1]
if not (last and last[1] == END_ID) then
  redis.call('XADD', lkey, (v + 1) .. '-0', 'e', ARGV[12])
end
end_log(lkey, ckey, tonumber(ARGV[13]))
redis.call('ZREM', leases, ref)
return v + 1
