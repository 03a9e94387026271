-- GET /api/v1/actions with a page of 20, rotating over filter combinations.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

PATHS = {
  "/api/v1/actions?objective=7&region=africa&limit=20",
  "/api/v1/actions?theme=housing&status=in_progress&limit=20",
  "/api/v1/actions?sdg=10.7&kind=pledge&limit=20",
  "/api/v1/actions?target_group=refugees&year_from=2020&year_to=2023&limit=20",
  "/api/v1/actions?region=europe&theme=education,employment-livelihoods&limit=20",
  "/api/v1/actions?subregion=sub-saharan-africa&objective=15,16&limit=20",
  "/api/v1/actions?principle=3&gcr_objective=2&limit=20",
  "/api/v1/actions?country=CA&limit=20",
  "/api/v1/actions?sdg=16&status=completed&sort=-start&limit=20",
  "/api/v1/actions?objective=1&sort=title&limit=20",
  "/api/v1/actions?region=019&kind=practice&target_group=women&limit=20",
  "/api/v1/actions?limit=20",
}

request = common.rotate(PATHS)
