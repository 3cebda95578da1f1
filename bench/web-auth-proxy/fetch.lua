-- wrk script: POST /av/v1/digest-vectors:fetch for a random seeded web identity per request.
--
-- Environment:
--   BENCH_FETCH_TOKEN   bearer token of the HSS client (role HSS) (required)
--   BENCH_CREDENTIALS   number of seeded identities per prefix (default 100000)
--   BENCH_FETCH_PREFIXES comma-separated identity prefixes the benchmark seeded (default "a")
--   BENCH_WWSF          WWSF identity (default wwsf.example.com)
-- Identities are "<prefix>-<i, 7 digits>@idp.example.com", as written by bench/common/Bench.java sync.
--
-- done() prints a status-code histogram ("STATUS <code> <count>") for the run script to check.

local token = os.getenv("BENCH_FETCH_TOKEN")
local count = tonumber(os.getenv("BENCH_CREDENTIALS") or "100000")
local wwsf = os.getenv("BENCH_WWSF") or "wwsf.example.com"
local prefixes = {}
for p in string.gmatch(os.getenv("BENCH_FETCH_PREFIXES") or "a", "[^,]+") do
   prefixes[#prefixes + 1] = p
end

local path = "/av/v1/digest-vectors:fetch"
local headers = {
   ["Authorization"] = "Bearer " .. (token or ""),
   ["Content-Type"] = "application/json",
   ["Accept"] = "application/json",
}

local threads = {}
local next_id = 1

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   threads[#threads + 1] = thread
end

function init(args)
   if token == nil or #token < 16 then
      error("BENCH_FETCH_TOKEN is not set")
   end
   math.randomseed(os.time() * 1000 + id)
   statuses = {}
end

function request()
   local prefix = prefixes[math.random(#prefixes)]
   local web = string.format("%s-%07d@idp.example.com", prefix, math.random(0, count - 1))
   local body = '{"webIdentity":"' .. web .. '","wwsfIdentity":"' .. wwsf .. '"}'
   return wrk.format("POST", path, headers, body)
end

function response(status, hdrs, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local total = {}
   for _, thread in ipairs(threads) do
      for code, n in pairs(thread:get("statuses") or {}) do
         total[code] = (total[code] or 0) + n
      end
   end
   for code, n in pairs(total) do
      io.write(string.format("STATUS %d %d\n", code, n))
   end
end
