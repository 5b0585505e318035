import '../http/stats.test.js'
