# syntax=docker/dockerfile:1
# The orchestrator's one image. The default command runs the worker; docker-compose.yml runs the
# gateway (client/gateway/main.ts) and the provider sandboxes (scripts/sandboxes.ts) from the same
# image with another command. TypeScript runs through tsx, exactly as in `npm start` and `npm test`:
# no compile step whose output could differ from what the tests ran.
#
# Node 20 because @temporalio/* 1.24 needs >= 20.3 and the project's machines run 20.20.2, so this is
# the version the test suite passes on. bookworm-slim (glibc), not alpine: @temporalio/core-bridge
# ships prebuilt glibc binaries only.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=dev: tsx, the Temporal SDK and the providers' libraries are runtime dependencies; the test
# kit, the linters and TypeScript itself are not.
# --ignore-scripts: no dependency needs its install script (esbuild and @swc/core find their
# platform binaries through optional dependencies, which the lockfile lists for every platform),
# and without scripts nothing but registry tarballs is downloaded. The Temporal CLI download of
# scripts/bootstrap.js belongs to `npm start` and never runs here: the app reaches its Temporal
# server over the network.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE}
LABEL org.opencontainers.image.title="temporal-payments" \
      org.opencontainers.image.description="Payment orchestrator on Temporal: worker, gateway and provider sandboxes" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and only readable by the app's user: the running process cannot change its own code.
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
# Everything the three entry points import, as whole folders: providers/ carries non-TypeScript
# files read at run time (the SOAP WSDLs of Assist and mobilPay).
COPY domain ./domain
COPY providers ./providers
COPY workflows ./workflows
COPY activities ./activities
COPY worker ./worker
COPY client ./client
COPY scripts/sandboxes.ts ./scripts/
# The node image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "worker/main.ts"]
