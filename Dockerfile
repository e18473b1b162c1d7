# bwmo production image: gunicorn, non-root, static files collected at build time.
#   docker build -t bwmo .   (see docs/operations.md and docker-compose.yml)

FROM node:22-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY scripts/build_assets.sh scripts/
COPY src/bwmo/static src/bwmo/static
RUN bash scripts/build_assets.sh

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=bwmo.conf.production BWMO_VAR_DIR=/var/lib/bwmo
# WeasyPrint (letters as PDF) needs Pango; pg_dump/psql for scripts/backup.sh.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
      postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin bwmo
WORKDIR /app
COPY requirements/base-lock.txt requirements/base-lock.txt
RUN pip install --require-hashes -r requirements/base-lock.txt
COPY pyproject.toml README.md ./
COPY src src
COPY scripts scripts
COPY --from=assets /build/src/bwmo/static/vendor src/bwmo/static/vendor
RUN pip install --no-deps . \
 && mkdir -p /var/lib/bwmo/static \
 && SECRET_KEY=build-only-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
    DATABASE_URL=postgres://build@localhost/build ALLOWED_HOSTS=build \
    BWMO_BSN_KEY=YnVpbGQtb25seS1rZXktbm90LXVzZWQtYXQtcnVuISE= \
    BWMO_BSN_INDEX_KEY=YnVpbGQtb25seS1rZXktbm90LXVzZWQtYXQtcnVuISE= \
    EMAIL_HOST=localhost DEFAULT_FROM_EMAIL=build@localhost \
    bwmo collectstatic --noinput -v0 \
 && chown -R bwmo:bwmo /var/lib/bwmo
USER bwmo
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/')"
CMD ["gunicorn", "bwmo.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "60", "--access-logfile", "-", "--forwarded-allow-ips", "*"]
