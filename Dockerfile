# The jvgraph service of docker-compose.yml: the library, the CLI and the web app.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
COPY graph ./graph
COPY cypher ./cypher
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["jvgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
