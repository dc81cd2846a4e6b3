-- Drops up to a batch of tasks past their retention. KEYS[1] the ended set.
-- ARGV: root, now, batch. Returns how many went.
return sweep_ended(ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
