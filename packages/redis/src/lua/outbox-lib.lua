-- Helpers of the push outbox scripts, prepended after lib.lua. KEYS[1] is the outbox's base key
-- (`{prefix}:outbox`); every other key is derived from it, so all of them share its slot.
--
--   <base>:q:<queue>  list    job ids of one config's queue, head first
--   <base>:job:<id>   hash    q queue, b job JSON (without the fields below), c createdAt,
--                             a attempts, e last error as JSON ('' when none),
--                             r reason and t time once dead-lettered
--   <base>:ready      list    queues whose head may be claimed now, in turn order
--   <base>:due        zset    queues whose head waits for a retry, by notBefore (epoch ms)
--   <base>:claimed    zset    queues whose head is claimed, by claim expiry (Redis time, ms)
--   <base>:claims     hash    queue -> token of the claim on its head
--   <base>:dead       zset    dead-lettered job ids, by dead-letter order
--   <base>:deadseq    string  the counter behind that order
--   <base>:last:<queue> string the seq of the last log event queued for the config (expires)
--   <base>:wake       channel published whenever a queue joins the ready line
--
-- A queue with jobs is in exactly one of ready, due and claimed; an empty queue in none.

local BASE = KEYS[1]
local READY, DUE, CLAIMED, CLAIMS = BASE .. ':ready', BASE .. ':due', BASE .. ':claimed',
  BASE .. ':claims'
local DEAD, DEADSEQ, WAKE = BASE .. ':dead', BASE .. ':deadseq', BASE .. ':wake'

local function qkey(q) return BASE .. ':q:' .. q end
local function jkey(id) return BASE .. ':job:' .. id end

-- Puts a queue at the back of the ready line and tells every instance.
local function make_ready(q)
  redis.call('RPUSH', READY, q)
  redis.call('PUBLISH', WAKE, '1')
end

-- True when `id` heads queue `q` and the caller may settle it: it holds the claim (`token`),
-- or nobody does (its claim ran out and it waits in line again, so it leaves the line).
-- Ends the claim. False when the job moved on or another instance claimed it since.
local function settle(q, id, token)
  if redis.call('LINDEX', qkey(q), 0) ~= id then return false end
  local claim = redis.call('HGET', CLAIMS, q)
  if claim then
    if claim ~= token then return false end
    redis.call('HDEL', CLAIMS, q)
    redis.call('ZREM', CLAIMED, q)
  else
    redis.call('ZREM', DUE, q)
    redis.call('LREM', READY, 0, q)
  end
  return true
end

-- Drops a queue's head; the next job, if any, lines up.
local function pop_head(q)
  redis.call('LPOP', qkey(q))
  if redis.call('LLEN', qkey(q)) > 0 then make_ready(q) end
end

-- Adds a job to the dead letters, dropping the oldest beyond `max`.
local function add_dead(id, max)
  redis.call('ZADD', DEAD, redis.call('INCR', DEADSEQ), id)
  local over = redis.call('ZCARD', DEAD) - max
  if over > 0 then
    local gone = redis.call('ZPOPMIN', DEAD, over)
    for i = 1, #gone, 2 do redis.call('DEL', jkey(gone[i])) end
  end
end
