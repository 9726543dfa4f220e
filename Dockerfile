# auditor in a container, for CI systems that run images:
#   docker build -t auditor .
#   docker run --rm -v "$PWD:/work" auditor scan articles/ -f json -o reports/audit.json
# The image holds the wheel built from this checkout and its dependencies, and runs as an unprivileged user;
# the compiled copies and the verdict cache go under /work unless told otherwise.
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
