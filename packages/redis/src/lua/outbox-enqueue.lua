-- Appends a job to its queue. ARGV: queue, id, job JSON, createdAt, attempts, last error JSON,
-- queue bound. Returns 1 when queued (or already queued by a resent command), 0 when full.
local q, id = ARGV[1], ARGV[2]
if redis.call('EXISTS', jkey(id)) == 1 then return 1 end
local len = redis.call('LLEN', qkey(q))
if len >= tonumber(ARGV[7]) then return 0 end
redis.call('HSET', jkey(id), 'q', q, 'b', ARGV[3], 'c', ARGV[4], 'a', ARGV[5], 'e', ARGV[6])
redis.call('RPUSH', qkey(q), id)
-- An empty queue was in no line; a non-empty one already is.
if len == 0 then make_ready(q) end
return 1
