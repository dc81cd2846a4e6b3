-- Refs whose lease ran out by the server's clock. KEYS[1] the lease set. ARGV: batch.
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', server_ms(), 'LIMIT', 0, tonumber(ARGV[1]))
