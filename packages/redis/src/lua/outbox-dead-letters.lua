-- The dead letters, oldest first: per job id, job JSON, createdAt, attempts, last error JSON,
-- reason, time.
local out = {}
for _, id in ipairs(redis.call('ZRANGE', DEAD, 0, -1)) do
  local f = redis.call('HMGET', jkey(id), 'b', 'c', 'a', 'e', 'r', 't')
  if f[1] then
    for _, v in ipairs({ id, f[1], f[2], f[3], f[4] or '', f[5] or '', f[6] or '0' }) do
      out[#out + 1] = v
    end
  end
end
return out
