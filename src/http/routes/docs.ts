import { Hono } from 'hono'
import type { AppEnv } from '../env.js'

/** Serves a static asset of the API reference UI by file name, or null; provided by each runtime. */
export type AssetLoader = (name: string) => Promise<{ body: Uint8Array; contentType: string } | null>

const DOCS_ASSETS = ['swagger-ui-bundle.js', 'swagger-ui.css'] as const

// Swagger UI loads its script and style from this app, never from a CDN: the platform must work offline.
const docsPage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>甬舟仪享 API v1</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`

const initScript = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });`

export const docsRoutes = (assets: AssetLoader) =>
  new Hono<AppEnv>()
    .get('/docs', (c) => c.html(docsPage))
    .get('/docs/init.js', (c) => c.body(initScript, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))
    .get('/docs/assets/:name', async (c) => {
      const name = c.req.param('name')
      const asset = (DOCS_ASSETS as readonly string[]).includes(name) ? await assets(name) : null
      if (!asset) return c.notFound()
      return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': asset.contentType,
        'Cache-Control': 'public, max-age=86400',
      })
    })
