-- GET /api/v1/actions/{external_id} for random published ids (see common.random_ids).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done
request = common.random_ids("/api/v1/actions/", 7919)
