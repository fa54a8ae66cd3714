-- wrk script of `python -m benchmarks.webhook`: replays pre-signed Twilio webhook requests.
--
-- wrk -t N -c N (one connection per thread, so each thread walks its customers through
-- their orders strictly in turn) -s benchmarks/webhook_wrk.lua URL -- DIR MODE
--   DIR/thread-K.tsv  the requests of thread K: "step<TAB>signature<TAB>form body" per line
--   DIR/expect.tsv    "step<TAB>text" lines: a reply to that step must contain the text
--   MODE              "once": every request is sent once, in order (a new MessageSid each);
--                     "cycle": the requests are sent round and round (for the bare endpoint)
-- A request is advanced past only when its answer arrives, so a reconnect resends the
-- same message (which the service must then answer as a repeated delivery).
-- At the end one line "WRK {json}" sums up every thread.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

function init(args)
  dir, mode = args[1], args[2]
  requests, steps, expect = {}, {}, {}
  for line in io.lines(dir .. "/expect.tsv") do
    local step, text = line:match("^(%d+)\t(.*)$")
    expect[tonumber(step)] = text
    last_step = tonumber(step)
  end
  for line in io.lines(dir .. "/thread-" .. tid .. ".tsv") do
    local step, signature, body = line:match("^(%d+)\t([^\t]*)\t(.*)$")
    local headers = {["Content-Type"] = "application/x-www-form-urlencoded",
                     ["X-Twilio-Signature"] = signature}
    requests[#requests + 1] = wrk.format("POST", nil, headers, body)
    steps[#steps + 1] = tonumber(step)
  end
  index, ok, bad, confirmed, extra = 1, 0, 0, 0, 0
  first_bad = ""
end

function request()
  if index > #requests then
    return requests[#requests]  -- out of prepared messages: counted as extra, never checked
  end
  return requests[index]
end

function response(status, headers, body)
  if index > #requests then
    extra = extra + 1
    return
  end
  local step = steps[index]
  local wanted = (mode == "cycle") and "<Response" or expect[step]
  if status == 200 and body:find(wanted, 1, true) then
    ok = ok + 1
    if mode == "once" and step == last_step then confirmed = confirmed + 1 end
  else
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. body:sub(1, 300) end
  end
  index = index + 1
  if mode == "cycle" and index > #requests then index = 1 end
end

local function json_string(text)
  return '"' .. text:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function done(summary, latency, requests)
  local total = {ok = 0, bad = 0, confirmed = 0, extra = 0}
  local first = ""
  for _, thread in ipairs(threads) do
    for key, _ in pairs(total) do total[key] = total[key] + thread:get(key) end
    if first == "" then first = thread:get("first_bad") end
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, '
    .. '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "status_errors": %d, '
    .. '"timeouts": %d, "ok": %d, "bad": %d, "confirmed": %d, "extra": %d, "first_bad": %s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    total.ok, total.bad, total.confirmed, total.extra, json_string(first)))
end
