-- Appends a job to its queue. ARGV: queue, id, job JSON, createdAt, attempts, last error JSON,
-- queue bound, the event's seq, how long to remember it (ms). Returns 1 when queued (or already
-- queued: by a resent command, or by another reader of the same log), 0 when full.
local q, id, seq = ARGV[1], ARGV[2], tonumber(ARGV[8])
if redis.call('EXISTS', jkey(id)) == 1 then return 1 end
-- A job whose id is derived from its queue and seq (as the handler's log readers make them)
-- is one event of one config's log. Two readers of that log (a resumed one next to the
-- original, or one re-reading after a restart) each offer every event; the first offer of each
-- seq wins, and an event at or below the last one queued counts as queued. That keeps the queue
-- in log order with each event once, even after earlier jobs were delivered and forgotten.
local derived = id == q .. '#' .. ARGV[8]
local lkey = BASE .. ':last:' .. q
if derived then
  local last = redis.call('GET', lkey)
  if last and tonumber(last) >= seq then return 1 end
end
local len = redis.call('LLEN', qkey(q))
if len >= tonumber(ARGV[7]) then return 0 end
redis.call('HSET', jkey(id), 'q', q, 'b', ARGV[3], 'c', ARGV[4], 'a', ARGV[5], 'e', ARGV[6])
redis.call('RPUSH', qkey(q), id)
if derived then redis.call('SET', lkey, ARGV[8], 'PX', ARGV[9]) end
-- An empty queue was in no line; a non-empty one already is.
if len == 0 then make_ready(q) end
return 1
