import { defineConfig } from "vite";

// The page is built into the Python package, which serves it with the API.
export default defineConfig({
  root: ".",
  base: "/",
  build: {
    outDir: "../src/axiswatch/interfaces/static",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
