-- wrk script for POST /jobs: every request enqueues a new job (generated id).
wrk.method = "POST"
wrk.body = '{"function":"noop","args":{"n":1}}'
wrk.headers["Content-Type"] = "application/json"
