-- Stores a new task at version 1 unless the scope holds a live one with that id.
-- KEYS[1] task hash. ARGV: root, ref, now, then the fields write_task takes.
-- Returns 1 when stored (or when this very write was already applied), 0 when the id is taken.
local root, ref, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local f = redis.call('HMGET', KEYS[1], 'v', 'e', 'w')
if f[1] then
  if f[1] == '1' and f[3] == ARGV[10] then return 1 end
  if not expired(f[2], now) then return 0 end
  remove_task(root, ref)
end
-- Nothing is indexed for this ref now (a stale task was just removed with its entries).
write_task(root, ref, KEYS[1], 1, ARGV, 4, {})
return 1
