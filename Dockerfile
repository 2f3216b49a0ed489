# One image, both roles (API/WebSocket and worker); `surge start` runs them together.
# Node 20: the newest Node our uWebSockets.js build (20.30) has a native binary for; on Node 22+ it
# would fall back to a JavaScript emulation the server refuses (docs/runtime.md). Keep it equal to .nvmrc.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json /app/surge.config.yaml ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/wallboard/dist ./wallboard/dist
COPY --from=build /app/rules ./rules
COPY --from=build /app/alerts ./alerts
EXPOSE 8080
CMD ["node", "dist/surge/main.js", "start"]
