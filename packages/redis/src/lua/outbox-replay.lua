-- Queues a dead letter again at the end of its queue, attempts and age reset. ARGV: id, now
-- (epoch ms), queue bound. Returns 1, 0 when there is no such dead letter, -1 when the queue is
-- full (the dead letter stays).
local id = ARGV[1]
if not redis.call('ZSCORE', DEAD, id) then return 0 end
local q = redis.call('HGET', jkey(id), 'q')
if not q then
  redis.call('ZREM', DEAD, id)
  return 0
end
local len = redis.call('LLEN', qkey(q))
if len >= tonumber(ARGV[3]) then return -1 end
redis.call('ZREM', DEAD, id)
redis.call('HSET', jkey(id), 'a', 0, 'c', ARGV[2], 'e', '')
redis.call('HDEL', jkey(id), 'r', 't')
redis.call('RPUSH', qkey(q), id)
if len == 0 then make_ready(q) end
return 1
