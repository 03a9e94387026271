-- GET /actions/{external_id}: the HTML page of random published actions.
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
  math.randomseed(104729 * (thread_id or 1))
end

function request()
  return wrk.format("GET", "/actions/" .. ids[math.random(#ids)])
end
