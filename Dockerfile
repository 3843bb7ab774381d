# syntax=docker/dockerfile:1
# One image for every part of weft: its entrypoint is `weft` (control, proxy, exporter,
# inject, init-iptables, ...). Node.js 24 runs the TypeScript sources as they are (it
# strips the types), so there is no build step: the first stage only installs the
# production dependencies.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
# iptables: `weft init-iptables`, run by the injected init container.
RUN apt-get update \
 && apt-get install -y --no-install-recommends iptables \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
# .dockerignore lets through only package.json and the runtime folders.
COPY . .
# Not root, and nothing is written under / at run time: the image works with
# readOnlyRootFilesystem. Kubernetes' runAsNonRoot needs the numeric UID.
USER 1000:1000
ENTRYPOINT ["node", "/app/bin/weft.js"]
CMD ["--help"]
