"""`publiccode-check serve`: the validation service (an API, a web page, README badges).

Imported only by that command (`cli/serve.py`), with the `serve` extra installed:

    app.py        the Starlette application: routes, refusals as RFC 9457 problems
    jobs.py       what a worker (../workers.py) runs: one validation; warm.py: what the workers preload
    answers.py    the validation answer (the reference API's fields, then ours) and `Refusal`
    limits.py     rate per client, room in the queue, body size and time
    remote.py     the URL mode, through vet's fetcher and the network client's guard
    badge.py      README badges and the verdicts kept for them
    page.py       the web page (templates in ../web)
    accesslog.py  one JSON line per request
    settings.py   every limit, with safe defaults
    openapi.json  the API's description (OpenAPI 3.1), served at /openapi.json
"""
