-- Closes a log (idempotent). KEYS[1] log stream, KEYS[2] trim marker. ARGV: ttl ms after the end.
end_log(KEYS[1], KEYS[2], tonumber(ARGV[1]))
return 1
