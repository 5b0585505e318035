// The reservation flow, every 409/422 case and the lifecycle of test/http, run inside workerd on D1.
import '../http/reservations.test.js'
