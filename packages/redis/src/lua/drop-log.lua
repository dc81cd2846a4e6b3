-- Drops every entry of a log and closes it, so readers still tailing it finish.
-- KEYS[1] log stream, KEYS[2] trim marker. ARGV: ttl ms of the closed, empty log.
redis.call('DEL', KEYS[1], KEYS[2])
end_log(KEYS[1], KEYS[2], tonumber(ARGV[1]))
return 1
