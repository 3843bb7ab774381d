// npm run dashboards: writes dashboards/<name>.json from dashboards/src/.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DASHBOARDS, renderDashboard } from './src/index.ts';

for (const def of DASHBOARDS) {
  const file = fileURLToPath(new URL(`${def.name}.json`, import.meta.url));
  writeFileSync(file, renderDashboard(def.build()));
  process.stdout.write(`wrote ${file}\n`);
}
