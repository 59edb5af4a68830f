# formafin serve in a container, on the official Python image.
#   docker build -t formafin .
#   docker run --rm -p 127.0.0.1:8000:8000 formafin
# Inside the container the server listens on 0.0.0.0 (otherwise it could not be reached);
# publish the port on the host's loopback, or behind your reverse proxy.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# The build backend (build_backend/, named by pyproject.toml) and setup.py come along.
COPY pyproject.toml README.md setup.py MANIFEST.in ./
COPY build_backend ./build_backend
COPY src ./src
RUN pip install ".[server]" && useradd --system --uid 10001 --no-create-home formafin

USER formafin
EXPOSE 8000
# FORMAFIN_API_KEY, FORMAFIN_MAX_BODY_BYTES, FORMAFIN_MAX_BATCH_BYTES: see docs/server.md.
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["formafin", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
