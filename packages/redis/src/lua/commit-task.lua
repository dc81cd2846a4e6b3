-- Compare-and-set on a task plus the event it produced, in one step: the snapshot at the new
-- version, the log entry at that seq, and the end of the log when the task is now terminal. Two
-- instances writing one task can then never reach the log out of version order.
-- KEYS[1] task hash, KEYS[2] log stream, KEYS[3] trim marker, KEYS[4] push config hash, KEYS[5]
-- push-pending set. ARGV: root, ref, now, the fields write_task takes, expected version, event
-- JSON ('' = no event), most log entries to keep (0 = no bound), ended log ttl ms.
-- Returns the new version, or -1 when the task is gone or another write got there first. Errors
-- ENDED or ORDER <last> (as append-event) when the log cannot take the event; nothing is
-- written then.
local root, ref, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local expected, event = tonumber(ARGV[11]), ARGV[12]
local f = redis.call('HMGET', KEYS[1], 'v', 'e', 'w', 'm', 's', 'c', 'sp')
if not f[1] or expired(f[2], now) then return -1 end
local v = tonumber(f[1])
if v ~= expected then
  -- A retried command whose first attempt did land (the reply was lost with the connection):
  -- its event landed with it.
  if v == expected + 1 and f[3] == ARGV[10] then return v end
  return -1
end
local seq = v + 1
if event ~= '' then
  -- XADD takes only an id after the log's last one, which is the order check itself: the last
  -- entry is read only to say why it refused. Added before the snapshot is written, so a refusal
  -- leaves nothing written.
  local added = redis.pcall('XADD', KEYS[2], seq .. '-0', 'e', event, 'w', ARGV[10])
  if type(added) == 'table' and added.err then
    local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)[1]
    if last and last[1] == END_ID then return redis.error_reply('ENDED the log has ended') end
    if not last then return redis.error_reply(added.err) end
    return redis.error_reply('ORDER ' .. string.match(last[1], '^(%d+)'))
  end
end
write_task(root, ref, KEYS[1], seq, ARGV, 4, { f[4], f[5], f[6], f[7], f[2] })
if event ~= '' then after_entry(KEYS[2], KEYS[3], KEYS[4], KEYS[5], ref, tonumber(ARGV[13])) end
-- write_task's retention end is set exactly when the task is terminal.
if ARGV[9] ~= '' then end_log(KEYS[2], KEYS[3], tonumber(ARGV[14]), event ~= '') end
return seq
