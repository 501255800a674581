// Bundles the UI into dist/ (index.html, app.js, app.css): run by scripts/setup.sh.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';

const here = new URL('.', import.meta.url).pathname;
await mkdir(`${here}dist`, { recursive: true });
await build({
  entryPoints: { app: `${here}src/main.js` },
  bundle: true,
  minify: true,
  sourcemap: false,
  target: ['chrome100', 'firefox100', 'edge100'],
  outdir: `${here}dist`,
  legalComments: 'linked',
  logLevel: 'warning',
});
await copyFile(`${here}index.html`, `${here}dist/index.html`);
