-- wrk script for `python -m benchmarks.webhook --serve PORT`: every request is a new
-- WhatsApp message (new MessageSid), customers walk through a whole order.
-- Usage: wrk -t2 -c8 -d10s -s benchmarks/webhook_wrk.lua http://127.0.0.1:PORT/webhook
local steps = {"oi", "quero 2 feijoadas sem farofa e uma coca lata", "carrinho", "finalizar",
               "Rua das Flores, 123, Centro", "pix", "sim"}
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  counter = counter + 1
  local n = counter
  local step = steps[(n - 1) % #steps + 1]
  local customer = math.floor((n - 1) / #steps)
  local body = "MessageSid=SM" .. tid .. "x" .. n
    .. "&From=" .. encode(string.format("whatsapp:+55%d%08d", 10 + tid, customer))
    .. "&To=" .. encode("whatsapp:+14155238886")
    .. "&Body=" .. encode(step) .. "&NumMedia=0&ProfileName=Cliente"
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
