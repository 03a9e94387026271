-- GET /api/v1/actions?q=... (full-text search), rotating over words of the generator's
-- vocabulary: frequent and rare words, two-word queries (every word must match),
-- prefixes (the last word also matches as a prefix) and accented / unaccented forms.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

PATHS = {
  "/api/v1/actions?q=housing&limit=20",
  "/api/v1/actions?q=interpreter&limit=20",
  "/api/v1/actions?q=montreal&limit=20",
  "/api/v1/actions?q=Montr%C3%A9al&limit=20",
  "/api/v1/actions?q=vocational+training&limit=20",
  "/api/v1/actions?q=integr&limit=20",
  "/api/v1/actions?q=resilience&limit=20",
  "/api/v1/actions?q=scholarships&limit=20",
  "/api/v1/actions?q=bogota&limit=20",
  "/api/v1/actions?q=legal+identity&limit=20",
  "/api/v1/actions?q=midwives&limit=20",
  "/api/v1/actions?q=safeguarding+children&limit=20",
}

request = common.rotate(PATHS)
