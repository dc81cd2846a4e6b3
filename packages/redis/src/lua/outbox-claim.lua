-- Claims up to `limit` queue heads. ARGV: now (epoch ms), limit, visibility timeout (ms),
-- token base. Returns ms until the next retry is due and until the next claim runs out (-1 when
-- none), then per job: id, claim token, job JSON, createdAt, attempts, last error JSON.
local now, limit, vis, token = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local t = server_ms()
local woke = false

-- Retries that are due join the back of the line.
for _, q in ipairs(redis.call('ZRANGEBYSCORE', DUE, '-inf', now, 'LIMIT', 0, 1000)) do
  redis.call('ZREM', DUE, q)
  redis.call('RPUSH', READY, q)
end
-- Claims nobody renewed (their instance stopped) go to the front: they waited longest.
for _, q in ipairs(redis.call('ZRANGEBYSCORE', CLAIMED, '-inf', t, 'LIMIT', 0, 1000)) do
  redis.call('ZREM', CLAIMED, q)
  redis.call('HDEL', CLAIMS, q)
  if redis.call('LLEN', qkey(q)) > 0 then
    redis.call('LPUSH', READY, q)
    woke = true
  end
end

local out = { -1, -1 }
local n = 0
while n < limit do
  local q = redis.call('LPOP', READY)
  if not q then break end
  local head = redis.call('LINDEX', qkey(q), 0)
  -- An entry that is no longer true (emptied, claimed, waiting) is dropped: the invariant keeps
  -- those from arising, this keeps a broken one from handing a job out twice.
  if head and redis.call('HEXISTS', CLAIMS, q) == 0 and not redis.call('ZSCORE', DUE, q) then
    local f = redis.call('HMGET', jkey(head), 'b', 'c', 'a', 'e')
    if f[1] then
      n = n + 1
      local tok = token .. ':' .. n
      redis.call('HSET', CLAIMS, q, tok)
      redis.call('ZADD', CLAIMED, t + vis, q)
      for _, v in ipairs({ head, tok, f[1], f[2], f[3], f[4] or '' }) do out[#out + 1] = v end
    else
      -- A head without its job cannot be sent; drop it so the rest of the queue moves.
      pop_head(q)
    end
  end
end

-- Others may help with what is left in line.
if woke or (n > 0 and redis.call('LLEN', READY) > 0) then redis.call('PUBLISH', WAKE, '1') end

local nd = redis.call('ZRANGE', DUE, 0, 0, 'WITHSCORES')
if nd[2] then out[1] = math.max(0, tonumber(nd[2]) - now) end
local nc = redis.call('ZRANGE', CLAIMED, 0, 0, 'WITHSCORES')
if nc[2] then out[2] = math.max(0, tonumber(nc[2]) - t) end
return out
