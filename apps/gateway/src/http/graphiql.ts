// GraphiQL served from the gateway's own installed packages: intranets have no CDN.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

const ASSETS: Record<string, { module: string; type: string }> = {
  "react.js": { module: "react/umd/react.production.min.js", type: "text/javascript" },
  "react-dom.js": { module: "react-dom/umd/react-dom.production.min.js", type: "text/javascript" },
  "graphiql.js": { module: "graphiql/graphiql.min.js", type: "text/javascript" },
  "graphiql.css": { module: "graphiql/graphiql.min.css", type: "text/css" },
};

const cache = new Map<string, Buffer>();

export const GRAPHIQL_ASSET_PREFIX = "/graphiql/";

export function graphiqlAsset(name: string): { body: Buffer; type: string } | null {
  const asset = ASSETS[name];
  if (!asset) return null;
  let body = cache.get(name);
  if (!body) {
    // These files are not in the packages' export maps: find each package's folder instead.
    const [packageName, ...path] = asset.module.split("/");
    body = readFileSync(join(dirname(require.resolve(`${packageName}/package.json`)), ...path));
    cache.set(name, body);
  }
  return { body, type: asset.type };
}

const EXAMPLE = `# 东海县 2021 年人口监测指标及各乡镇下钻
# Population indicators of 东海县 for 2021, drilled down to every township.
query CountyDashboard {
  region(code: "320722") {
    name
    indicators(period: "2021") {
      code name value unit numerator denominator
      target { comparator threshold source }
      attainment { attained gap }
    }
    children(first: 50) {
      totalCount
      edges { node { code name indicators(period: "2021") { code value } } }
    }
  }
}
`;

export function graphiqlPage(endpoint: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8" />
  <title>人口监测与家庭发展 GraphQL</title>
  <link rel="icon" href="data:," />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <link rel="stylesheet" href="${GRAPHIQL_ASSET_PREFIX}graphiql.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading…</div>
  <script src="${GRAPHIQL_ASSET_PREFIX}react.js"></script>
  <script src="${GRAPHIQL_ASSET_PREFIX}react-dom.js"></script>
  <script src="${GRAPHIQL_ASSET_PREFIX}graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(EXAMPLE)}, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;
}
