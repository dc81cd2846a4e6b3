-- Extends the leases of running executions. KEYS[1] the lease set. ARGV: lease ms, refs...
local until_ms = server_ms() + tonumber(ARGV[1])
for i = 2, #ARGV do
  redis.call('ZADD', KEYS[1], until_ms, ARGV[i])
end
return #ARGV - 1
