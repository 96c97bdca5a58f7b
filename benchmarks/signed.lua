-- wrk script: POST /webhook with pre-signed deliveries, each thread its own share of them.
-- Arguments (after `--`): the file of "signature<TAB>body" lines, and the number of threads.
-- `done` prints one line for benchmarks/wrk.py to read.

local requests = {}
local next_index = 0

function setup(thread)
  thread:set("id", setup_count or 0)
  setup_count = (setup_count or 0) + 1
end

function init(args)
  local threads = tonumber(args[2])
  local line_number = 0
  for line in io.lines(args[1]) do
    if line_number % threads == id then
      local signature, body = line:match("^([^\t]+)\t(.*)$")
      requests[#requests + 1] = wrk.format("POST", "/webhook",
        {["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = signature}, body)
    end
    line_number = line_number + 1
  end
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status,
    latency:percentile(50), latency:percentile(99)))
end
