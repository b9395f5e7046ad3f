FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# var/media exists in the image so that the hub-media volume starts owned by hub.
RUN useradd --create-home hub && mkdir -p /app/var/media && chown -R hub /app
USER hub
EXPOSE 8000
