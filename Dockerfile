# channel-sim in a container: every implemented simulator, run from TypeScript sources with tsx
# (a runtime dependency, so `npm ci --omit=dev` keeps it; vitest, pact and typescript stay out).
FROM node:20-slim

WORKDIR /app
# Inside a container the simulators must listen on every interface to be reachable through the
# published ports. The admin API stays loopback-only unless SIM_ADMIN_REMOTE=true (then also set
# SIM_ADMIN_TOKEN: see docker-compose.yml).
ENV NODE_ENV=production \
    SIM_HOST=0.0.0.0 \
    SIM_DATA_DIR=/data

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY bin ./bin
COPY cli ./cli
COPY clients ./clients
COPY scenarios ./scenarios
COPY simulators ./simulators

# generated credentials live in /data (a volume keeps them across container restarts)
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node

# lakala 8101, dsp 8102, unionpay 8103, withhold 8104, lft 8105
EXPOSE 8101 8102 8103 8104 8105

# the health check runs inside the container, so it is a loopback admin client; `channel-sim
# health` reads the same SIM_CHANNELS / SIM_PORT_* / SIM_ADMIN_TOKEN as `start` and is healthy when
# every simulator it started answers (no channel is named here: a new one is checked as it lands).
# The CLI compiles TypeScript at each start (~2 s on a small machine), hence the timeout.
HEALTHCHECK --interval=15s --timeout=10s --start-period=20s --retries=3 \
  CMD ["node", "bin/channel-sim.js", "health"]

CMD ["node", "bin/channel-sim.js", "start"]
