# channel-sim in a container: the built package (compiled JavaScript, no TypeScript loader), every
# implemented simulator. Two stages: the first builds the npm package exactly as `npm pack` does
# (prepack compiles dist/), the second installs that package's files with production
# dependencies only, from the lock file.
FROM node:20.19-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json index.ts LICENSE README.md ./
COPY bin ./bin
COPY cli ./cli
COPY clients ./clients
COPY scenarios ./scenarios
COPY simulators ./simulators
RUN npm pack --silent && mkdir /pkg && tar -xzf channel-sim-*.tgz -C /pkg --strip-components=1

FROM node:20.19-bookworm-slim
WORKDIR /app
# Inside a container the simulators must listen on every interface to be reachable through the
# published ports (loopback stays the default everywhere else). The admin API stays
# loopback-only unless SIM_ADMIN_REMOTE=true (then also set SIM_ADMIN_TOKEN: see
# docker-compose.yml). A merchant on the host is not the container's 127.0.0.1: notify URLs go
# to host.docker.internal (docker-compose.yml maps it with extra_hosts: host-gateway).
ENV NODE_ENV=production \
    SIM_HOST=0.0.0.0 \
    SIM_DATA_DIR=/data

# the package's files (bin/, dist/, scenarios/, package.json …) and its production dependencies
COPY --from=build /src/package-lock.json ./
COPY --from=build /pkg ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# generated credentials live in /data (a volume keeps them across container restarts)
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node

# lakala 8101, dsp 8102, unionpay 8103, withhold 8104, lft 8105
EXPOSE 8101 8102 8103 8104 8105

# the health check runs inside the container, so it is a loopback admin client; `channel-sim
# health` reads the same SIM_CHANNELS / SIM_PORT_* / SIM_ADMIN_TOKEN as `start` and is healthy when
# every simulator it started answers (no channel is named here: a new one is checked as it lands).
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "bin/channel-sim.js", "health"]

CMD ["node", "bin/channel-sim.js", "start"]
