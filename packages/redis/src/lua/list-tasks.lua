-- One ListTasks page from one index sorted set (members are time..id, all scored 0).
-- KEYS[1] the index. ARGV: root, scope part, max bound, min bound, page size, now, sweep batch.
-- Returns { total, more (0/1), task JSON... }. Tasks past retention met on the way are removed
-- and skipped, and the range goes on, so a page is never short while matches remain.
local root, sp = ARGV[1], ARGV[2]
local max, min = ARGV[3], ARGV[4]
local size, now = tonumber(ARGV[5]), tonumber(ARGV[6])
sweep_ended(root, now, tonumber(ARGV[7]))
local total = redis.call('ZLEXCOUNT', KEYS[1], min, '+')
local out = {}
local more = 0
while more == 0 do
  local want = size + 1 - #out
  local members = redis.call('ZREVRANGEBYLEX', KEYS[1], max, min, 'LIMIT', 0, want)
  for _, m in ipairs(members) do
    local ref = sp .. ':' .. string.sub(m, TIME_WIDTH + 1)
    local f = redis.call('HMGET', root .. ':task:' .. ref, 't', 'e')
    if not f[1] then
      redis.call('ZREM', KEYS[1], m)
      total = total - 1
    elseif expired(f[2], now) then
      remove_task(root, ref)
      total = total - 1
    elseif #out < size then
      out[#out + 1] = f[1]
    else
      more = 1
    end
    max = '(' .. m
  end
  if #members < want then break end
end
table.insert(out, 1, more)
table.insert(out, 1, total)
return out
