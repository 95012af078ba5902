-- wrk script: each request posts a new comment through the article's form,
-- as a reader's browser would send it. bench/run.py sets:
--   BENCH_POST_PATH    the form's action
--   BENCH_POST_FIELDS  the form's other fields, urlencoded (xtd's timestamp
--                      and security hash, the empty honeypot, …)
--   BENCH_REFERER      the article's address (the Origin/Referer check)
--   BENCH_MARKER       a word every text carries, to count what was stored
-- Each request comes from its own address in 198.18.0.0/15 (RFC 2544's
-- benchmark block) through the trusted X-Forwarded-For header, so the
-- per-address rate limit does not cap the figure. Nothing is sent there.
local path = os.getenv("BENCH_POST_PATH")
local fields = os.getenv("BENCH_POST_FIELDS")
local referer = os.getenv("BENCH_REFERER")
local marker = os.getenv("BENCH_MARKER")

local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  accepted = 0
  refused = 0
end

function request()
  n = n + 1
  local serial = tid * 1000000 + n
  local address = string.format("198.18.%d.%d", math.floor(serial / 250) % 256, serial % 250 + 1)
  local body = fields ..
    "&comment=Benchmark+comment+" .. marker .. "-" .. serial .. "%3A+the+pass+reopened+and+the+lorries+moved+again." ..
    "&name=Reader+" .. serial .. "&email=reader-" .. marker .. "-" .. serial .. "%40example.org&url="
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Referer"] = referer,
    ["X-Forwarded-For"] = address,
  }, body)
end

function response(status, headers, body)
  if status == 303 then accepted = accepted + 1 else refused = refused + 1 end
end

function done(summary, latency, requests)
  local a, r = 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("accepted")
    r = r + thread:get("refused")
  end
  io.write(string.format("BENCH_POSTS {\"accepted\": %d, \"refused\": %d}\n", a, r))
end
