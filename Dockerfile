# flow-sandbox in a container (README.md, "Docker"):
#   docker build -t flow-sandbox .
#   docker run -p 8000:8000 -v flow-sandbox-data:/data flow-sandbox
#   docker run -p 8000:8000 flow-sandbox --fixtures fixtures/demo.yaml   # extra serve options
# podman: `podman build --format docker -t flow-sandbox .` (the OCI format drops HEALTHCHECK).
# Without Docker Hub, any image with python3.11 and its venv module can be the base:
#   docker build --build-arg BASE_IMAGE=localhost/debian-python:bookworm -t flow-sandbox .

# Python 3.11: the version constraints.txt was tested with.
ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PATH=/opt/flow-sandbox/bin:$PATH
# A venv works on any base: Debian's own python3 refuses pip installs outside one (PEP 668).
RUN python3 -m venv /opt/flow-sandbox

# The dependency list alone, so editing pyproject.toml elsewhere (a version, a ruff rule)
# leaves the dependency layer below cached: COPY --from compares contents.
FROM base AS requirements
COPY pyproject.toml /tmp/
RUN python3 -c "import tomllib; \
print('\n'.join(tomllib.load(open('/tmp/pyproject.toml', 'rb'))['project']['dependencies']))" \
    > /tmp/requirements.txt

# The project as a wheel, built apart so no source tree reaches the image.
FROM base AS wheel
RUN python3 -m venv /opt/build && /opt/build/bin/pip install --quiet "setuptools>=77" wheel
WORKDIR /src
COPY pyproject.toml README.md ./
COPY sandbox ./sandbox
COPY conformance ./conformance
RUN /opt/build/bin/pip wheel --quiet --no-deps --no-build-isolation --wheel-dir /dist .

FROM base
# Dependencies first, at the tested versions: an edit to the sources rebuilds only the
# small layers after this one.
COPY --from=requirements /tmp/requirements.txt /tmp/deps/
COPY constraints.txt /tmp/deps/
RUN pip install --quiet -c /tmp/deps/constraints.txt -r /tmp/deps/requirements.txt \
    && rm -rf /tmp/deps

RUN useradd --create-home --uid 10001 --user-group sandbox \
    && mkdir /data \
    && chown sandbox:sandbox /data

# The working directory holds only the demo fixtures, so `--fixtures fixtures/demo.yaml`
# works as it does in a checkout.
WORKDIR /usr/share/flow-sandbox
# fixtures/demo.yaml in a checkout is a link to the packaged file: copy the file itself.
COPY sandbox/fixtures/demo.yaml fixtures/

# The image's settings come before the project's layers, so a source edit leaves them cached.
# The TinyDB file lives in /data; mount a volume to keep state across containers. The
# directory must be writable by uid 10001 (README.md says how for a bind mount).
VOLUME ["/data"]
# serve reads its port from this variable, and the health check probes the port served
# (this variable, or a --port given to the image), so changing one never breaks the other.
ENV FLOW_SANDBOX_PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
    CMD ["python", "-m", "sandbox.healthcheck"]
# `docker stop` sends SIGTERM: the server writes its state to /data before it exits.
ENTRYPOINT ["flow-sandbox", "serve", "--host", "0.0.0.0", "--db", "/data/db.json"]
CMD []

# The project last: pip check proves the dependency layer satisfies the wheel's requirements.
COPY --from=wheel /dist /tmp/dist
RUN pip install --quiet --no-deps /tmp/dist/*.whl && pip check && rm -rf /tmp/dist
USER sandbox
