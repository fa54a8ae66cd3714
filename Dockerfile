# The WhatsApp ordering assistant (FastAPI + uvicorn).
#   docker build -t cozinha-app .
# Secrets never enter the image: they come from the environment (.env) at run time.

FROM python:3.11-slim-bookworm AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
RUN python -m venv /opt/venv
# Dependencies first, from the lock alone (exact versions, every file's hash checked),
# so code changes reuse this layer. `make lock` rewrites requirements.lock.
COPY requirements.lock ./
RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements.lock
# Then the project itself, built by the locked setuptools and adding no dependency.
COPY pyproject.toml ./
COPY nlu/ nlu/
COPY service/ service/
RUN /opt/venv/bin/pip install --no-cache-dir --no-deps --no-build-isolation .

FROM python:3.11-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    SQLITE_PATH=/data/cozinha.sqlite3 \
    FORWARDED_ALLOW_IPS=127.0.0.1
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /data \
    && chown app:app /data
# The code lives in the venv; /app holds the seed menu the relative paths point at.
COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
COPY data/ data/
COPY deploy/app-entrypoint.sh /usr/local/bin/app-entrypoint.sh
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]
ENTRYPOINT ["app-entrypoint.sh"]
CMD ["python", "-m", "service", "serve"]
