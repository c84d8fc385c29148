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

# the health check runs inside the container, so it is a loopback admin client; healthy when the
# simulators it runs answer (whichever of LFT and UnionPay SIM_CHANNELS started)
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD node -e "const h={headers:{'x-admin-token':process.env.SIM_ADMIN_TOKEN||''}};Promise.any([process.env.SIM_PORT_LFT||8105,process.env.SIM_PORT_UNIONPAY||8103].map(p=>fetch('http://127.0.0.1:'+p+'/__admin/health',h).then(r=>r.ok||Promise.reject()))).then(()=>process.exit(0),()=>process.exit(1))"

CMD ["node", "bin/channel-sim.js", "start"]
