-- GET /api/v1/actions/{external_id} for random published ids.
-- The ids come from the file named by BENCH_IDS (one a line; run.sh writes the
-- published ids of the generated data set there, so every request should be a 200).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local ids = {}

function init(args)
  for line in io.lines(os.getenv("BENCH_IDS")) do
    if line ~= "" then ids[#ids + 1] = line end
  end
  if #ids == 0 then error("no ids in " .. tostring(os.getenv("BENCH_IDS"))) end
  math.randomseed(7919 * (thread_id or 1))
end

function request()
  return wrk.format("GET", "/api/v1/actions/" .. ids[math.random(#ids)])
end
