// The same tests inside workerd on D1 (reports in miniflare's local R2).
import '../http/orders.test.js'
