# The jvgraph service of docker-compose.yml: the library, the CLI and the web app.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
COPY graph ./graph
COPY cypher ./cypher
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 --home-dir /data --create-home jvgraph
# runs as an unprivileged user; the embedded store and outputs go to /data
USER jvgraph
WORKDIR /data
EXPOSE 8000
# 0.0.0.0 inside the container only: compose publishes the port on 127.0.0.1
CMD ["jvgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
