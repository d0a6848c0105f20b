# flow-sandbox in a container:
#   docker build -t flow-sandbox .
#   docker run -p 8000:8000 -v flow-sandbox-data:/data flow-sandbox
#   docker run -p 8000:8000 flow-sandbox --fixtures fixtures/demo.yaml   # extra serve options
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY sandbox ./sandbox
COPY conformance ./conformance
COPY fixtures ./fixtures
RUN pip install . \
    && useradd --create-home --uid 10001 sandbox \
    && mkdir /data \
    && chown sandbox:sandbox /data

USER sandbox
# The TinyDB file lives here; mount a volume to keep state across containers.
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/_sandbox/health', timeout=2).status != 200)"]

# `docker stop` sends SIGTERM: the server writes its state to /data before it exits.
ENTRYPOINT ["flow-sandbox", "serve", "--host", "0.0.0.0", "--port", "8000", "--db", "/data/db.json"]
CMD []
