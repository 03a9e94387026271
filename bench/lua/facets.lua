-- GET /api/v1/actions?facets=all&limit=20 (counts for every dimension), unfiltered and
-- with a few filters, rotating.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

PATHS = {
  "/api/v1/actions?facets=all&limit=20",
  "/api/v1/actions?facets=all&limit=20&objective=7",
  "/api/v1/actions?facets=all&limit=20&region=africa",
  "/api/v1/actions?facets=all&limit=20&theme=housing&status=in_progress",
  "/api/v1/actions?facets=all&limit=20&year_from=2020&year_to=2022",
  "/api/v1/actions?facets=all&limit=20&objective=7&region=africa",
  "/api/v1/actions?facets=all&limit=20&q=housing",
  "/api/v1/actions?facets=all&limit=20&kind=practice&sdg=10",
}

request = common.rotate(PATHS)
