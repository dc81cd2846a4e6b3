-- Compare-and-set: replaces the task when its version is still the expected one.
-- KEYS[1] task hash. ARGV: root, ref, now, the fields write_task takes, expected version.
-- Returns the new version, or -1 when the task is gone or another write got there first.
local root, ref, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local expected = tonumber(ARGV[11])
local f = redis.call('HMGET', KEYS[1], 'v', 'e', 'w', 'm', 's', 'c', 'sp')
if not f[1] or expired(f[2], now) then return -1 end
local v = tonumber(f[1])
if v ~= expected then
  -- A retried command whose first attempt did land (the reply was lost with the connection).
  if v == expected + 1 and f[3] == ARGV[10] then return v end
  return -1
end
write_task(root, ref, KEYS[1], v + 1, ARGV, 4, { f[4], f[5], f[6], f[7], f[2] })
return v + 1
