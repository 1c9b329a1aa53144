-- wrk script of scripts/bench. BENCH_TOKEN is the API token; BENCH_MODE=post-lead sends a new
-- lead per request (BENCH_RUN keeps the e-mails of different runs apart). Every answer other
-- than a 2xx is counted; done() prints one JSON object.
local token = os.getenv("BENCH_TOKEN") or ""
local mode = os.getenv("BENCH_MODE") or "get"
local run = os.getenv("BENCH_RUN") or "0"
local threads = {}
counter = 0
non2xx = 0

function setup(thread)
    table.insert(threads, thread)
    thread:set("thread_number", #threads)
end

function init(args)
    if token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
    if mode == "post-lead" then
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
    end
end

function request()
    if mode == "post-lead" then
        counter = counter + 1
        local n = run .. "-" .. thread_number .. "-" .. counter
        local body = string.format(
            '{"topic":"wrk lead %s","lastName":"Wrk %s","companyName":"Wrk company %s","email":"wrk.%s@wrk-%s.example"}',
            n, n, n, n, n)
        return wrk.format(nil, nil, nil, body)
    end
    return wrk.format()
end

function response(status, headers, body)
    if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
    local bad = 0
    for _, thread in ipairs(threads) do bad = bad + (thread:get("non2xx") or 0) end
    local errors = summary.errors
    local seconds = summary.duration / 1e6
    io.write(string.format(
        '{"requests":%d,"seconds":%.3f,"requests_per_s":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"non_2xx":%d,"socket_errors":%d}\n',
        summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        bad, errors.connect + errors.read + errors.write + errors.timeout))
end
