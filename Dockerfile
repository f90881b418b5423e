# publiccode-check serve in a container: the validation API, its web page and badges.
# Not built in CI (no container engine there). From a clone of this repository:
#   docker build -t publiccode-check .
#   docker run --rm -p 8000:8000 publiccode-check
# Settings are options or PUBLICCODE_CHECK_* variables (README, "Validation service"), e.g.
#   docker run --rm -p 8000:8000 -e PUBLICCODE_CHECK_WORKERS=4 -e PUBLICCODE_CHECK_RATE=30 publiccode-check
FROM python:3.12-slim

WORKDIR /app
# only what the package is built from (a wheel with its schema, templates and assets)
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY publiccode_check ./publiccode_check
RUN pip install --no-cache-dir '.[serve]' && rm -rf /app/*

# no root, no home to write to but the cache of the network checks
RUN useradd --create-home --uid 10001 checker
USER checker
WORKDIR /home/checker

# every interface of the container; a reverse proxy in front may be trusted with
# PUBLICCODE_CHECK_TRUSTED_PROXIES so that the rate limit sees the real clients
ENV PUBLICCODE_CHECK_HOST=0.0.0.0 \
    PYTHONUNBUFFERED=1
EXPOSE 8000
# SIGTERM (docker stop): no new connections, the requests under way finish, then exit
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/status', timeout=4)"
CMD ["publiccode-check", "serve"]
