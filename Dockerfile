# auditor in a container, for CI systems that run images:
#   docker build -t auditor .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" auditor scan articles/ -f json -o reports/audit.json
# The image holds the wheel built from this checkout and its dependencies, and runs as an unprivileged user
# (uid 10001; --user as above lets it write reports into a folder you own). The verdict cache of --resolve is
# .auditor-cache.sqlite in the working folder (/work, so it stays with your files between runs); the compiled
# copies that speed up start-up go to /home/auditor/.cache/auditor, and are rebuilt when that cannot be written.
FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
RUN python -m pip install --no-cache-dir --disable-pip-version-check build \
 && python -m build --wheel --outdir /dist .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 auditor
COPY --from=build /dist/*.whl /tmp/
RUN python -m pip install --no-cache-dir --disable-pip-version-check /tmp/*.whl && rm /tmp/*.whl
USER auditor
WORKDIR /work
ENV AUDITOR_CACHE_DIR=/home/auditor/.cache/auditor
ENTRYPOINT ["auditor"]
CMD ["--help"]
