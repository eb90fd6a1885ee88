import { fileURLToPath, URL } from "node:url";
import vue from "@vitejs/plugin-vue";
import AutoImport from "unplugin-auto-import/vite";
import { ElementPlusResolver } from "unplugin-vue-components/resolvers";
import Components from "unplugin-vue-components/vite";
import { defineConfig } from "vitest/config";

// The same path map as the gateway (deploy/local/gateway.conf.template), for `npm run dev`
// against services started by ./dev up.
const SERVICES = { intake: 8001, dispatch: 8002, deadline: 8003, callback: 8004, supervision: 8005 };
const proxy = Object.fromEntries(
  Object.entries(SERVICES).map(([name, port]) => [
    `/api/${name}/`,
    {
      target: `http://127.0.0.1:${port}`,
      rewrite: (path: string) => path.slice(`/api/${name}`.length),
    },
  ]),
);

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: only the components and services a page uses, with their CSS.
    AutoImport({ resolvers: [ElementPlusResolver()], dts: "src/auto-imports.d.ts" }),
    Components({ dirs: [], resolvers: [ElementPlusResolver()], dts: "src/components.d.ts" }),
  ],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  server: { host: "127.0.0.1", proxy },
  build: {
    target: "es2022",
    // ECharts with zrender is one ~500 kB chunk (about 175 kB gzipped); it loads only with a
    // screen that draws a chart, after that screen's content.
    chunkSizeWarningLimit: 560,
  },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
