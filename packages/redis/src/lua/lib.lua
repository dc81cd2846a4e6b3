-- Helpers shared by the scripts: prepended to each script body before it is sent.
-- Every key is derived from the hash tag `root`, so a script only ever touches one slot.

local TIME_WIDTH = 15
-- The closing entry of a log sorts after any seq, so a reader at any position meets it.
local END_ID = '18446744073709551615-0'

local function index_keys(base, state, ctx)
  local keys = { base .. ':all', base .. ':s:' .. state }
  if ctx and ctx ~= '' then
    keys[3] = base .. ':c:' .. ctx
    keys[4] = base .. ':cs:' .. state .. ':' .. ctx
  end
  return keys
end

-- Removes a task's index entries, as recorded in its hash.
local function unindex(root, tkey)
  local f = redis.call('HMGET', tkey, 'm', 's', 'c', 'sp')
  if not f[1] then return end
  for _, k in ipairs(index_keys(root .. ':idx:' .. f[4], f[2], f[3])) do
    redis.call('ZREM', k, f[1])
  end
end

-- Drops a task and everything hanging off it; 1 when the snapshot existed.
local function remove_task(root, ref)
  local tkey = root .. ':task:' .. ref
  unindex(root, tkey)
  local existed = redis.call('DEL', tkey)
  redis.call('DEL', root .. ':log:' .. ref, root .. ':logcut:' .. ref, root .. ':push:' .. ref,
    root .. ':pushcur:' .. ref)
  redis.call('ZREM', root .. ':pushpending', ref)
  redis.call('ZREM', root .. ':ended', ref)
  redis.call('ZREM', root .. ':leases', ref)
  return existed
end

-- Drops up to `batch` tasks whose retention ran out by `now`; returns how many went.
local function sweep_ended(root, now, batch)
  local refs = redis.call('ZRANGEBYSCORE', root .. ':ended', '-inf', now, 'LIMIT', 0, batch)
  for _, ref in ipairs(refs) do remove_task(root, ref) end
  return #refs
end

-- True when the hash fields say the task is past its retention.
local function expired(expire_at, now)
  return expire_at ~= false and expire_at ~= nil and tonumber(expire_at) <= now
end

-- Writes a snapshot at `version` and moves its index entries. `a` holds, from `o` on: task JSON,
-- index member, state, contextId, scope part, retention end ('' while not terminal), write token.
-- `old` is what the hash held (HMGET 'm', 's', 'c', 'sp', 'e'), when the caller read it already.
-- Only the index entries whose set or member changed move: an artifact update moves none, a
-- status change four of the eight.
local function write_task(root, ref, tkey, version, a, o, old)
  local json, member, state, ctx, sp, keep_until, token =
    a[o], a[o + 1], a[o + 2], a[o + 3], a[o + 4], a[o + 5], a[o + 6]
  old = old or redis.call('HMGET', tkey, 'm', 's', 'c', 'sp', 'e')
  local before = {}
  if old[1] then before = index_keys(root .. ':idx:' .. old[4], old[2], old[3]) end
  local after = index_keys(root .. ':idx:' .. sp, state, ctx)
  local same_member = old[1] == member
  for i = 1, 4 do
    local was, now = before[i], after[i]
    if not (same_member and was == now) then
      if was then redis.call('ZREM', was, old[1]) end
      if now then redis.call('ZADD', now, 0, member) end
    end
  end
  redis.call('HSET', tkey, 'v', version, 't', json, 'm', member, 's', state, 'c', ctx, 'sp', sp,
    'w', token)
  if keep_until == '' then
    if old[5] then
      redis.call('HDEL', tkey, 'e')
      redis.call('ZREM', root .. ':ended', ref)
    end
  elseif not old[5] then
    -- Retention counts from the first time the task ended; later writes do not extend it.
    redis.call('HSET', tkey, 'e', keep_until)
    redis.call('ZADD', root .. ':ended', keep_until, ref)
  end
end

-- Writes the closing entry of a log (once) and lets the log expire `ttl` ms later. `open` says
-- the caller just appended an ordinary entry, so the log is known not to be closed yet.
local function end_log(lkey, ckey, ttl, open)
  local last = not open and redis.call('XREVRANGE', lkey, '+', '-', 'COUNT', 1)[1]
  if not (last and last[1] == END_ID) then
    redis.call('XADD', lkey, END_ID, 'end', '1')
  end
  if ttl > 0 then
    redis.call('PEXPIRE', lkey, ttl)
    redis.call('PEXPIRE', ckey, ttl)
  end
end

-- Server time in ms: leases use Redis' clock, so instances need not agree on theirs.
local function server_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- True when every push config of a task has queued the last event of its log (a config with
-- no cursor cannot be resumed, so it does not hold the task back).
local function push_caught_up(root, ref)
  local ids = redis.call('HKEYS', root .. ':push:' .. ref)
  if #ids == 0 then return true end
  local last = 0
  for _, e in ipairs(redis.call('XREVRANGE', root .. ':log:' .. ref, '+', '-', 'COUNT', 2)) do
    if e[1] ~= END_ID then
      last = tonumber(string.match(e[1], '^(%d+)'))
      break
    end
  end
  local cursors = redis.call('HMGET', root .. ':pushcur:' .. ref, unpack(ids))
  for i = 1, #ids do
    if cursors[i] and tonumber(cursors[i]) < last then return false end
  end
  return true
end

-- What follows an event's XADD: the task's push configs learn there is an event to queue, and
-- the log is kept bounded. `pkey` is the task's push config hash, `pending` the push-pending set,
-- `max` the most entries to keep (0 = no bound).
local function after_entry(lkey, ckey, pkey, pending, ref, max)
  -- A task with push configs now has an event to queue for them; the cursors clear it (NX keeps
  -- the time of the oldest event still waiting).
  if redis.call('EXISTS', pkey) == 1 then redis.call('ZADD', pending, 'NX', server_ms(), ref) end
  if max > 0 then
    local over = redis.call('XLEN', lkey) - max
    if over > 0 then
      local gone = redis.call('XRANGE', lkey, '-', '+', 'COUNT', over)
      redis.call('SET', ckey, string.match(gone[#gone][1], '^(%d+)'))
      redis.call('XTRIM', lkey, 'MAXLEN', max)
    end
  end
end

-- Adds one event to a log at `id` (see after_entry for the rest).
local function add_entry(lkey, ckey, pkey, pending, ref, id, json, token, max)
  redis.call('XADD', lkey, id, 'e', json, 'w', token)
  after_entry(lkey, ckey, pkey, pending, ref, max)
end
