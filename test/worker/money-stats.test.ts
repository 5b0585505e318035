// DOMAIN.md "Money" on D1 inside workerd: the shared test file of test/http, run again.
import '../http/money-stats.test.js'
