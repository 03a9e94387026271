-- Shared by the benchmark scripts: per-thread setup and a machine-readable summary.
-- run.sh sets BENCH_LUA_DIR (to find this file) and BENCH_RESULT (where done() writes).
local M = {}

local counter = 0

-- setup() runs in the main Lua state once per thread: give each thread an id so
-- that its random seed and its starting point in a rotation differ.
function M.setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
end

-- A request() that walks a list of paths round-robin, each thread from its own offset.
-- The requests are formatted once, on the first call (when wrk.host is known).
function M.rotate(paths)
  local i, n, reqs = 0, #paths, nil
  return function()
    if reqs == nil then
      reqs = {}
      for k, p in ipairs(paths) do reqs[k] = wrk.format("GET", p) end
      i = (thread_id or 1) - 1
    end
    i = i + 1
    return reqs[(i % n) + 1]
  end
end

-- A request() for PREFIX .. id, ids drawn at random from the file BENCH_IDS names (run.sh
-- writes the published ids there, so every request should be a 200). Each thread seeds with
-- SEED times its id, so threads ask different ids.
function M.random_ids(prefix, seed)
  local ids = {}
  for line in io.lines(os.getenv("BENCH_IDS")) do
    if line ~= "" then ids[#ids + 1] = line end
  end
  if #ids == 0 then error("no ids in " .. tostring(os.getenv("BENCH_IDS"))) end
  local seeded = false
  return function()
    if not seeded then
      math.randomseed(seed * (thread_id or 1))
      seeded = true
    end
    return wrk.format("GET", prefix .. ids[math.random(#ids)])
  end
end

function M.done(summary, latency, requests)
  local e = summary.errors
  local out = string.format(
    "requests=%d\nduration_us=%d\nrps=%.1f\nbytes=%d\np50_us=%d\np90_us=%d\np99_us=%d\nmax_us=%d\n" ..
    "non2xx=%d\nconnect_errors=%d\nread_errors=%d\nwrite_errors=%d\ntimeouts=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6), summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout)
  local path = os.getenv("BENCH_RESULT")
  local f = path and io.open(path, "w")
  if f then f:write(out); f:close() else io.write(out) end
end

return M
