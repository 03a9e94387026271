-- GET /actions (the HTML list page with every facet counted), rotating over filter sets.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

PATHS = {
  "/actions?objective=7&region=africa",
  "/actions?theme=housing&status=in_progress",
  "/actions?objective=15&objective=16",
  "/actions?region=europe&kind=pledge",
  "/actions?country=CA",
  "/actions?target_group=refugees&year_from=2020&year_to=2023",
  "/actions?q=housing",
  "/actions",
}

request = common.rotate(PATHS)
