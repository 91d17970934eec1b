-- Herald's cluster-wide presence on Redis (cluster.RedisMemberTable). One script, run atomically by Redis: every step
-- below sees and leaves the table whole, so two nodes racing on one user cannot both tell a join, or both a leave.
-- Every real change is published from inside the step, on <prefix>presence, so every node hears the changes in the
-- one order Redis applied them. Times are Redis's own (TIME): the nodes' clocks do not matter.
-- ARGV[1] the operation, ARGV[2] the key prefix, ARGV[3] the calling node; then the operation's arguments.
-- Keys (built here from the arguments: Herald's Redis is one primary, not a Redis Cluster):
--   presence:nodes            zset  node -> the ms its lease runs out
--   presence:pending          zset  [tenant, scope, user] -> the ms its grace runs out (its last connection closed)
--   presence:m:<len>:<tenant>:<scope>              hash  user -> meta (JSON): the scope's members
--   presence:d:<len>:<tenant>:<len>:<scope>:<user> hash  <node>:<connection> -> 1: the member's devices
--   presence:n:<node>         set   [tenant, scope, user, connection]: what the node holds, removed when it dies
-- The scope "" is the tenant as a whole (its online users): a room name is never empty.
local op, prefix, node = ARGV[1], ARGV[2], ARGV[3]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local NODES = prefix .. 'presence:nodes'
local PENDING = prefix .. 'presence:pending'
local CHANNEL = prefix .. 'presence'

local function membersKey(t, s)
  return prefix .. 'presence:m:' .. #t .. ':' .. t .. ':' .. s
end

local function devicesKey(t, s, u)
  return prefix .. 'presence:d:' .. #t .. ':' .. t .. ':' .. #s .. ':' .. s .. ':' .. u
end

local function nodeKey(n)
  return prefix .. 'presence:n:' .. n
end

local function tell(kind, t, s, u, meta)
  redis.call('PUBLISH', CHANNEL, cjson.encode({ o = node, k = kind, t = t, s = s, u = u, m = meta }))
end

local function enter(t, s, u, c, meta)
  redis.call('HSET', devicesKey(t, s, u), node .. ':' .. c, '1')
  redis.call('SADD', nodeKey(node), cjson.encode({ t, s, u, c }))
  redis.call('ZREM', PENDING, cjson.encode({ t, s, u }))
  if redis.call('HSETNX', membersKey(t, s), u, meta) == 1 then
    tell('join', t, s, u, meta)
    return 1
  end
  return 0
end

local function leave(t, s, u)
  if redis.call('HDEL', membersKey(t, s), u) == 1 then
    tell('leave', t, s, u, nil)
  end
end

-- Takes connection c of node owner out; its user leaves at once (grace <= 0) or is pending when it was the last.
local function exit(t, s, u, c, grace, owner)
  local d = devicesKey(t, s, u)
  if redis.call('HDEL', d, owner .. ':' .. c) == 0 then
    return 0
  end
  redis.call('SREM', nodeKey(owner), cjson.encode({ t, s, u, c }))
  if redis.call('EXISTS', d) == 1 then
    return 0
  end
  if grace <= 0 then
    leave(t, s, u)
    return 0
  end
  redis.call('ZADD', PENDING, now + grace, cjson.encode({ t, s, u }))
  return 1
end

local function due(limit)
  local list = redis.call('ZRANGEBYSCORE', PENDING, '-inf', now, 'LIMIT', 0, limit)
  for _, p in ipairs(list) do
    redis.call('ZREM', PENDING, p)
    local e = cjson.decode(p)
    if redis.call('EXISTS', devicesKey(e[1], e[2], e[3])) == 0 then
      leave(e[1], e[2], e[3])
    end
  end
  return #list
end

-- Every entry of node n goes; its last members leave after grace (0: at once); n holds no lease after.
local function drop(n, grace)
  for _, x in ipairs(redis.call('SMEMBERS', nodeKey(n))) do
    local e = cjson.decode(x)
    exit(e[1], e[2], e[3], e[4], grace, n)
  end
  redis.call('DEL', nodeKey(n))
  redis.call('ZREM', NODES, n)
end

if op == 'add' then
  if not redis.call('ZSCORE', NODES, node) then
    return -1
  end
  return enter(ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8])
elseif op == 'remove' then
  return exit(ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8]), node)
elseif op == 'due' then
  return due(tonumber(ARGV[4]))
elseif op == 'renew' then
  local held = redis.call('ZSCORE', NODES, node)
  redis.call('ZADD', NODES, now + tonumber(ARGV[4]), node)
  if held then
    return 1
  end
  return 0
elseif op == 'resync' then
  local grace = tonumber(ARGV[4])
  local want = {}
  for i = 5, #ARGV, 5 do
    want[cjson.encode({ ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3] })] = i
  end
  for _, x in ipairs(redis.call('SMEMBERS', nodeKey(node))) do
    if want[x] == nil then
      local e = cjson.decode(x)
      exit(e[1], e[2], e[3], e[4], grace, node)
    end
  end
  for _, i in pairs(want) do
    enter(ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4])
  end
  return 0
elseif op == 'sweep' then
  local dead = redis.call('ZRANGEBYSCORE', NODES, '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
  for _, n in ipairs(dead) do
    drop(n, 0)
  end
  due(tonumber(ARGV[4]))
  return #dead
elseif op == 'release' then
  drop(node, tonumber(ARGV[4]))
  return 0
elseif op == 'members' then
  local all = redis.call('HGETALL', membersKey(ARGV[4], ARGV[5]))
  local out = {}
  for i = 1, #all, 2 do
    out[#out + 1] = all[i]
    out[#out + 1] = all[i + 1]
    out[#out + 1] = tostring(redis.call('HLEN', devicesKey(ARGV[4], ARGV[5], all[i])))
  end
  return out
end
return redis.error_reply('unknown presence operation ' .. tostring(op))
