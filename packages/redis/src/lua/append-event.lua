-- Appends one event at `<seq>-0`. KEYS[1] log stream, KEYS[2] trim marker, KEYS[3] the task's
-- push config hash, KEYS[4] the push-pending set. ARGV: seq, event JSON, most entries to keep
-- (0 = no bound), write token, task ref.
-- Errors ENDED when the log is closed and ORDER <last> when seq is not after the last one; an
-- entry at that seq written with the same token (a retried command) counts as appended.
local seq = tonumber(ARGV[1])
local id = ARGV[1] .. '-0'
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if last then
  if last[1] == END_ID then return redis.error_reply('ENDED the log has ended') end
  local last_seq = tonumber(string.match(last[1], '^(%d+)'))
  if seq <= last_seq then
    local same = redis.call('XRANGE', KEYS[1], id, id)[1]
    if same and same[2][4] == ARGV[4] then return 0 end
    return redis.error_reply('ORDER ' .. last_seq)
  end
end
add_entry(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[5], id, ARGV[2], ARGV[4], tonumber(ARGV[3]))
return 1
