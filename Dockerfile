# syntax=docker/dockerfile:1
# Lotse in a container: compiled once with tsc, run by node directly (no npm, no tsx) as the unprivileged user
# `node`. scripts/container-check.ts performs the runtime stage's steps without Docker (CI runs it).
ARG NODE_IMAGE=node:20-bookworm-slim

# 1. build: every dependency, the generated Prisma clients (postinstall), then src/ compiled to dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# 2. deps: production dependencies only (better-sqlite3 falls back to compiling when no prebuilt binary fits).
FROM ${NODE_IMAGE} AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
ENV HOST=0.0.0.0
ENV PORT=3000
ENV DATABASE_URL=file:/data/lotse.db
ENV LOTSE_PLAYGROUND=off
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json LICENSE ./
COPY bin ./bin
COPY locales ./locales
COPY prisma/sqlite/migrations ./prisma/sqlite/migrations
COPY prisma/postgresql/migrations ./prisma/postgresql/migrations
RUN mkdir -p /data && chown node:node /data && ln -s /app/bin/lotse.js /usr/local/bin/lotse
USER node
VOLUME /data
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The node flags of `npm start` (package.json; a test keeps them equal). node is PID 1 and receives SIGTERM itself.
CMD ["node", "--max-semi-space-size=2", "--max-old-space-size=256", "--v8-pool-size=2", "--optimize-for-size", "dist/app/main.js"]
