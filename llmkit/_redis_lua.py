"""The Lua scripts ``RedisBackend`` runs: each counting step is one script, atomic in Redis.

Times come from the Redis server's clock (``TIME``), so replicas whose clocks differ still count
one window. Amounts are integers (tokens, pico-dollars) added with ``INCRBY``: exact.
"""

from __future__ import annotations

__all__: list[str] = []

_NOW = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
"""

# KEYS: log (zset ticket -> admitted ms), tokens (hash ticket -> tokens), total, leases (zset ticket
# -> expiry ms), paused-until. ARGV: ticket, tokens, requests, token limit, concurrent (-1: none),
# window ms, lease ms. Returns 0 when admitted, else the milliseconds to wait.
ACQUIRE = (
    _NOW
    + """
local ticket, tokens = ARGV[1], tonumber(ARGV[2])
local requests, token_limit, concurrent = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local window, lease = tonumber(ARGV[6]), tonumber(ARGV[7])
local cutoff = now - window
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', cutoff)
if #expired > 0 then
  local freed = 0
  for _, id in ipairs(expired) do
    local used = redis.call('HGET', KEYS[2], id)
    if used then
      freed = freed + tonumber(used)
      redis.call('HDEL', KEYS[2], id)
    end
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', cutoff)
  redis.call('DECRBY', KEYS[3], freed)
end
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
local paused = tonumber(redis.call('GET', KEYS[5]) or '0')
if paused > now then
  return paused - now
end
local wait = 0
if requests >= 0 and redis.call('ZCARD', KEYS[1]) >= requests then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  wait = math.max(wait, tonumber(oldest[2]) + window - now)
end
local total = tonumber(redis.call('GET', KEYS[3]) or '0')
if token_limit >= 0 and total + tokens > token_limit then
  local freed, until_ms = 0, window
  local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
  for i = 1, #entries, 2 do
    freed = freed + tonumber(redis.call('HGET', KEYS[2], entries[i]) or '0')
    if total - freed + tokens <= token_limit then
      until_ms = tonumber(entries[i + 1]) + window - now
      break
    end
  end
  wait = math.max(wait, until_ms)
end
if concurrent >= 0 and redis.call('ZCARD', KEYS[4]) >= concurrent then
  wait = math.max(wait, 20)
end
if wait > 0 then
  return wait
end
redis.call('ZADD', KEYS[1], now, ticket)
redis.call('HSET', KEYS[2], ticket, tokens)
redis.call('INCRBY', KEYS[3], tokens)
for i = 1, 3 do
  redis.call('PEXPIRE', KEYS[i], window * 2)
end
if concurrent >= 0 then
  redis.call('ZADD', KEYS[4], now + lease, ticket)
  redis.call('PEXPIRE', KEYS[4], lease * 2)
end
return 0
"""
)

# KEYS: log. ARGV: ticket. The request has reached the provider (its answer has begun): its place
# in the window counts from now, so that the window never closes before the provider's does.
STAMP = (
    _NOW
    + """
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
return 0
"""
)

# KEYS: log, tokens, total. ARGV: ticket, tokens used.
CORRECT = """
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  local estimated = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  redis.call('INCRBY', KEYS[3], tonumber(ARGV[2]) - estimated)
end
return 0
"""

# KEYS: paused-until. ARGV: milliseconds.
PAUSE = (
    _NOW
    + """
local until_ms = now + tonumber(ARGV[1])
if until_ms > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], until_ms, 'PX', tonumber(ARGV[1]) + 1000)
end
return 0
"""
)

# KEYS: per bucket spent, reservations (hash ticket -> amount), their expiries (zset). ARGV:
# ticket, amount, lease ms, then per bucket its limit and the seconds its counters are kept (0:
# for ever). Returns nil when reserved, else {index of the refusing bucket, what it has used}.
RESERVE = (
    _NOW
    + """
local buckets = #KEYS / 3
local ticket, amount, lease = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
for i = 0, buckets - 1 do
  local spent, held, expiry = KEYS[3 * i + 1], KEYS[3 * i + 2], KEYS[3 * i + 3]
  local gone = redis.call('ZRANGEBYSCORE', expiry, '-inf', now)
  for _, id in ipairs(gone) do
    redis.call('HDEL', held, id)
  end
  redis.call('ZREMRANGEBYSCORE', expiry, '-inf', now)
  local used = tonumber(redis.call('GET', spent) or '0')
  for _, value in ipairs(redis.call('HVALS', held)) do
    used = used + tonumber(value)
  end
  local limit = tonumber(ARGV[4 + 2 * i])
  if used >= limit or used + amount > limit then
    return {i, used}
  end
end
for i = 0, buckets - 1 do
  redis.call('HSET', KEYS[3 * i + 2], ticket, amount)
  redis.call('ZADD', KEYS[3 * i + 3], now + lease, ticket)
  local keep = tonumber(ARGV[5 + 2 * i])
  if keep > 0 then
    redis.call('EXPIRE', KEYS[3 * i + 2], keep)
    redis.call('EXPIRE', KEYS[3 * i + 3], keep)
  end
end
return nil
"""
)

# KEYS: the ticket's charged marker, then per bucket spent, reservations, expiries. ARGV: amount,
# ticket, seconds to remember the marker, then per bucket the seconds its counters are kept.
# A ticket already charged is not charged again: a charge replayed after an outage counts once.
CHARGE = """
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', tonumber(ARGV[3])) then
  return 0
end
for i = 0, (#KEYS - 1) / 3 - 1 do
  local spent, held, expiry = KEYS[3 * i + 2], KEYS[3 * i + 3], KEYS[3 * i + 4]
  redis.call('HDEL', held, ARGV[2])
  redis.call('ZREM', expiry, ARGV[2])
  redis.call('INCRBY', spent, ARGV[1])
  local keep = tonumber(ARGV[4 + i])
  if keep > 0 then
    redis.call('EXPIRE', spent, keep)
  end
end
return 1
"""

# KEYS: per bucket reservations, expiries. ARGV: ticket.
UNRESERVE = """
for i = 0, #KEYS / 2 - 1 do
  redis.call('HDEL', KEYS[2 * i + 1], ARGV[1])
  redis.call('ZREM', KEYS[2 * i + 2], ARGV[1])
end
return 0
"""
