-- GET /actions/{external_id}: the HTML page of random published actions.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done
request = common.random_ids("/actions/", 104729)
